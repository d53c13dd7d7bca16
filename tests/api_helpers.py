"""API clients and tokens for the API tests."""
from __future__ import annotations

import base64

from portal.api import client_service
from portal.unit_of_work import unit_of_work
from tests.factories import region

FULL = {
    "organisation": {"employments": "write", "notices": "read", "refill_requests": "read"},
    "regions": {"refill_requests": "write", "pool": "read"},
    "national": {"assignments": "write", "notices": "write", "refill_requests": "read", "employments": "read"},
}


def make_api_client(scope_kind: str, permissions: dict | None = None, organisation=None, regions=(), name=None):
    """(client, secret) of a registered client; all the scope allows unless `permissions` is given."""
    data = client_service.ClientInput(
        name=name or f"Koppeling {scope_kind}", scope_kind=scope_kind, organisation=organisation,
        regions=[region(code) for code in regions], permissions=FULL[scope_kind] if permissions is None else permissions)
    with unit_of_work():
        client, secret = client_service.register(None, data)
    return client, secret


def basic(key: str, secret: str) -> dict:
    return {"Authorization": "Basic " + base64.b64encode(f"{key}:{secret}".encode()).decode()}


def get_token(http, client, secret) -> str:
    response = http.post("/api/v1/oauth/token", data={"grant_type": "client_credentials"},
                         headers=basic(client.client_key, secret))
    assert response.status_code == 200, response.get_data(as_text=True)
    return response.get_json()["access_token"]


def bearer(token: str) -> dict:
    return {"Authorization": f"Bearer {token}"}


def api_session(http, scope_kind: str, **kwargs) -> tuple[object, dict]:
    """A client of that scope and the headers of a fresh token for it."""
    client, secret = make_api_client(scope_kind, **kwargs)
    return client, bearer(get_token(http, client, secret))


def assert_problem(response, status: int) -> dict:
    assert response.status_code == status, response.get_data(as_text=True)
    assert response.mimetype == "application/problem+json"
    body = response.get_json()
    assert body["status"] == status and body["title"]
    return body
