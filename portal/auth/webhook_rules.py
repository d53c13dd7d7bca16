"""Which events an API client hears about (re-exported by auth/permissions.py, THE access rules).

The same scope as the client's API reads: an employer's HR system hears about its own
organisation, a WSP's CRM about its regions, UWV's national systems about everything; and only
on channels whose resource the client may read.
"""
from __future__ import annotations

from portal.models import WEBHOOK_CHANNELS, ApiClient, WebhookNotification, WebhookSubscription


def client_may_hear(client: ApiClient, channel: str) -> bool:
    return client.is_active and client.access(channel) is not None


# What the subscription routes declare instead of a resource permission (portal/api/auth.py).
SUBSCRIBER_PERMISSION = ("subscriptions", "own")


def client_may_subscribe(client: ApiClient) -> bool:
    """Managing its own subscriptions needs no grant of its own: a client that may read at least one
    channel's resource may subscribe (and the service allows only those channels)."""
    return any(client_may_hear(client, channel) for channel in WEBHOOK_CHANNELS)


def client_scope_covers(client: ApiClient, organisation_id: int | None, region_ids: list[int]) -> bool:
    """Would an event of this organisation and these regions be visible to the client?"""
    if client.scope_kind == "national":
        return True
    if client.scope_kind == "organisation":
        return organisation_id is not None and organisation_id == client.organisation_id
    if client.scope_kind == "regions":
        return bool({region.id for region in client.regions} & set(region_ids))
    return False


def subscription_receives(subscription: WebhookSubscription, notification: WebhookNotification) -> bool:
    """The client's scope and permission, then the subscription's own filters."""
    client = subscription.client
    if subscription.deleted_at is not None or notification.channel not in subscription.channels:
        return False
    if not client_may_hear(client, notification.channel):
        return False
    if not client_scope_covers(client, notification.organisation_id, notification.region_ids):
        return False
    if subscription.organisation_id is not None and subscription.organisation_id != notification.organisation_id:
        return False
    wanted = {region.id for region in subscription.regions}
    return not wanted or bool(wanted & set(notification.region_ids))
