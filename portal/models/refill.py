from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import ForeignKey, Index, Numeric, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.extensions import db
from portal.models.notice import ContractEndNotice
from portal.models.organisation import Location, Organisation
from portal.models.region import Region
from portal.models.search_terms import SEARCH_TERMS_LOADING, terms_of
from portal.models.types import UTCDateTime, utcnow
from portal.models.user import User

OPEN_REFILL_STATES = ("open", "claimed", "candidates_proposed")


class RefillRequest(db.Model):
    """The freed job, routed to the WSP of the workplace's region.

    Holds the job, never the departing person: no name, no notes, no link to the employee
    other than through the notice, which WSP advisers cannot open.
    """

    __tablename__ = "refill_requests"
    __table_args__ = (
        Index("ix_refill_requests_region_status_created", "region_id", "status", "created_at"),
        # The orders of the list pages (employer, admin, a region's closed requests): see bench/explain.py.
        Index("ix_refill_requests_organisation_created", "organisation_id", "created_at"),
        Index("ix_refill_requests_region_created", "region_id", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    notice_id: Mapped[int] = mapped_column(ForeignKey("contract_end_notices.id"), unique=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    location_id: Mapped[int] = mapped_column(ForeignKey("locations.id"))
    # Empty when the workplace has no region: an admin must route it.
    region_id: Mapped[int | None] = mapped_column(ForeignKey("regions.id"))
    contact_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    status: Mapped[str] = mapped_column(String(20), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    # The date by which the current step is due; set by the workflow on every state entry.
    response_due: Mapped[date | None] = mapped_column(index=True)

    job_title: Mapped[str] = mapped_column(String(160))
    hours_per_week: Mapped[float] = mapped_column(Numeric(4, 1))
    tasks: Mapped[str] = mapped_column(Text, default="")
    requirements: Mapped[str] = mapped_column(Text, default="")
    adaptations: Mapped[str] = mapped_column(Text, default="")
    # What the matching compares, written by the database with the row (models/search_terms.py);
    # loaded only when read (lists of requests do not need them).
    job_terms: Mapped[str | None] = mapped_column(Text, terms_of("job_title || ' ' || tasks"), **SEARCH_TERMS_LOADING)
    adaptation_terms: Mapped[str | None] = mapped_column(Text, terms_of("adaptations"), **SEARCH_TERMS_LOADING)
    wanted_start_date: Mapped[date | None]

    claimed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    candidates_note: Mapped[str] = mapped_column(Text, default="")
    filled_date: Mapped[date | None]
    # Filled by a hire of a proposal (a pool candidate or an outside one), not by hand.
    filled_from_pool: Mapped[bool] = mapped_column(default=False)
    not_filled_reason: Mapped[str] = mapped_column(Text, default="")

    notice: Mapped[ContractEndNotice] = relationship(back_populates="refill_request")
    organisation: Mapped[Organisation] = relationship()
    location: Mapped[Location] = relationship()
    region: Mapped[Region | None] = relationship()
    contact: Mapped[User] = relationship(foreign_keys=[contact_id])
    claimed_by: Mapped[User | None] = relationship(foreign_keys=[claimed_by_id])

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_REFILL_STATES

    @property
    def needs_routing(self) -> bool:
        return self.region_id is None and self.is_open
