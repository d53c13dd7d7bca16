"""The employee's own way in ("Mijn overdracht"): a personal link plus a code, and their own words."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.extensions import db
from portal.models.notice import ContractEndNotice
from portal.models.types import UTCDateTime, utcnow


class EmployeeAccessLink(db.Model):
    """One personal link (and code) for the employee of a notice. Only hashes of the link's token
    and of the code are stored; `seed` lets the server print them again (see employee_access)."""

    __tablename__ = "employee_access_links"

    id: Mapped[int] = mapped_column(primary_key=True)
    notice_id: Mapped[int] = mapped_column(ForeignKey("contract_end_notices.id"), index=True)
    seed: Mapped[str] = mapped_column(String(64))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    code_hash: Mapped[str] = mapped_column(String(255))
    failed_attempts: Mapped[int] = mapped_column(Integer, default=0)
    blocked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Replaced by a newer link (the AD issued one): this one no longer opens anything.
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    last_login_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    notice: Mapped[ContractEndNotice] = relationship()

    @property
    def is_blocked(self) -> bool:
        return self.blocked_at is not None


class EmployeeStatement(db.Model):
    """The employee's own wishes or corrections: their text, never edited, never the employer's."""

    __tablename__ = "employee_statements"

    id: Mapped[int] = mapped_column(primary_key=True)
    notice_id: Mapped[int] = mapped_column(ForeignKey("contract_end_notices.id"), index=True)
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
