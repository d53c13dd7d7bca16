from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.extensions import db
from portal.models.types import UTCDateTime, utcnow
from portal.models.user import User


class WorkflowEvent(db.Model):
    """One transition of a notice or refill request: who, when, from, to. Append-only."""

    __tablename__ = "workflow_events"
    __table_args__ = (
        Index("ix_workflow_events_subject", "subject_type", "subject_id", "id"),
        # The insights select steps by kind and period.
        Index("ix_workflow_events_action_time", "subject_type", "action", "created_at", "subject_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    subject_type: Mapped[str] = mapped_column(String(20))
    subject_id: Mapped[int]
    action: Mapped[str] = mapped_column(String(30))
    from_state: Mapped[str | None] = mapped_column(String(20))
    to_state: Mapped[str] = mapped_column(String(20))
    # Empty for the system (scheduled jobs).
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    note: Mapped[str] = mapped_column(Text, default="")
    # The deadline that was running when this step was taken: "in time?" for the insights.
    due_before: Mapped[date | None]
    # An escalation to a person: whom it named. The access rules let a team lead open what was
    # escalated to them (auth/permissions.py), so this is a column, not only the note's text.
    escalated_to_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)

    actor: Mapped[User | None] = relationship(foreign_keys=[actor_id])
