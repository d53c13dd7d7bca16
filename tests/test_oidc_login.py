"""Federated login against the real OpenID provider: full logins per provider type (issue 19)."""
from __future__ import annotations

import uuid

from sqlalchemy import select

from portal.extensions import db
from portal.models import User
from tests import factories
from tests.oidc_fixtures import certified_organisation, federated_login, oidc_app, oidc_client, provider  # noqa: F401


def account(provider, **claims) -> str:
    login = f"person-{uuid.uuid4().hex[:10]}"
    claims.setdefault("email", f"{login}@example.nl")
    claims.setdefault("name", "Sam de Vries")
    return provider.add_account(login, **claims)


def test_staff_provider_creates_an_ad_account_and_logs_in(provider, oidc_client):
    login = account(provider, roles=["uwv-arbeidsdeskundige"])
    response = federated_login(oidc_client, "staff", login)
    assert response.status_code == 302
    user = db.session.scalar(select(User).where(User.oidc_subject == login))
    assert user.role == "ad" and user.email == f"{login}@example.nl"
    assert oidc_client.get(response.headers["Location"]).status_code == 200
