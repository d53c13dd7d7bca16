"""Van werk naar werk: the leaver's pseudonymous candidate profile and the proposals of
candidates to refill requests.

A profile never holds the name, date of birth, personnel number or the former employer: only
what the AD approved. The link to the person runs through the notice, which the WSP and other
employers cannot open.
"""
from __future__ import annotations

from datetime import date, datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import Column, ForeignKey, Index, Numeric, String, Table, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.extensions import db
from portal.models.employment import Employment
from portal.models.notice import ContractEndNotice
from portal.models.refill import RefillRequest
from portal.models.region import Region
from portal.models.search_terms import SEARCH_TERMS_LOADING, terms_of
from portal.models.types import UTCDateTime, utcnow
from portal.models.user import User

PROFILE_JOB_COACH = {
    "none": _l("Geen jobcoach nodig"),
    "internal": _l("Interne jobcoach"),
    "external": _l("Externe jobcoach"),
}

# How the AD learned that the person agrees to share a profile with the WSP.
CONSENT_METHODS = {
    "in_person": _l("In een gesprek"),
    "phone": _l("Telefonisch"),
    "written": _l("Schriftelijk of per e-mail"),
}

POOL_STATES = ("published", "claimed")  # in the region's pool, visible to its advisers
OPEN_PROPOSAL_STATES = ("proposed", "introduction", "trial_placement")

profile_regions = Table(
    "candidate_profile_regions",
    db.metadata,
    Column("profile_id", ForeignKey("candidate_profiles.id", ondelete="CASCADE"), primary_key=True),
    Column("region_id", ForeignKey("regions.id"), primary_key=True, index=True),
)


class CandidateProfile(db.Model):
    """A leaver in the region's pool, under a pseudonym code."""

    __tablename__ = "candidate_profiles"
    __table_args__ = (Index("ix_candidate_profiles_status_available", "status", "available_from"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(12), unique=True)
    notice_id: Mapped[int] = mapped_column(ForeignKey("contract_end_notices.id"), unique=True)
    status: Mapped[str] = mapped_column(String(20), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # Published: the date by which an adviser should pick the candidate up.
    response_due: Mapped[date | None] = mapped_column(index=True)
    created_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    claimed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)

    available_from: Mapped[date]
    hours_wanted: Mapped[float] = mapped_column(Numeric(4, 1))
    suitable_work: Mapped[str] = mapped_column(Text, default="")
    strengths: Mapped[str] = mapped_column(Text, default="")
    adaptations: Mapped[str] = mapped_column(Text, default="")
    # What the matching compares, written by the database with the row (models/search_terms.py);
    # loaded only when read (lists of profiles do not need them).
    work_terms: Mapped[str | None] = mapped_column(Text, terms_of("suitable_work"), **SEARCH_TERMS_LOADING)
    adaptation_terms: Mapped[str | None] = mapped_column(Text, terms_of("adaptations"), **SEARCH_TERMS_LOADING)
    job_coach: Mapped[str] = mapped_column(String(10), default="none")
    travel: Mapped[str] = mapped_column(String(200), default="")
    summary: Mapped[str] = mapped_column(Text, default="")

    notice: Mapped[ContractEndNotice] = relationship()
    created_by: Mapped[User] = relationship(foreign_keys=[created_by_id])
    claimed_by: Mapped[User | None] = relationship(foreign_keys=[claimed_by_id])
    regions: Mapped[list[Region]] = relationship(secondary=profile_regions, order_by=Region.code)

    @property
    def job_coach_label(self) -> str:
        return PROFILE_JOB_COACH.get(self.job_coach, "")

    @property
    def in_pool(self) -> bool:
        return self.status in POOL_STATES


class Proposal(db.Model):
    """A candidate proposed to a refill request: a pool profile, or an outside candidate
    described without a name."""

    __tablename__ = "proposals"
    __table_args__ = (
        UniqueConstraint("refill_id", "profile_id"),
        Index("ix_proposals_refill_created", "refill_id", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    refill_id: Mapped[int] = mapped_column(ForeignKey("refill_requests.id"))
    profile_id: Mapped[int | None] = mapped_column(ForeignKey("candidate_profiles.id"), index=True)
    outside_description: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(20), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # Proposed: the date by which the employer should answer.
    response_due: Mapped[date | None]
    proposed_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    note: Mapped[str] = mapped_column(Text, default="")

    rejected_reason: Mapped[str] = mapped_column(Text, default="")
    rejected_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    # The person's agreement to this one introduction, recorded by the AD.
    introduction_consent_date: Mapped[date | None]
    introduction_consent_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    start_date: Mapped[date | None]
    hired_hours: Mapped[float | None] = mapped_column(Numeric(4, 1))
    hired_contract_type: Mapped[str | None] = mapped_column(String(20))
    new_employment_id: Mapped[int | None] = mapped_column(ForeignKey("employments.id"))

    refill: Mapped[RefillRequest] = relationship()
    profile: Mapped[CandidateProfile | None] = relationship()
    proposed_by: Mapped[User] = relationship(foreign_keys=[proposed_by_id])
    rejected_by: Mapped[User | None] = relationship(foreign_keys=[rejected_by_id])
    introduction_consent_by: Mapped[User | None] = relationship(foreign_keys=[introduction_consent_by_id])
    new_employment: Mapped[Employment | None] = relationship()

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_PROPOSAL_STATES

    @property
    def is_outside(self) -> bool:
        return self.profile_id is None
