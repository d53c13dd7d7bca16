"""The webhook worker (`flask webhooks deliver`): claims due deliveries, posts them, records the answer.

The same fenced lease as the e-mail outbox (portal/leases.py, TRAPS 13): a claim writes a token
and a lease end; before each request the worker renews its lease when less than one request's
worst case is left; every outcome is written with an UPDATE that names the token. A worker that
outlived its lease (a long pause) finds its token gone: its result is discarded and the new holder
delivers, with the same idempotency key. A worker killed mid-request leaves its rows to be claimed
again after the lease. So nothing is lost, and a receiver that drops a repeated webhook-id never
handles an event twice; the portal cannot promise fewer than one request per attempt, since HTTP
has no two-phase commit with the receiver.

Any answer but 2xx, a time-out or a refused connection is retried with exponential backoff until
48 hours after the event (WEBHOOK_MAX_AGE_HOURS); then the delivery is "failed" and waits for an
admin's retry. Redirects are not followed (the subscription names the address).
"""
from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

import httpx
from flask import current_app
from sqlalchemy import select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import joinedload

from config import ConfigError
from portal import leases
from portal.auth.permissions import client_may_hear
from portal.extensions import db
from portal.models import Organisation, Region, WebhookDelivery, WebhookSubscription, utcnow
from portal.unit_of_work import unit_of_work
from portal.webhooks.signing import body_bytes, headers_for
from portal.webhooks.subscription_service import resolves_internal

log = logging.getLogger("portal.webhooks")

# The channel names in the body: the API's collection names.
WIRE_CHANNELS = {"notices": "meldingen", "refill_requests": "herbezettingsverzoeken", "assignments": "toewijzingen",
                 "pool": "kandidatenpool"}
# httpx's timeout holds per phase: connecting, sending, and each read of the answer's head.
REQUEST_PHASES = 3
RENEW_SLACK_SECONDS = 0.5
MAX_ANSWER_BYTES = 64 * 1024  # a short answer is read (the connection is kept); a longer one is not


def request_worst_seconds(timeout: float) -> float:
    return timeout * REQUEST_PHASES + RENEW_SLACK_SECONDS


def check_settings(config) -> None:
    """Refuse to start when one request at the time-out could outlast the lease."""
    lease, timeout = config["WEBHOOK_LEASE_SECONDS"], config["WEBHOOK_TIMEOUT_SECONDS"]
    if config["WEBHOOK_BATCH_SIZE"] < 1:
        raise ConfigError("WEBHOOK_BATCH_SIZE must be at least 1")
    if timeout <= 0:
        raise ConfigError("WEBHOOK_TIMEOUT_SECONDS must be more than 0")
    if lease < request_worst_seconds(timeout):
        raise ConfigError(f"WEBHOOK_LEASE_SECONDS={lease} is too short for WEBHOOK_TIMEOUT_SECONDS={timeout}: one request "
                          f"may take {request_worst_seconds(timeout):.0f} s; set the lease to at least that")


@dataclass
class DeliveryResult:
    delivered: int = 0
    retrying: int = 0
    failed: int = 0
    cancelled: int = 0
    lost: int = 0  # rows another worker took over (this worker's lease had run out)

    @property
    def busy(self) -> bool:
        return bool(self.delivered or self.retrying or self.failed or self.cancelled or self.lost)


@dataclass
class _Item:
    """What one request needs after the claim: no ORM object is kept across the commits."""

    id: int
    attempts: int
    retry_until: datetime
    url: str
    secret: str
    message_id: str
    payload: dict | None  # None: the subscription is gone or may no longer hear this


@dataclass
class _Batch:
    token: str
    held_until: datetime
    pending: list[int] = field(default_factory=list)
    result: DeliveryResult = field(default_factory=DeliveryResult)


def _lease_end() -> datetime:
    return utcnow() + timedelta(seconds=current_app.config["WEBHOOK_LEASE_SECONDS"])


def _iso(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat().replace("+00:00", "Z")


def _load(ids: list[int]) -> list[_Item]:
    deliveries = db.session.scalars(
        select(WebhookDelivery).where(WebhookDelivery.id.in_(ids)).order_by(WebhookDelivery.id)
        .options(joinedload(WebhookDelivery.notification),
                 joinedload(WebhookDelivery.subscription).joinedload(WebhookSubscription.client))
    ).all()
    notifications = [d.notification for d in deliveries]
    kvks = dict(db.session.execute(select(Organisation.id, Organisation.kvk_number).where(
        Organisation.id.in_({n.organisation_id for n in notifications if n.organisation_id}))).all())
    codes = dict(db.session.execute(select(Region.id, Region.code).where(
        Region.id.in_({r for n in notifications for r in n.region_ids}))).all())
    base = current_app.config["PUBLIC_BASE_URL"].rstrip("/")
    items = []
    for delivery in deliveries:
        notification, subscription = delivery.notification, delivery.subscription
        features: dict = {}
        if notification.organisation_id in kvks:
            features["werkgeverKvk"] = kvks[notification.organisation_id]
        if notification.region_ids:
            features["regios"] = sorted(codes[r] for r in notification.region_ids if r in codes)
        url = base + notification.resource_path
        payload = {"kanaal": WIRE_CHANNELS[notification.channel], "actie": notification.action,
                   "resource": notification.resource, "resourceUrl": url, "hoofdObject": url,
                   "aanmaakdatum": _iso(notification.created_at), "kenmerken": features}
        live = subscription.deleted_at is None and client_may_hear(subscription.client, notification.channel)
        items.append(_Item(delivery.id, delivery.attempts, delivery.retry_until, subscription.callback_url,
                           subscription.secret, delivery.idempotency_key, payload if live else None))
    db.session.rollback()  # a read only; nothing of it is kept open while posting
    return items


def _failure(item: _Item, description: str, status_code: int | None) -> tuple[str, dict]:
    now = utcnow()
    values: dict = {"last_error": description[:2000], "last_status_code": status_code}
    if now >= item.retry_until:
        return "failed", {**values, "status": "failed"}
    config = current_app.config
    delay = min(config["WEBHOOK_RETRY_BASE_SECONDS"] * 2 ** max(item.attempts - 1, 0), config["WEBHOOK_RETRY_MAX_SECONDS"])
    next_attempt = min(now + timedelta(seconds=delay), item.retry_until)
    return "retrying", {**values, "status": "queued", "next_attempt_at": next_attempt}


def _post(http: httpx.Client, item: _Item) -> tuple[str, dict]:
    if item.payload is None:
        return "cancelled", {"status": "cancelled", "last_error": "abonnement opgezegd of geen toegang meer"}
    if not current_app.config["WEBHOOK_ALLOW_HTTP_LOCALHOST"] and resolves_internal(item.url):
        return _failure(item, "geweigerd: het adres wijst naar een intern netwerk", None)
    body = body_bytes(item.payload)
    headers = headers_for(item.secret, item.message_id, int(utcnow().timestamp()), body)
    try:
        with http.stream("POST", item.url, content=body, headers=headers) as response:
            length = response.headers.get("content-length", "")
            if length.isdigit() and int(length) <= MAX_ANSWER_BYTES:
                response.read()
            status = response.status_code
    except httpx.TimeoutException as error:
        return _failure(item, f"time-out: de ontvanger antwoordde niet ({type(error).__name__})", None)
    except Exception as error:  # whatever the receiver or its address does, it is this delivery's failure
        return _failure(item, f"{type(error).__name__}: {error}", None)
    if 200 <= status < 300:
        return "delivered", {"status": "delivered", "delivered_at": utcnow(), "last_status_code": status, "last_error": ""}
    return _failure(item, f"HTTP {status}", status)


def _settle(batch: _Batch, item: _Item, outcome: str, values: dict) -> bool:
    with unit_of_work():
        held = leases.settle(WebhookDelivery, item.id, batch.token, **values)
    batch.pending.remove(item.id)
    if held:
        setattr(batch.result, outcome, getattr(batch.result, outcome) + 1)
        return True
    batch.result.lost += 1
    log.warning("webhook delivery %s was taken over by another worker before it was marked %s: this worker's "
                "lease had run out; its result is discarded", item.id, outcome)
    return False


def _hold(batch: _Batch) -> bool:
    margin = request_worst_seconds(current_app.config["WEBHOOK_TIMEOUT_SECONDS"])
    if batch.held_until - utcnow() >= timedelta(seconds=margin):
        return True
    until = _lease_end()
    with unit_of_work():
        still_held = leases.renew(WebhookDelivery, batch.pending, batch.token, until)
    if still_held == len(batch.pending):
        batch.held_until = until
        return True
    batch.result.lost += len(batch.pending) - still_held
    log.warning("webhook worker lost %s of its %s deliveries to another worker; stopping the batch",
                len(batch.pending) - still_held, len(batch.pending))
    return False


def _release(batch: _Batch) -> None:
    with unit_of_work():
        leases.release(WebhookDelivery, batch.pending, batch.token, "queued")


def deliver_due(limit: int | None = None) -> DeliveryResult:
    """Post one batch of due deliveries."""
    batch = _Batch(token=leases.new_token(), held_until=_lease_end())
    with unit_of_work():  # the claim is committed (seen by other workers) before anything is posted
        batch.pending = leases.claim(WebhookDelivery, leases.due_condition(WebhookDelivery, utcnow()),
                                     limit or current_app.config["WEBHOOK_BATCH_SIZE"], batch.token, batch.held_until)
    if not batch.pending:
        return batch.result
    items = _load(batch.pending)
    timeout = current_app.config["WEBHOOK_TIMEOUT_SECONDS"]
    try:
        # trust_env=False: no proxy or netrc from the environment; certificates are verified.
        with httpx.Client(timeout=timeout, follow_redirects=False, trust_env=False) as http:
            for item in items:
                if not _hold(batch) or not _settle(batch, item, *_post(http, item)):
                    break
    except SQLAlchemyError:
        db.session.rollback()
        try:
            _release(batch)
        except SQLAlchemyError:
            log.warning("webhooks: could not give back %s deliveries after a database error; the lease frees them",
                        len(batch.pending))
        raise
    if batch.pending:  # stopped after a lost row: give back what is still ours, unsent
        _release(batch)
    return batch.result
