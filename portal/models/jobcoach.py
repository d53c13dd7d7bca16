"""The job coach as a user (issue 16.2): which employments a coach coaches, the concern signals
they send the AD, their own notes on a notice, and the AD's job-finding assignments to them."""
from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from flask_babel import lazy_gettext as _l
from sqlalchemy import ForeignKey, Numeric, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.extensions import db
from portal.models.employment import Employment
from portal.models.notice import ContractEndNotice
from portal.models.types import UTCDateTime, utcnow
from portal.models.user import User

COACH_KINDS = {"external": _l("Externe jobcoach"), "internal": _l("Interne jobcoach")}

CONCERN_KINDS = {
    "not_going_well": _l("Het gaat niet goed op het werk"),
    "may_not_renew": _l("Het contract wordt misschien niet verlengd"),
}

JOB_FINDING_RESULTS = {"found": _l("Ja, er is passend werk gevonden"), "not_found": _l("Nee, geen passend werk gevonden")}


class JobCoachLink(db.Model):
    """A job coach (a user with role jobcoach) who coaches one employment; a coach may coach several."""

    __tablename__ = "employment_job_coaches"
    __table_args__ = (UniqueConstraint("employment_id", "coach_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    employment_id: Mapped[int] = mapped_column(ForeignKey("employments.id"), index=True)
    coach_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    kind: Mapped[str] = mapped_column(String(10))  # COACH_KINDS
    organisation_name: Mapped[str] = mapped_column(String(160), default="")  # the external coach's firm
    invited_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    employment: Mapped[Employment] = relationship()
    coach: Mapped[User] = relationship(foreign_keys=[coach_id])

    @property
    def kind_label(self) -> str:
        return str(COACH_KINDS.get(self.kind, self.kind))


class ConcernSignal(db.Model):
    """"Zorgen-signaal": the coach tells the AD that things are not going well. States and deadline
    are CONCERN_WORKFLOW's."""

    __tablename__ = "concern_signals"

    id: Mapped[int] = mapped_column(primary_key=True)
    employment_id: Mapped[int] = mapped_column(ForeignKey("employments.id"), index=True)
    coach_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    kind: Mapped[str] = mapped_column(String(20))  # CONCERN_KINDS
    text: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(20))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    response_due: Mapped[date | None] = mapped_column(index=True)
    response: Mapped[str] = mapped_column(Text, default="")
    handled_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    employment: Mapped[Employment] = relationship()
    coach: Mapped[User] = relationship(foreign_keys=[coach_id])
    handled_by: Mapped[User | None] = relationship(foreign_keys=[handled_by_id])

    @property
    def kind_label(self) -> str:
        return str(CONCERN_KINDS.get(self.kind, self.kind))

    @property
    def is_open(self) -> bool:
        return self.status == "open"


class CoachNote(db.Model):
    """The coach's own handover note on a notice; the AD reads it under the notes' consent rule."""

    __tablename__ = "coach_notes"

    id: Mapped[int] = mapped_column(primary_key=True)
    notice_id: Mapped[int] = mapped_column(ForeignKey("contract_end_notices.id"), index=True)
    coach_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    text: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    coach: Mapped[User] = relationship()


class JobFindingAssignment(db.Model):
    """The plan "Jobfinding door de jobcoach": the AD names the coach, hours and period; the coach
    accepts and records the result. States are JOB_FINDING_WORKFLOW's."""

    __tablename__ = "job_finding_assignments"

    id: Mapped[int] = mapped_column(primary_key=True)
    notice_id: Mapped[int] = mapped_column(ForeignKey("contract_end_notices.id"), index=True)
    coach_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    hours: Mapped[Decimal] = mapped_column(Numeric(5, 1))
    start_date: Mapped[date]
    end_date: Mapped[date]
    status: Mapped[str] = mapped_column(String(20))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    response_due: Mapped[date | None]
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    result_note: Mapped[str] = mapped_column(Text, default="")

    notice: Mapped[ContractEndNotice] = relationship()
    coach: Mapped[User] = relationship(foreign_keys=[coach_id])
