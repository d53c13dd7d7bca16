"""Event subscriptions (webhooks, issue 20), in the style of the ZGW notification service.

Every workflow event writes a WebhookNotification in the same transaction: channel, action, the
resource's API URL and the time, never personal data. Each active subscription that may see it
gets a WebhookDelivery row in that same transaction; `flask webhooks deliver` sends them.
"""
from __future__ import annotations

from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import JSON, Column, ForeignKey, Index, Integer, String, Table, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.extensions import db
from portal.models.api_client import ApiClient
from portal.models.organisation import Organisation
from portal.models.region import Region
from portal.models.types import UTCDateTime, utcnow

# The channels are the API's resources (ApiClient.permissions): a client hears only about a
# resource it may read.
WEBHOOK_CHANNELS = {
    "notices": _l("Meldingen einde contract"),
    "refill_requests": _l("Herbezettingsverzoeken"),
    "assignments": _l("Toewijzing arbeidsdeskundige"),
    "pool": _l("Kandidatenpool"),
}
DELIVERY_STATES = {
    "queued": _l("In de wachtrij"),
    "sending": _l("Wordt verstuurd"),
    "delivered": _l("Afgeleverd"),
    "failed": _l("Mislukt"),
    "cancelled": _l("Vervallen"),
}

webhook_subscription_regions = Table(
    "webhook_subscription_regions",
    db.Model.metadata,
    Column("subscription_id", Integer, ForeignKey("webhook_subscriptions.id", ondelete="CASCADE"), primary_key=True),
    Column("region_id", Integer, ForeignKey("regions.id"), primary_key=True),
)


class WebhookSubscription(db.Model):
    __tablename__ = "webhook_subscriptions"

    id: Mapped[int] = mapped_column(primary_key=True)
    client_id: Mapped[int] = mapped_column(ForeignKey("api_clients.id", ondelete="CASCADE"), index=True)
    callback_url: Mapped[str] = mapped_column(String(500))
    channels: Mapped[list[str]] = mapped_column(JSON, default=list)  # keys of WEBHOOK_CHANNELS
    # Filters within the client's scope; empty means "everything the scope allows".
    organisation_id: Mapped[int | None] = mapped_column(ForeignKey("organisations.id"))
    # Standard Webhooks format "whsec_<base64>". Kept readable: the portal must sign with it.
    secret: Mapped[str] = mapped_column(String(80))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # Deleted by the client: no new deliveries; the history stays for the admins.
    deleted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    client: Mapped[ApiClient] = relationship()
    organisation: Mapped[Organisation | None] = relationship()
    regions: Mapped[list[Region]] = relationship(secondary=webhook_subscription_regions, order_by=Region.code)

    @property
    def channel_labels(self) -> list[str]:
        return [str(WEBHOOK_CHANNELS[c]) for c in self.channels if c in WEBHOOK_CHANNELS]


class WebhookNotification(db.Model):
    """One event, data-poor: what happened to which resource, and when. No names, no notes."""

    __tablename__ = "webhook_notifications"

    id: Mapped[int] = mapped_column(primary_key=True)
    channel: Mapped[str] = mapped_column(String(20))
    action: Mapped[str] = mapped_column(String(40))
    resource: Mapped[str] = mapped_column(String(40))  # e.g. "melding"
    resource_path: Mapped[str] = mapped_column(String(200))  # /api/v1/meldingen/12
    # For matching subscriptions and the body's "kenmerken": an employer and regions, not people.
    organisation_id: Mapped[int | None] = mapped_column(ForeignKey("organisations.id"))
    region_ids: Mapped[list[int]] = mapped_column(JSON, default=list)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class WebhookDelivery(db.Model):
    """One notification to one subscription; a fenced queue row like OutboxEmail (portal/leases.py)."""

    __tablename__ = "webhook_deliveries"
    __table_args__ = (Index("ix_webhook_deliveries_status_next_attempt", "status", "next_attempt_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    notification_id: Mapped[int] = mapped_column(ForeignKey("webhook_notifications.id"), index=True)
    subscription_id: Mapped[int] = mapped_column(ForeignKey("webhook_subscriptions.id", ondelete="CASCADE"), index=True)
    # The webhook-id and Idempotency-Key headers: the same on every attempt, so a receiver that
    # got a request twice (a worker died before it could record the answer) can drop the repeat.
    idempotency_key: Mapped[str] = mapped_column(String(40), unique=True)
    status: Mapped[str] = mapped_column(String(10), default="queued")
    attempts: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    next_attempt_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # Retries stop here (48 hours after the event, or after an admin's retry).
    retry_until: Mapped[datetime] = mapped_column(UTCDateTime)
    locked_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    claim_token: Mapped[str | None] = mapped_column(String(32))
    delivered_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_status_code: Mapped[int | None] = mapped_column(Integer)
    last_error: Mapped[str] = mapped_column(Text, default="")

    notification: Mapped[WebhookNotification] = relationship()
    subscription: Mapped[WebhookSubscription] = relationship()

    @property
    def status_label(self) -> str:
        return str(DELIVERY_STATES[self.status])
