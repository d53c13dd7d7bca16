"""The bench's API clients (bench/api.py and bench/web.py): registered on the national dataset,
a token taken at the real token endpoint, and removed again afterwards."""
from __future__ import annotations

import base64
import http.client
import json
from urllib.parse import urlencode

import national


def register_clients() -> dict[str, tuple[int, str, str]]:
    """{name: (id, client key, secret)}: UWV nationally, and the largest employer's HR system."""
    from sqlalchemy import func, select

    from portal.api import client_service
    from portal.extensions import db
    from portal.models import Employee, Organisation
    from portal.unit_of_work import unit_of_work

    app = national.bench_app()
    clients = {}
    with app.app_context():
        largest = db.session.scalar(select(Organisation).join(Employee, Employee.organisation_id == Organisation.id)
                                    .group_by(Organisation.id).order_by(func.count().desc()).limit(1))
        for name, data in (
            ("national", client_service.ClientInput("bench UWV", "national", permissions={
                "notices": "read", "refill_requests": "read", "assignments": "read", "employments": "read"})),
            ("hr", client_service.ClientInput("bench HR", "organisation", organisation=largest,
                                              permissions={"employments": "read"})),
        ):
            with unit_of_work():
                client, secret = client_service.register(None, data)
            clients[name] = (client.id, client.client_key, secret)
        db.session.remove()
        db.engine.dispose()
    return clients


def remove_clients(clients: dict) -> None:
    from sqlalchemy import delete

    from portal.extensions import db
    from portal.models import ApiClient

    app = national.bench_app()
    with app.app_context():
        db.session.execute(delete(ApiClient).where(ApiClient.id.in_([c[0] for c in clients.values()])))
        db.session.commit()
        db.engine.dispose()


def token(port: int, key: str, secret: str) -> str:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    auth = base64.b64encode(f"{key}:{secret}".encode()).decode()
    connection.request("POST", "/api/v1/oauth/token", body=urlencode({"grant_type": "client_credentials"}),
                       headers={"Authorization": f"Basic {auth}", "Content-Type": "application/x-www-form-urlencoded"})
    response = connection.getresponse()
    body = json.loads(response.read())
    if response.status != 200:
        raise RuntimeError(f"no token: {response.status} {body}")
    return body["access_token"]


def api_settings() -> dict[str, str]:
    """Plain http on 127.0.0.1, and a rate limit far above what wrk sends (else the limit is measured)."""
    return {"PORTAL_API_HTTPS_ONLY": "false", "PORTAL_API_RATE_LIMIT": "100000000 per minute"}
