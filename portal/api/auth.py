"""Who calls the API: OAuth 2 client credentials, checked by a small implementation of our own.

Only the client-credentials grant is needed, so Authlib's authorization server (token storage
models, grant registry, its own Flask integration) would be more code to configure than this.
Access tokens are stateless: signed with the app's SECRET_KEY (itsdangerous, part of Flask),
short-lived (API_TOKEN_SECONDS), and carrying the client's token_version, so deactivating a
client or ending its secrets ends its tokens at once (one primary-key read per call).
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import wraps

from flask import current_app, g, request
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer

from portal.api.problems import ApiProblem
from portal.auth.permissions import API_CLIENT, SUBSCRIBER_PERMISSION, client_may, client_may_subscribe
from portal.extensions import client_ip, db
from portal.models import ApiClient

TOKEN_SALT = "api-access-token"  # noqa: S105  # a namespace for the signature, not a secret  # nosec B105
INVALID_TOKEN = {"WWW-Authenticate": 'Bearer error="invalid_token"'}


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=TOKEN_SALT)


def issue_token(client: ApiClient) -> tuple[str, int]:
    seconds = current_app.config["API_TOKEN_SECONDS"]
    token = _serializer().dumps({"c": client.id, "k": client.client_key, "v": client.token_version})
    return str(token), seconds


def _token_claims() -> dict | None:
    header = request.headers.get("Authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        return None
    try:
        claims = _serializer().loads(token.strip(), max_age=current_app.config["API_TOKEN_SECONDS"])
    except (SignatureExpired, BadSignature):
        return None
    return claims if isinstance(claims, dict) and isinstance(claims.get("c"), int) else None


def rate_limit_key() -> str:
    """Per client (its public key, so tests and workers never share a counter by accident);
    calls without a valid token count per address."""
    claims = _token_claims()
    return f"api-client:{claims['k']}" if claims else f"api-anonymous:{client_ip()}"


def rate_limit() -> str:
    return current_app.config["API_RATE_LIMIT"]


def current_client() -> ApiClient:
    client = g.get("api_client")
    if client is None:
        claims = _token_claims()
        client = db.session.get(ApiClient, claims["c"]) if claims else None
        if client is None or not client.is_active or client.token_version != claims.get("v"):  # type: ignore[union-attr]
            raise ApiProblem(401, headers=INVALID_TOKEN, error="invalid_token")
        g.api_client = client
    return client


def api_allow(resource: str, level: str = "read"):
    """Declare (and enforce) the client permission a route needs: a valid token, and `level`
    ('read' or 'write') on `resource` within the client's scope."""

    def decorate(view):
        @wraps(view)
        def wrapper(*args, **kwargs):
            client = current_client()
            if not client_may(client, resource, level):
                raise ApiProblem(403)
            return view(*args, **kwargs)

        wrapper.access_rule = (API_CLIENT,)  # type: ignore[attr-defined]  # read by the route test
        wrapper.api_permission = (resource, level)  # type: ignore[attr-defined]
        return wrapper

    return decorate


def api_allow_subscriber(view):
    """Its own subscriptions: a valid token and read access to at least one channel's resource
    (client_may_subscribe); which channels, the service checks per channel."""

    @wraps(view)
    def wrapper(*args, **kwargs):
        if not client_may_subscribe(current_client()):
            raise ApiProblem(403)
        return view(*args, **kwargs)

    wrapper.access_rule = (API_CLIENT,)  # type: ignore[attr-defined]  # read by the route test
    wrapper.api_permission = SUBSCRIBER_PERMISSION  # type: ignore[attr-defined]
    return wrapper


@dataclass(frozen=True)
class ClientActor:
    """An API client where a service records who acted (the audit trail, assigned_by): no user id,
    the client named instead."""

    client_id: int
    name: str
    email: str
    organisation_id: int | None
    id: None = None
    role: str = "api_client"


def actor_for(client: ApiClient) -> ClientActor:
    return ClientActor(client.id, client.name[:160], f"api:{client.client_key}", client.organisation_id)
