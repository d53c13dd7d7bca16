from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.extensions import db
from portal.models.employment import Employment
from portal.models.notice import ContractEndNotice
from portal.models.types import UTCDateTime, utcnow
from portal.models.user import User

# An open question waits for the AD or is being talked through; the others are done.
OPEN_QUESTION_STATES = ("open", "answered")


class EarlyQuestion(db.Model):
    """"Ik twijfel": the employer asks the AD to think along before deciding about a contract.
    Not a notice: no refill request, nothing for the WSP. Its states and deadline are
    QUESTION_WORKFLOW's; it may become a notice later (notice_id)."""

    __tablename__ = "early_questions"
    __table_args__ = (
        # One open question per employment, enforced by the database too.
        Index(
            "uq_early_questions_open_employment",
            "employment_id",
            unique=True,
            sqlite_where=db.text("status IN ('open', 'answered')"),
            postgresql_where=db.text("status IN ('open', 'answered')"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    employment_id: Mapped[int] = mapped_column(ForeignKey("employments.id"), index=True)
    asked_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    status: Mapped[str] = mapped_column(String(20))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    response_due: Mapped[date | None] = mapped_column(index=True)

    worry: Mapped[str] = mapped_column(Text)
    decision_date: Mapped[date]  # when the employer has to decide
    notice_id: Mapped[int | None] = mapped_column(ForeignKey("contract_end_notices.id"))

    employment: Mapped[Employment] = relationship()
    asked_by: Mapped[User] = relationship()
    notice: Mapped[ContractEndNotice | None] = relationship()

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_QUESTION_STATES
