from __future__ import annotations

from datetime import date, datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.extensions import db
from portal.models.employment import Employment
from portal.models.types import UTCDateTime, utcnow
from portal.models.user import User

PROMPT_STATES = {"open": _l("Open"), "renewed": _l("Wordt verlengd"), "notice_filed": _l("Melding gedaan")}


class ContractEndPrompt(db.Model):
    """"This temporary contract ends within three months: will it be renewed?" Once per end date."""

    __tablename__ = "contract_end_prompts"
    __table_args__ = (
        UniqueConstraint("employment_id", "end_date"),
        # Open questions, nearest end date first: the dashboard's and the inbox's tasks.
        Index("ix_contract_end_prompts_status_end", "status", "end_date", "id"),
        Index("ix_contract_end_prompts_employee_status", "employee_id", "status"),
        # The employer's dashboard: its open questions, nearest end date first, in one index range.
        Index("ix_contract_end_prompts_organisation_status_end", "organisation_id", "status", "end_date", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    employment_id: Mapped[int] = mapped_column(ForeignKey("employments.id"))
    # Copied from the employment, whose employee never changes: the AD's inbox reaches its open
    # questions from the caseload in one index range instead of through every contract (issue 21).
    employee_id: Mapped[int] = mapped_column(ForeignKey("employees.id"))
    # The employee's organisation, copied likewise (an employee record never changes employer).
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"))
    end_date: Mapped[date]
    status: Mapped[str] = mapped_column(String(20), default="open", index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    answered_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    employment: Mapped[Employment] = relationship()
    answered_by: Mapped[User | None] = relationship()


class JobMark(db.Model):
    """A unique key per piece of scheduled work done (a reminder, an escalation): never twice."""

    __tablename__ = "job_marks"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(200), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
