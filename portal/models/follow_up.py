from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.extensions import db
from portal.models.notice import ContractEndNotice
from portal.models.types import UTCDateTime, utcnow
from portal.models.user import User


class FollowUpTask(db.Model):
    """Nazorg: "Heeft <naam> werk gevonden?", asked of the AD some months after a job ended
    without a new one. Its states and deadline are FOLLOW_UP_WORKFLOW's."""

    __tablename__ = "follow_up_tasks"
    __table_args__ = (
        # The AD's inbox: open tasks that are due to be asked, nearest deadline first.
        Index("ix_follow_up_tasks_status_opens_on", "status", "opens_on"),
        Index("ix_follow_up_tasks_employee_status", "employee_id", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    notice_id: Mapped[int] = mapped_column(ForeignKey("contract_end_notices.id"), index=True)
    # Copied from the employment, whose employee never changes: the AD's inbox reaches its open
    # nazorg questions from the caseload in one index range instead of through every contract (issue 21).
    employee_id: Mapped[int] = mapped_column(ForeignKey("employees.id"))
    status: Mapped[str] = mapped_column(String(20))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    months_after_end: Mapped[int]
    opens_on: Mapped[date]  # the question is asked from this day on
    response_due: Mapped[date | None] = mapped_column(index=True)

    next_step: Mapped[str] = mapped_column(Text, default="")  # "not yet": what happens next, and when
    next_step_date: Mapped[date | None]
    stop_reason: Mapped[str] = mapped_column(Text, default="")  # "no follow-up needed"
    answered_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    notice: Mapped[ContractEndNotice] = relationship()
    answered_by: Mapped[User | None] = relationship()

    @property
    def is_open(self) -> bool:
        return self.status == "open"
