"""The admin's page for API clients: register (the secret shown once), rotate, switch off."""
from __future__ import annotations

import re

from sqlalchemy import select

from portal.extensions import db
from portal.models import ApiClient
from tests.api_helpers import assert_problem, basic, make_api_client
from tests.conftest import login
from tests.factories import region


def token_status(client, key: str, secret: str) -> int:
    return client.post("/api/v1/oauth/token", data={"grant_type": "client_credentials"},
                       headers=basic(key, secret)).status_code


def test_an_admin_registers_a_client_and_sees_its_secret_once(client, world):
    login(client, world.admin)
    assert "Nieuwe API-koppeling" in client.get("/beheer/api-koppelingen/nieuw").get_data(as_text=True)
    page = client.post("/beheer/api-koppelingen/nieuw", data={
        "name": "CRM WSP Groot Amsterdam", "scope_kind": "regions", "regions": [str(region("AM18").id)],
        "perm_refill_requests": "write"}).get_data(as_text=True)
    assert "U ziet dit geheim maar één keer" in page
    key, secret = re.findall(r"<code>([^<]+)</code>", page)
    assert token_status(client, key, secret) == 200
    registered = db.session.scalar(select(ApiClient).where(ApiClient.client_key == key))
    assert registered.permissions == {"refill_requests": "write"} and [r.code for r in registered.regions] == ["AM18"]
    # Never again: the client's page shows no secret.
    shown = client.get(f"/beheer/api-koppelingen/{registered.id}").get_data(as_text=True)
    assert secret not in shown and key in shown
    assert "CRM WSP Groot Amsterdam" in client.get("/beheer/api-koppelingen").get_data(as_text=True)


def test_the_form_refuses_what_does_not_fit_and_keeps_the_input(client, world):
    login(client, world.admin)
    page = client.post("/beheer/api-koppelingen/nieuw", data={
        "name": "HR De Linde", "scope_kind": "organisation", "perm_assignments": "write"}).get_data(as_text=True)
    assert "Kies de werkgever." in page and 'value="HR De Linde"' in page
    page = client.post("/beheer/api-koppelingen/nieuw", data={
        "name": "HR De Linde", "scope_kind": "organisation", "organisation": str(world.org_a.id),
        "perm_assignments": "write"}).get_data(as_text=True)
    assert "dit recht past niet bij deze soort koppeling" in page
    page = client.post("/beheer/api-koppelingen/nieuw", data={"name": "Leeg", "scope_kind": "national"}).get_data(
        as_text=True)
    assert "Geef de koppeling minstens één recht." in page
    assert db.session.scalar(select(ApiClient)) is None


def test_rotating_and_switching_off_on_the_page(client, world):
    api_client, old = make_api_client("organisation", organisation=world.org_a)
    login(client, world.admin)
    page = client.post(f"/beheer/api-koppelingen/{api_client.id}/geheim", data={"overlap_days": "3"}).get_data(
        as_text=True)
    new = re.findall(r"<code>([^<]+)</code>", page)[1]
    assert token_status(client, api_client.client_key, old) == 200  # within the overlap
    assert token_status(client, api_client.client_key, new) == 200
    refused = client.post(f"/beheer/api-koppelingen/{api_client.id}/geheim", data={"overlap_days": "99"})
    assert refused.status_code == 400 and "Kies 0 tot en met 30 dagen." in refused.get_data(as_text=True)
    client.post(f"/beheer/api-koppelingen/{api_client.id}/uitzetten")
    assert token_status(client, api_client.client_key, new) == 401
    again = client.post(f"/beheer/api-koppelingen/{api_client.id}/uitzetten", follow_redirects=True)
    assert "Deze koppeling is al uitgezet." in again.get_data(as_text=True)


def test_only_admins_manage_clients(client, world):
    api_client, _ = make_api_client("national")
    login(client, world.ad1)
    assert client.get("/beheer/api-koppelingen").status_code == 403
    assert client.post(f"/beheer/api-koppelingen/{api_client.id}/uitzetten").status_code == 403
    db.session.refresh(api_client)
    assert api_client.is_active
    # The API's own answers stay problem+json, also for a logged-in person without a token.
    assert_problem(client.get("/api/v1/meldingen"), 401)
