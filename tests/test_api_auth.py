"""OAuth 2 client credentials: secrets, short-lived tokens, rotation with overlap, deactivation;
the API's own rules (problem+json, API-Version, HTTPS in production, a rate limit per client)."""
from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from sqlalchemy import select

from portal.api import client_service
from portal.extensions import db
from portal.models import ApiClient, ApiClientSecret, AuditEvent, utcnow
from portal.unit_of_work import unit_of_work
from tests.api_helpers import api_session, assert_problem, basic, bearer, get_token, make_api_client
from tests.conftest import make_app


def test_a_token_opens_the_api_and_the_secret_is_kept_only_as_a_hash(client, world):
    api_client, secret = make_api_client("organisation", organisation=world.org_a)
    stored = db.session.scalars(select(ApiClientSecret.secret_hash)).all()
    assert secret not in stored and len(stored) == 1
    token = get_token(client, api_client, secret)
    response = client.get("/api/v1/dienstverbanden", headers=bearer(token))
    assert response.status_code == 200
    assert response.headers["API-Version"] == "1.0.0"
    assert response.mimetype == "application/json"
    # The form body works as well as HTTP Basic.
    posted = client.post("/api/v1/oauth/token", data={"grant_type": "client_credentials",
                                                      "client_id": api_client.client_key, "client_secret": secret})
    assert posted.status_code == 200 and posted.get_json()["token_type"] == "Bearer"


def test_wrong_secrets_and_grants_are_refused_as_problems(client, world):
    api_client, secret = make_api_client("organisation", organisation=world.org_a)
    body = assert_problem(client.post("/api/v1/oauth/token", data={"grant_type": "client_credentials"},
                                      headers=basic(api_client.client_key, secret + "x")), 401)
    assert body["error"] == "invalid_client" and body["title"] == "Niet aangemeld"
    assert_problem(client.post("/api/v1/oauth/token", data={"grant_type": "password"},
                               headers=basic(api_client.client_key, secret)), 400)
    assert_problem(client.post("/api/v1/oauth/token", data={"grant_type": "client_credentials"},
                               headers={"Authorization": "Basic !!!"}), 401)
    assert_problem(client.get("/api/v1/dienstverbanden"), 401)
    assert_problem(client.get("/api/v1/dienstverbanden", headers=bearer("nep.token.waarde")), 401)


def test_a_token_ends_after_its_lifetime(client, world, data_app):
    api_client, secret = make_api_client("organisation", organisation=world.org_a)
    with time_machine.travel(utcnow(), tick=False) as traveller:
        token = get_token(client, api_client, secret)
        assert client.get("/api/v1/dienstverbanden", headers=bearer(token)).status_code == 200
        traveller.shift(timedelta(seconds=data_app.config["API_TOKEN_SECONDS"] - 5))
        assert client.get("/api/v1/dienstverbanden", headers=bearer(token)).status_code == 200
        traveller.shift(timedelta(seconds=10))
        assert_problem(client.get("/api/v1/dienstverbanden", headers=bearer(token)), 401)


def test_after_a_rotation_the_old_secret_works_until_the_overlap_ends(client, world):
    api_client, old = make_api_client("organisation", organisation=world.org_a)
    with unit_of_work():
        new = client_service.rotate_secret(world.admin, db.session.get(ApiClient, api_client.id), 2)
    get_token(client, api_client, old)
    get_token(client, api_client, new)
    with time_machine.travel(utcnow() + timedelta(days=2, minutes=1), tick=False):
        assert_problem(client.post("/api/v1/oauth/token", data={"grant_type": "client_credentials"},
                                   headers=basic(api_client.client_key, old)), 401)
        get_token(client, api_client, new)


def test_a_rotation_without_overlap_ends_the_old_secret_and_its_tokens_now(client, world):
    api_client, old = make_api_client("organisation", organisation=world.org_a)
    token = get_token(client, api_client, old)
    with unit_of_work():
        new = client_service.rotate_secret(world.admin, db.session.get(ApiClient, api_client.id), 0)
    assert_problem(client.get("/api/v1/dienstverbanden", headers=bearer(token)), 401)
    assert_problem(client.post("/api/v1/oauth/token", data={"grant_type": "client_credentials"},
                               headers=basic(api_client.client_key, old)), 401)
    assert client.get("/api/v1/dienstverbanden", headers=bearer(get_token(client, api_client, new))).status_code == 200


def test_deactivating_a_client_ends_its_tokens_and_secrets(client, world):
    api_client, secret = make_api_client("organisation", organisation=world.org_a)
    token = get_token(client, api_client, secret)
    with unit_of_work():
        client_service.deactivate(world.admin, db.session.get(ApiClient, api_client.id))
    assert_problem(client.get("/api/v1/dienstverbanden", headers=bearer(token)), 401)
    assert_problem(client.post("/api/v1/oauth/token", data={"grant_type": "client_credentials"},
                               headers=basic(api_client.client_key, secret)), 401)


def test_unknown_paths_and_methods_answer_problem_json(client, world):
    _, headers = api_session(client, "organisation", organisation=world.org_a)
    assert_problem(client.get("/api/v1/bestaat-niet", headers=headers), 404)
    assert_problem(client.delete("/api/v1/dienstverbanden", headers=headers), 405)
    assert_problem(client.get("/api/v1/meldingen/99999999999999999999", headers=headers), 404)


def test_every_call_is_in_the_access_log_with_the_client_as_actor(client, world):
    api_client, headers = api_session(client, "organisation", organisation=world.org_a)
    first = db.session.scalar(select(AuditEvent.id).order_by(AuditEvent.id.desc())) or 0
    client.get("/api/v1/dienstverbanden", headers=headers)
    client.get("/api/v1/toewijzingen", headers=headers)  # refused: no permission
    rows = db.session.scalars(select(AuditEvent).where(AuditEvent.id > first).order_by(AuditEvent.id)).all()
    assert [(r.actor_client_id, r.actor_id, r.actor_role, r.result) for r in rows] == [
        (api_client.id, None, "api_client", "allowed"), (api_client.id, None, "api_client", "denied")]


def test_production_accepts_only_https(database_url):
    app = make_app(database_url, API_HTTPS_ONLY=True)
    http = app.test_client()
    assert_problem(http.get("/api/v1/openapi.json"), 403)
    assert http.get("/api/v1/openapi.json", base_url="https://localhost").status_code == 200


@pytest.fixture
def limited_app(database_url):
    """An app with the limiter on. Flask-Limiter keeps `enabled` on its one shared object, for
    every app: the next app made switches it back off, for the tests after this one."""
    yield make_app(database_url, RATELIMIT_ENABLED=True, API_RATE_LIMIT="3 per minute")
    make_app(database_url)


def test_each_client_has_its_own_rate_limit(limited_app, world):
    app = limited_app
    http = app.test_client()
    first, first_secret = make_api_client("organisation", organisation=world.org_a, name="Eerste")
    second, second_secret = make_api_client("organisation", organisation=world.org_a, name="Tweede")
    headers_first = bearer(get_token(http, first, first_secret))
    headers_second = bearer(get_token(http, second, second_secret))
    assert [http.get("/api/v1/dienstverbanden", headers=headers_first).status_code for _ in range(3)] == [200] * 3
    body = assert_problem(http.get("/api/v1/dienstverbanden", headers=headers_first), 429)
    assert body["title"] == "Te veel verzoeken"
    assert http.get("/api/v1/dienstverbanden", headers=headers_second).status_code == 200
