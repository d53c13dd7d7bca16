"""A client's own webhook subscriptions: list, create (the signing secret is in that answer only),
read and delete. Channels and filters are checked against the client's scope by the service."""
from __future__ import annotations

from flask import jsonify, url_for

from portal.api.auth import api_allow_subscriber, current_client
from portal.api.blueprint import bp
from portal.api.problems import ApiProblem
from portal.api.schemas import SUBSCRIPTION_BODY
from portal.api.wire import iso, json_body, workflow_step
from portal.extensions import db
from portal.models import WebhookSubscription
from portal.webhooks import subscription_service

# The service's field names as this API calls them, for the problem's invalidParams.
FIELDS = {"callback_url": "callbackUrl", "channels": "kanalen", "organisation": "werkgeverKvk", "regions": "regios",
          "client": "body"}


def subscription_json(subscription: WebhookSubscription) -> dict:
    return {
        "id": subscription.id,
        "callbackUrl": subscription.callback_url,
        "kanalen": list(subscription.channels),
        "werkgeverKvk": subscription.organisation.kvk_number if subscription.organisation else None,
        "regios": sorted(region.code for region in subscription.regions),
        "aangemaaktOp": iso(subscription.created_at),
        "_links": {"self": {"href": url_for("api.subscription", subscription_id=subscription.id, _external=True)}},
    }


def _own(subscription_id: int) -> WebhookSubscription:
    found = subscription_service.subscription_of(current_client(), subscription_id)
    if found is None:  # another client's is not found either
        raise ApiProblem(404)
    return found


@bp.get("/abonnementen")
@api_allow_subscriber
def subscriptions():
    found = subscription_service.subscriptions_of(current_client())
    return jsonify({"totaal": len(found), "resultaten": [subscription_json(s) for s in found]})


@bp.post("/abonnementen")
@api_allow_subscriber
def create_subscription():
    body = json_body(SUBSCRIPTION_BODY)
    with workflow_step(FIELDS):
        subscription, secret = subscription_service.create_subscription(
            current_client(), body["callbackUrl"], body["kanalen"], body.get("werkgeverKvk"), body.get("regios", ()))
    db.session.refresh(subscription)
    answer = jsonify({**subscription_json(subscription), "geheim": secret})
    answer.status_code = 201
    answer.headers["Location"] = url_for("api.subscription", subscription_id=subscription.id, _external=True)
    return answer


@bp.get("/abonnementen/<int:subscription_id>")
@api_allow_subscriber
def subscription(subscription_id: int):
    return jsonify(subscription_json(_own(subscription_id)))


@bp.delete("/abonnementen/<int:subscription_id>")
@api_allow_subscriber
def delete_subscription(subscription_id: int):
    if not subscription_service.delete_subscription(current_client(), subscription_id):
        raise ApiProblem(404)
    return "", 204
