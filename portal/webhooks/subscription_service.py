"""Subscriptions of an API client: create, list, delete (the API calls these), and an admin's retry.

Everything is checked against the client's scope (auth/webhook_rules.py): a client subscribes
only to channels it may read, and filters only within what it may see. Errors are InputRejected
with Dutch messages per field, for the API's problem+json.
"""
from __future__ import annotations

import ipaddress
import socket
from collections.abc import Sequence
from datetime import timedelta
from urllib.parse import urlsplit

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import func, select, update
from sqlalchemy.orm import selectinload

from portal.auth.permissions import client_may_hear, client_scope_covers
from portal.extensions import changed_rows, db
from portal.models import (
    ApiClient,
    Organisation,
    Region,
    WebhookDelivery,
    WebhookSubscription,
    utcnow,
)
from portal.webhooks.signing import new_secret
from portal.workflows import InputRejected

LOCAL_HOSTS = {"localhost", "127.0.0.1", "::1"}
MAX_URL_LENGTH = 500


def _host_is_internal(host: str) -> bool:
    if host in LOCAL_HOSTS or host.endswith(".localhost"):
        return True
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return False
    return address.is_private or address.is_loopback or address.is_link_local or address.is_reserved \
        or address.is_multicast or address.is_unspecified


def resolves_internal(url: str) -> bool:
    """Does the URL's host name lead into a private, loopback or link-local network now? Checked
    again before each delivery, since a public name may be pointed inside later (SSRF)."""
    host = (urlsplit(url).hostname or "").lower()
    try:
        addresses = {str(info[4][0]) for info in socket.getaddrinfo(host, None, proto=socket.IPPROTO_TCP)}
    except (OSError, UnicodeError):
        return False  # not resolvable: the request fails on its own
    return any(_host_is_internal(address.split("%")[0]) for address in addresses) or _host_is_internal(host)


def url_error(url: str) -> str | None:
    """https to a public host; plain http only to this machine when the config allows it (dev, tests)."""
    if not url or len(url) > MAX_URL_LENGTH or any(c.isspace() for c in url):
        return _("Geef een geldige https-URL op.")
    try:
        parts = urlsplit(url)
        host = (parts.hostname or "").lower()
        parts.port  # noqa: B018  (a wrong port raises here)
    except ValueError:
        return _("Geef een geldige https-URL op.")
    if not host or parts.username or parts.password or parts.fragment:
        return _("Geef een geldige https-URL op, zonder gebruikersnaam, wachtwoord of #-deel.")
    local_http = current_app.config["WEBHOOK_ALLOW_HTTP_LOCALHOST"] and host in LOCAL_HOSTS
    if parts.scheme == "http" and local_http:
        return None
    if parts.scheme != "https":
        return _("Het adres moet met https:// beginnen.")
    if _host_is_internal(host) and not local_http:
        return _("Dit adres is niet bereikbaar vanaf het internet. Kies een openbaar adres.")
    return None


def _regions(codes: Sequence[str]) -> tuple[list[Region], str | None]:
    wanted = sorted({code.strip().upper() for code in codes})
    found = list(db.session.scalars(select(Region).where(Region.code.in_(wanted)).order_by(Region.code))) if wanted else []
    if len(found) != len(wanted):
        unknown = sorted(set(wanted) - {region.code for region in found})
        return found, _("Onbekende regio: %(codes)s.", codes=", ".join(unknown))
    return found, None


def _scope_errors(client: ApiClient, organisation: Organisation | None, regions: list[Region]) -> dict[str, str]:
    errors = {}
    if organisation is not None and not client_scope_covers(client, organisation.id, [r.id for r in organisation_regions(organisation)]):
        errors["organisation"] = _("Deze werkgever valt buiten het bereik van uw koppeling.")
    if client.scope_kind == "regions":
        own = {region.id for region in client.regions}
        if any(region.id not in own for region in regions):
            errors["regions"] = _("U kunt alleen filteren op de regio's van uw koppeling.")
    return errors


def organisation_regions(organisation: Organisation) -> list[Region]:
    return [location.region for location in organisation.locations if location.region is not None]


def create_subscription(client: ApiClient, callback_url: str, channels: Sequence[str], organisation_kvk: str | None = None,
                        region_codes: Sequence[str] = ()) -> tuple[WebhookSubscription, str]:
    """A new subscription and its signing secret (shown to the client once, in this answer)."""
    errors: dict[str, str] = {}
    if not client.is_active:
        raise InputRejected({"client": _("Deze koppeling is uitgeschakeld.")})
    problem = url_error((callback_url or "").strip())
    if problem:
        errors["callback_url"] = problem
    chosen = list(dict.fromkeys(channels or ()))
    if not chosen:
        errors["channels"] = _("Kies minstens één kanaal.")
    elif any(not client_may_hear(client, channel) for channel in chosen):
        errors["channels"] = _("U mag alleen kanalen kiezen voor gegevens die uw koppeling mag lezen.")
    organisation = None
    if organisation_kvk:
        organisation = db.session.scalar(select(Organisation).where(Organisation.kvk_number == organisation_kvk.strip()))
        if organisation is None:
            errors["organisation"] = _("Er is geen werkgever met dit KvK-nummer.")
    regions, region_problem = _regions(region_codes)
    if region_problem:
        errors["regions"] = region_problem
    errors = _scope_errors(client, organisation, regions) | errors
    if len(subscriptions_of(client)) >= current_app.config["WEBHOOK_MAX_SUBSCRIPTIONS"]:
        errors["callback_url"] = _("Deze koppeling heeft al het hoogste aantal abonnementen.")
    if errors:
        raise InputRejected(errors)
    secret = new_secret()
    subscription = WebhookSubscription(client=client, callback_url=callback_url.strip(), channels=chosen,
                                       organisation=organisation, regions=regions, secret=secret, created_at=utcnow())
    db.session.add(subscription)
    db.session.flush()
    return subscription, secret


def subscriptions_of(client: ApiClient) -> Sequence[WebhookSubscription]:
    return db.session.scalars(
        select(WebhookSubscription)
        .where(WebhookSubscription.client_id == client.id, WebhookSubscription.deleted_at.is_(None))
        .order_by(WebhookSubscription.id)
    ).all()


def subscription_of(client: ApiClient, subscription_id: int) -> WebhookSubscription | None:
    """The client's own subscription, or None (another client's is not found)."""
    return db.session.scalar(
        select(WebhookSubscription).where(WebhookSubscription.id == subscription_id,
                                          WebhookSubscription.client_id == client.id,
                                          WebhookSubscription.deleted_at.is_(None)))


def delete_subscription(client: ApiClient, subscription_id: int) -> bool:
    """No new deliveries, and the waiting ones lapse; the history stays. False: not the client's."""
    subscription = subscription_of(client, subscription_id)
    if subscription is None:
        return False
    subscription.deleted_at = utcnow()
    db.session.execute(
        update(WebhookDelivery).where(WebhookDelivery.subscription_id == subscription.id,
                                      WebhookDelivery.status.in_(("queued", "failed")))
        .values(status="cancelled").execution_options(synchronize_session=False))
    db.session.flush()
    return True


def retry_failed(subscription: WebhookSubscription) -> int:
    """An admin sends the failed deliveries again, with a fresh 48-hour window; same idempotency keys."""
    now = utcnow()
    until = now + timedelta(hours=current_app.config["WEBHOOK_MAX_AGE_HOURS"])
    result = db.session.execute(
        update(WebhookDelivery).where(WebhookDelivery.subscription_id == subscription.id, WebhookDelivery.status == "failed")
        .values(status="queued", next_attempt_at=now, retry_until=until).execution_options(synchronize_session=False))
    return changed_rows(result)


def delivery_counts(subscription_ids: Sequence[int]) -> dict[tuple[int, str], int]:
    if not subscription_ids:
        return {}
    rows = db.session.execute(
        select(WebhookDelivery.subscription_id, WebhookDelivery.status, func.count())
        .where(WebhookDelivery.subscription_id.in_(subscription_ids))
        .group_by(WebhookDelivery.subscription_id, WebhookDelivery.status)).all()
    return {(subscription_id, status): count for subscription_id, status, count in rows}


def subscriptions_for_admins():
    """Every live subscription, with its client, newest client first (a select for paginate)."""
    return (select(WebhookSubscription)
            .join(ApiClient, ApiClient.id == WebhookSubscription.client_id)
            .where(WebhookSubscription.deleted_at.is_(None))
            .options(selectinload(WebhookSubscription.client), selectinload(WebhookSubscription.regions),
                     selectinload(WebhookSubscription.organisation))
            .order_by(ApiClient.name, WebhookSubscription.id))


def recent_failures(limit: int = 20) -> Sequence[WebhookDelivery]:
    """The latest deliveries that gave up (after 48 hours of retries), for the admins."""
    return db.session.scalars(
        select(WebhookDelivery).where(WebhookDelivery.status == "failed")
        .options(selectinload(WebhookDelivery.notification),
                 selectinload(WebhookDelivery.subscription).selectinload(WebhookSubscription.client))
        .order_by(WebhookDelivery.id.desc()).limit(limit)
    ).all()


def live_subscription(subscription_id: int) -> WebhookSubscription | None:
    return db.session.scalar(select(WebhookSubscription).where(WebhookSubscription.id == subscription_id,
                                                               WebhookSubscription.deleted_at.is_(None)))
