"""Fixtures for the federated-login tests: the real provider and a portal configured for it."""
from __future__ import annotations

import uuid
from datetime import timedelta

import pytest

from portal.extensions import db
from portal.formatting import local_today
from portal.models import utcnow
from tests import factories
from tests.conftest import make_app
from tests.oidc_provider import OpenIdProvider, UserAgent

PORTAL = "http://localhost"


@pytest.fixture(scope="session")
def provider():
    op = OpenIdProvider([PORTAL]).start()
    yield op
    op.stop()


@pytest.fixture(scope="session")
def oidc_app(app, database_url, provider):
    return make_app(database_url, **provider.portal_settings())


@pytest.fixture
def oidc_client(oidc_app):
    return oidc_app.test_client()


def certified_organisation(**changes):
    organisation = factories.make_organisation()
    organisation.pso_verified_at = utcnow()
    organisation.pso_valid_until = local_today() + timedelta(days=365)
    for key, value in changes.items():
        setattr(organisation, key, value)
    db.session.commit()
    return organisation


def start(client, name: str):
    response = client.post(f"/inloggen/via/{name}")
    assert response.status_code == 302, response.get_data(as_text=True)
    return response.headers["Location"]


def federated_login(client, name: str, login: str, agent: UserAgent | None = None):
    """Log in through the provider end to end; the portal's answer to the provider's return."""
    agent = agent or UserAgent(PORTAL)
    back = agent.follow(start(client, name), login)
    return client.get(back.removeprefix(PORTAL))


EH3 = "urn:etoegang:core:assurance-class:loa3"  # eHerkenning level 3, the portal's minimum


def account(provider, **claims) -> str:
    login_name = f"person-{uuid.uuid4().hex[:10]}"
    claims.setdefault("email", f"{login_name}@example.nl")
    claims.setdefault("name", "Sam de Vries")
    return provider.add_account(login_name, **claims)
