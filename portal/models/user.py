from __future__ import annotations

from datetime import date, datetime

from flask_babel import lazy_gettext as _l
from flask_login import UserMixin
from sqlalchemy import Boolean, Column, ForeignKey, Index, Integer, String, Table, UniqueConstraint, false, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.extensions import db
from portal.models.organisation import Organisation
from portal.models.region import Region
from portal.models.types import UTCDateTime, utcnow

ROLES = {
    "employer": _l("Werkgever"),
    "wsp": _l("Adviseur Werkgeversservicepunt"),
    "ad": _l("Arbeidsdeskundige UWV"),
    "admin": _l("Functioneel beheer"),
    "jobcoach": _l("Jobcoach"),
}

# Who else appears in the access log without being a user: the employee on their own page.
OTHER_ACTORS = {"employee": _l("Werknemer")}


# Actors in the logs that are not a role of a user: a system using the API (issue 20).
OTHER_ACTORS = {"api_client": _l("Koppeling (API)")}


def role_label(role: str) -> str:
    """The role's name for people (also the templates' `role_label` filter)."""
    return ROLES.get(role) or OTHER_ACTORS.get(role, role)

USER_STATES = {
    "active": _l("Actief"), "invited": _l("Uitgenodigd"), "disabled": _l("Uitgezet"),
    "awaiting_approval": _l("Wacht op goedkeuring"),
}
# The password hash of an invited user who has not chosen a password yet: no password matches it.
NO_PASSWORD = ""  # not a secret: the absence of one  # nosec B105

user_regions = Table(
    "user_regions",
    db.Model.metadata,
    Column("user_id", Integer, ForeignKey("users.id", ondelete="CASCADE"), primary_key=True),
    Column("region_id", Integer, ForeignKey("regions.id", ondelete="CASCADE"), primary_key=True),
    # Coordinators hear of escalations: refill requests nobody claimed in time.
    Column("is_coordinator", Boolean, nullable=False, default=False, server_default=false()),
)


class User(UserMixin, db.Model):
    __tablename__ = "users"
    # One portal account per person at an OpenID provider (issue 19).
    __table_args__ = (
        UniqueConstraint("oidc_issuer", "oidc_subject", name="uq_users_oidc_identity"),
        # Addresses are looked up case-blind: every queued e-mail asks for its recipients'
        # language (notifications/outbox.py), which read the whole users table (issue 21).
        Index("ix_users_email_lower", text("lower(email)")),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    name: Mapped[str] = mapped_column(String(160))
    phone: Mapped[str] = mapped_column(String(40), default="")
    role: Mapped[str] = mapped_column(String(20))
    organisation_id: Mapped[int | None] = mapped_column(ForeignKey("organisations.id"), index=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    # Part of the login cookie; bumping it ends every session of this user (TRAPS 1).
    session_version: Mapped[int] = mapped_column(Integer, default=1)
    is_enabled: Mapped[bool] = mapped_column(default=True)
    # An employer user who may invite and deactivate colleagues of the same organisation.
    is_organisation_admin: Mapped[bool] = mapped_column(default=False, server_default=false())
    # Federated login: the provider's issuer and subject once linked. An employer account made
    # by a first eHerkenning login waits for the organisation administrator's approval.
    oidc_issuer: Mapped[str | None] = mapped_column(String(255))
    oidc_subject: Mapped[str | None] = mapped_column(String(255))
    awaiting_approval: Mapped[bool] = mapped_column(default=False, server_default=false())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_login_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    password_changed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Brute force: consecutive wrong passwords (raised atomically), then a lock.
    failed_logins: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    locked_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Two-factor login (TOTP). The last used time step refuses a code used before.
    totp_secret: Mapped[str | None] = mapped_column(String(64))
    totp_last_step: Mapped[int | None] = mapped_column(Integer)
    totp_failures: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    totp_locked_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # The interface language this user chose (portal.language.LANGUAGES); Dutch unless changed.
    language: Mapped[str] = mapped_column(String(5), default="nl", server_default="nl")
    # An AD's absence (both days included): meanwhile the backup owns new work (caseload/responsibility.py).
    # One period at a time: the AD replaces or ends it on /account/afwezigheid.
    absent_from: Mapped[date | None]
    # Indexed: "who is away today" is asked on every employer dashboard (issue 21).
    absent_until: Mapped[date | None] = mapped_column(index=True)
    # An AD's team lead (an AD user, set by an admin): hears of deadlines the backup missed too.
    team_lead_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)

    organisation: Mapped[Organisation | None] = relationship(foreign_keys=[organisation_id])
    regions: Mapped[list[Region]] = relationship(secondary=user_regions, order_by=Region.code)
    team_lead: Mapped[User | None] = relationship(remote_side="User.id", foreign_keys=[team_lead_id])

    @property
    def is_active(self) -> bool:  # Flask-Login refuses inactive users
        return self.is_enabled and not self.awaiting_approval

    def get_id(self) -> str:
        return f"{self.id}:{self.session_version}"

    def is_absent_on(self, day: date) -> bool:
        return (self.absent_from is not None and self.absent_until is not None
                and self.absent_from <= day <= self.absent_until)

    @property
    def role_label(self) -> str:
        return role_label(self.role)

    @property
    def has_password(self) -> bool:
        """False for an invited user who has not set a password yet (no hash matches "")."""
        return self.password_hash != NO_PASSWORD

    @property
    def status(self) -> str:
        if not self.is_enabled:
            return "disabled"
        if self.awaiting_approval:
            return "awaiting_approval"
        # A person who logs in through an OpenID provider needs no password of ours.
        return "active" if self.has_password or self.oidc_subject is not None else "invited"

    @property
    def status_label(self) -> str:
        return USER_STATES[self.status]

    def __repr__(self) -> str:
        return f"<User {self.email} {self.role}>"


class RecoveryCode(db.Model):
    """One-time codes for when the authenticator app is lost; only their hashes are kept."""

    __tablename__ = "recovery_codes"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    code_hash: Mapped[str] = mapped_column(String(64))
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class PasswordResetToken(db.Model):
    """A single-use, short-lived link to set a new password; only the token's hash is kept."""

    __tablename__ = "password_reset_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
