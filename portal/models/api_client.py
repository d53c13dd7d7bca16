"""Systems that use the API (issue 20): a UWV planning system, a WSP's CRM, an employer's HR system.

A client acts within a scope, like a user within a role: one organisation, one or more regions,
or UWV nationally; and per resource it may read or also write.
"""
from __future__ import annotations

from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import JSON, Column, ForeignKey, Integer, String, Table
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.extensions import db
from portal.models.organisation import Organisation
from portal.models.region import Region
from portal.models.types import UTCDateTime, utcnow

API_SCOPE_KINDS = {
    "organisation": _l("Eén werkgever"),
    "regions": _l("Eén of meer regio's (Werkgeversservicepunt)"),
    "national": _l("UWV landelijk"),
}
# What a client may do with a resource; "write" includes reading.
API_ACCESS_LEVELS = {"read": _l("Lezen"), "write": _l("Lezen en wijzigen")}
API_RESOURCES = {
    "assignments": _l("Toewijzing arbeidsdeskundige"),
    "employments": _l("Dienstverbanden"),
    "notices": _l("Meldingen einde contract"),
    "refill_requests": _l("Vervullingsverzoeken"),
    "pool": _l("Kandidatenpool"),
}

api_client_regions = Table(
    "api_client_regions",
    db.Model.metadata,
    Column("api_client_id", Integer, ForeignKey("api_clients.id", ondelete="CASCADE"), primary_key=True),
    Column("region_id", Integer, ForeignKey("regions.id", ondelete="CASCADE"), primary_key=True),
)


class ApiClient(db.Model):
    __tablename__ = "api_clients"

    id: Mapped[int] = mapped_column(primary_key=True)
    # The OAuth 2 client_id: random and public, so the row id is never guessed from it.
    client_key: Mapped[str] = mapped_column(String(40), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    scope_kind: Mapped[str] = mapped_column(String(20))  # a key of API_SCOPE_KINDS
    organisation_id: Mapped[int | None] = mapped_column(ForeignKey("organisations.id"), index=True)
    # {resource: "read" | "write"}; a resource not named is refused.
    permissions: Mapped[dict[str, str]] = mapped_column(JSON, default=dict)
    is_active: Mapped[bool] = mapped_column(default=True)
    # Part of every access token; bumping it ends all tokens at once (deactivation, revoked secret).
    token_version: Mapped[int] = mapped_column(Integer, default=1)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    organisation: Mapped[Organisation | None] = relationship(foreign_keys=[organisation_id])
    regions: Mapped[list[Region]] = relationship(secondary=api_client_regions, order_by=Region.code)
    secrets: Mapped[list[ApiClientSecret]] = relationship(
        back_populates="client", order_by="ApiClientSecret.id", cascade="all, delete-orphan")

    def access(self, resource: str) -> str | None:
        """'read', 'write' or None for the resource."""
        level = (self.permissions or {}).get(resource)
        return level if level in API_ACCESS_LEVELS else None

    @property
    def scope_label(self) -> str:
        return API_SCOPE_KINDS.get(self.scope_kind, self.scope_kind)

    def __repr__(self) -> str:
        return f"<ApiClient {self.client_key} {self.name}>"


class ApiClientSecret(db.Model):
    """A client secret, kept only as a hash. After a rotation the old one works until `expires_at`."""

    __tablename__ = "api_client_secrets"

    id: Mapped[int] = mapped_column(primary_key=True)
    client_id: Mapped[int] = mapped_column(ForeignKey("api_clients.id", ondelete="CASCADE"), index=True)
    # SHA-256 of a 256-bit random secret: with that much entropy a slow hash adds nothing.
    secret_hash: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # None while it is the current secret; set when a newer one replaces it or it is revoked.
    expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    client: Mapped[ApiClient] = relationship(back_populates="secrets")

    def is_valid_at(self, moment: datetime) -> bool:
        return self.expires_at is None or moment < self.expires_at
