from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.extensions import db
from portal.models.employment import Employment
from portal.models.organisation import Organisation
from portal.models.types import UTCDateTime, utcnow
from portal.models.user import User


class NoticeDraft(db.Model):
    """A notice being written: only its own organisation sees it; UWV and the WSP never do."""

    __tablename__ = "notice_drafts"

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    employment_id: Mapped[int] = mapped_column(ForeignKey("employments.id"), unique=True)
    data: Mapped[str] = mapped_column(Text)  # the form as typed, JSON
    created_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    updated_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)

    organisation: Mapped[Organisation] = relationship()
    employment: Mapped[Employment] = relationship()
    updated_by: Mapped[User] = relationship(foreign_keys=[updated_by_id])


class Message(db.Model):
    """One message in the thread of a notice or refill request: the record, never edited or deleted."""

    __tablename__ = "messages"
    __table_args__ = (Index("ix_messages_subject", "subject_type", "subject_id", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    subject_type: Mapped[str] = mapped_column(String(20))  # "notice" or "refill"
    subject_id: Mapped[int]
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    author: Mapped[User] = relationship()


class MessageRead(db.Model):
    """How far a user has read a thread: the unread counts come from this."""

    __tablename__ = "message_reads"
    __table_args__ = (UniqueConstraint("user_id", "subject_type", "subject_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    subject_type: Mapped[str] = mapped_column(String(20))
    subject_id: Mapped[int]
    last_read_message_id: Mapped[int] = mapped_column(Integer, default=0)
