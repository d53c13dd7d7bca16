"""Workflow events become webhook notifications, in the transaction of the event itself.

Fan-out happens here too, not in the worker: each matching subscription gets its delivery row in
the same commit. So the set of receivers is the one at the moment of the event (a subscription
made later does not get old events, one deleted later still gets what it had), a notification
cannot be lost between the event and a separate fan-out step, and the worker has one kind of row
to claim. The cost is one query for the active subscriptions per event.

Data-poor on purpose (ZGW notifications): channel, action, the API URL of the resource, the time,
and the employer's KvK number and region codes for filtering. Never a name or a note.
"""
from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import timedelta

from flask import current_app, g, has_request_context
from sqlalchemy import inspect, select
from sqlalchemy.orm import selectinload
from sqlalchemy.orm.base import NO_VALUE

from portal.auth.webhook_rules import subscription_receives  # permissions.py imports workflows.py: no cycle
from portal.extensions import db
from portal.models import (
    ApiClient,
    Employee,
    Employment,
    Location,
    Municipality,
    WebhookDelivery,
    WebhookNotification,
    WebhookSubscription,
    profile_regions,
    utcnow,
)

# The /api/v1 item routes a notification links to; tests/test_webhook_events.py checks each is a
# documented GET route.
RESOURCE_PATHS = {
    "melding": "/api/v1/meldingen/{id}",
    "herbezettingsverzoek": "/api/v1/herbezettingsverzoeken/{id}",
    "toewijzing": "/api/v1/toewijzingen/{id}",  # by the employee's id: no personal data in the URL
    "kandidaat": "/api/v1/kandidaten/{id}",
    "voorstel": "/api/v1/voorstellen/{id}",
}


# Workflows that stay between the employer, the job coach and the AD, before any notice: no API
# resource shows them, so no channel announces them ("ik twijfel" questions, concern signals).
NO_CHANNEL = frozenset({"question", "concern"})


@dataclass
class Event:
    channel: str
    action: str
    resource: str
    resource_id: int
    organisation_id: int | None
    region_ids: list[int] = field(default_factory=list)


_NOT_LOADED = object()


def _loaded(obj, name: str):
    """The related object if it is already in memory (None included), else _NOT_LOADED."""
    if obj is None or obj is _NOT_LOADED:
        return _NOT_LOADED
    value = inspect(obj).attrs[name].loaded_value
    return _NOT_LOADED if value is NO_VALUE else value


def _notice_workplace(notice) -> tuple[int | None, list[int]]:
    """The employer and region of a notice's workplace. Filing loads the contract with its
    employee, workplace and municipality: read from those, not queried again (issue 21)."""
    employment = _loaded(notice, "employment")
    employee, location = _loaded(employment, "employee"), _loaded(employment, "location")
    if employee is not _NOT_LOADED and location is not _NOT_LOADED:
        municipality = _loaded(location, "municipality") if location.municipality_id is not None else None
        if municipality is not _NOT_LOADED:
            return employee.organisation_id, [municipality.region_id] if municipality is not None else []
    return _workplace(notice.employment_id)


def _workplace(employment_id: int) -> tuple[int | None, list[int]]:
    row = db.session.execute(
        select(Employee.organisation_id, Municipality.region_id)
        .select_from(Employment).join(Employee, Employee.id == Employment.employee_id)
        .join(Location, Location.id == Employment.location_id)
        .outerjoin(Municipality, Municipality.id == Location.municipality_id)
        .where(Employment.id == employment_id)
    ).one()
    return row[0], [row[1]] if row[1] is not None else []


def _refill_scope(refill) -> tuple[int | None, list[int]]:
    return refill.organisation_id, [refill.region_id] if refill.region_id is not None else []


def workflow_event(subject_type: str, obj, action: str) -> None:
    """Called by portal/workflows.py for every event it records."""
    if subject_type == "notice":
        event = Event("notices", action, "melding", obj.id, *_notice_workplace(obj))
    elif subject_type == "follow_up":  # nazorg is part of the notice's story
        event = Event("notices", f"follow_up_{action}", "melding", obj.notice_id,
                      *_workplace(obj.notice.employment_id))
    elif subject_type == "refill":
        event = Event("refill_requests", action, "herbezettingsverzoek", obj.id, *_refill_scope(obj))
    elif subject_type == "profile":
        # Pseudonymous in the pool: the former employer is not named, only the regions.
        regions = list(db.session.scalars(select(profile_regions.c.region_id).where(profile_regions.c.profile_id == obj.id)))
        event = Event("pool", f"profile_{action}", "kandidaat", obj.id, None, regions)
    elif subject_type == "proposal":
        event = Event("pool", f"proposal_{action}", "voorstel", obj.id, *_refill_scope(obj.refill))
    elif subject_type == "job_finding":  # the AD's job-finding assignment is part of the notice's story
        event = Event("notices", f"job_finding_{action}", "melding", obj.notice_id,
                      *_workplace(obj.notice.employment_id))
    elif subject_type in NO_CHANNEL:
        return
    else:
        raise KeyError(subject_type)
    record(event)


def assignment_changed(employee, created: bool) -> None:
    """A new AD or backup for an employee (admin's reassignment, CSV import, API)."""
    record(Event("assignments", "create" if created else "update", "toewijzing", employee.id, employee.organisation_id))


def _active_subscriptions() -> list[WebhookSubscription]:
    """Every active subscription, read once per web request and transaction: filing a notice
    records two events (the notice and its refill request), and each read cost a query and its
    loads (issue 21). Jobs and workers read afresh for every event."""
    # Kept with the transaction that read them: after a commit or rollback they are read again.
    kept = g.get("active_webhook_subscriptions") if has_request_context() else None
    if kept is not None and kept[0] is db.session().get_transaction():
        return kept[1]
    rows = list(db.session.scalars(
        select(WebhookSubscription).join(ApiClient, ApiClient.id == WebhookSubscription.client_id)
        .where(WebhookSubscription.deleted_at.is_(None), ApiClient.is_active)
        .options(selectinload(WebhookSubscription.regions),
                 selectinload(WebhookSubscription.client).selectinload(ApiClient.regions))
        .order_by(WebhookSubscription.id)
    ))
    if has_request_context():
        g.active_webhook_subscriptions = (db.session().get_transaction(), rows)
    return rows


def _subscriptions(channel: str) -> list[WebhookSubscription]:
    return [subscription for subscription in _active_subscriptions() if channel in subscription.channels]


def record(event: Event) -> WebhookNotification:
    now = utcnow()
    notification = WebhookNotification(
        channel=event.channel, action=event.action, resource=event.resource,
        resource_path=RESOURCE_PATHS[event.resource].format(id=event.resource_id),
        organisation_id=event.organisation_id, region_ids=sorted(set(event.region_ids)),
        created_at=now,
    )
    db.session.add(notification)
    retry_until = now + timedelta(hours=current_app.config["WEBHOOK_MAX_AGE_HOURS"])
    for subscription in _subscriptions(event.channel):
        if subscription_receives(subscription, notification):
            db.session.add(WebhookDelivery(
                notification=notification, subscription=subscription, idempotency_key=f"msg_{uuid.uuid4().hex}",
                created_at=now, next_attempt_at=now, retry_until=retry_until, status="queued", attempts=0,
                last_error=""))
    return notification
