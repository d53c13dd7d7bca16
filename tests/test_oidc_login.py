"""Federated login against the real OpenID provider: full logins per provider type, first login,
approval, deactivation, key rotation and logout at the provider (issue 19)."""
from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest
from sqlalchemy import select

from config import ConfigError
from portal.admin import user_service
from portal.extensions import db
from portal.models import AuditEvent, OutboxEmail, User
from tests import factories
from tests.conftest import login
from tests.oidc_fixtures import (  # noqa: F401
    EH3,
    PORTAL,
    account,
    certified_organisation,
    federated_login,
    oidc_app,
    oidc_client,
    provider,
    start,
)
from tests.oidc_provider import UserAgent


def linked_user(login_name: str) -> User | None:
    db.session.expire_all()
    return db.session.scalar(select(User).where(User.oidc_subject == login_name))


def test_staff_provider_creates_an_ad_account_and_logs_in(provider, oidc_client):
    login_name = account(provider, roles=["uwv-arbeidsdeskundige"])
    response = federated_login(oidc_client, "staff", login_name)
    assert response.status_code == 302
    user = linked_user(login_name)
    assert user.role == "ad" and user.email == f"{login_name}@example.nl" and user.name == "Sam de Vries"
    assert oidc_client.get(response.headers["Location"]).status_code == 200


def test_staff_provider_links_an_existing_account_by_email_only_within_its_roles(provider, oidc_app, world):
    login_name = account(provider, email=world.ad1.email, roles=["uwv-arbeidsdeskundige"])
    assert federated_login(oidc_app.test_client(), "staff", login_name).status_code == 302
    assert linked_user(login_name).id == world.ad1.id and linked_user(login_name).status == "active"
    # An employer's e-mail address does not make a staff account of it.
    employer_login = account(provider, email=world.employer_a.email, roles=["uwv-arbeidsdeskundige"])
    response = federated_login(oidc_app.test_client(), "staff", employer_login)
    assert response.status_code == 403 and "Uw e-mailadres hoort bij een ander account" in response.get_data(as_text=True)
    assert linked_user(employer_login) is None


def test_admin_user_list_tells_federated_and_waiting_accounts_apart(provider, oidc_app, client, world):
    staff_login = account(provider, roles=["uwv-arbeidsdeskundige"])
    federated_login(oidc_app.test_client(), "staff", staff_login)
    organisation = certified_organisation()
    waiting_login = account(provider, kvk=organisation.kvk_number, _id_token={"acr": EH3})
    federated_login(oidc_app.test_client(), "eh", waiting_login)
    login(client, world.admin)
    active = client.get("/beheer/gebruikers?status=active").get_data(as_text=True)
    waiting = client.get("/beheer/gebruikers?status=awaiting_approval").get_data(as_text=True)
    invited = client.get("/beheer/gebruikers?status=invited").get_data(as_text=True)
    assert f"{staff_login}@example.nl" in active and f"{staff_login}@example.nl" not in invited
    assert f"{waiting_login}@example.nl" in waiting and f"{waiting_login}@example.nl" not in active + invited


def test_staff_provider_maps_wsp_regions_and_updates_the_account_at_the_next_login(provider, oidc_client, oidc_app):
    login_name = account(provider, roles="wsp-adviseur", regions=["wsp-groot-amsterdam"])
    assert federated_login(oidc_client, "staff", login_name).status_code == 302
    user = linked_user(login_name)
    assert user.role == "wsp" and [region.code for region in user.regions] == ["AM18"]
    # The organisation makes the person an administrator: the next login brings the account along.
    provider.add_account(login_name, email=f"{login_name}@example.nl", name="Sam Jansen", roles=["portaalbeheer"])
    other_browser = oidc_app.test_client()
    assert federated_login(other_browser, "staff", login_name).status_code == 302
    user = linked_user(login_name)
    assert user.role == "admin" and user.regions == [] and user.name == "Sam Jansen"
    # The session opened under the old role ended with the change.
    assert oidc_client.get("/").status_code == 302


def test_eherkenning_first_login_links_the_invited_user_by_email(provider, oidc_client):
    organisation = certified_organisation()
    invited = factories.make_user("employer", organisation=organisation)
    login_name = account(provider, email=invited.email.upper(), kvk=organisation.kvk_number,
                         _id_token={"acr": EH3})
    response = federated_login(oidc_client, "eh", login_name)
    assert response.status_code == 302
    assert linked_user(login_name).id == invited.id
    page = oidc_client.get(response.headers["Location"], follow_redirects=True)
    assert organisation.name in page.get_data(as_text=True)


def test_eherkenning_first_login_of_a_stranger_waits_for_the_organisation_admin(provider, oidc_client, client):
    organisation = certified_organisation()
    admin = factories.make_user("employer", organisation=organisation)
    admin.is_organisation_admin = True
    db.session.commit()
    login_name = account(provider, kvk=organisation.kvk_number, _id_token={"acr": "EH4"})
    response = federated_login(oidc_client, "eh", login_name)
    assert response.status_code == 403
    assert "Uw account wacht op goedkeuring" in response.get_data(as_text=True)
    assert oidc_client.get("/").status_code == 302  # sees nothing
    new_user = linked_user(login_name)
    assert new_user.awaiting_approval and new_user.organisation_id == organisation.id
    mail = db.session.scalar(select(OutboxEmail).where(OutboxEmail.kind == "approval_needed"))
    assert mail.recipients == admin.email and "logde voor het eerst in met eHerkenning" in mail.body_text
    # The administrator sees the account on the organisation page and approves it.
    login(client, admin)
    assert "Wacht op goedkeuring" in client.get("/organisatie").get_data(as_text=True)
    assert client.post(f"/organisatie/collegas/{new_user.id}/goedkeuren").status_code == 302
    assert federated_login(oidc_client, "eh", login_name).status_code == 302
    assert oidc_client.get("/").status_code in (200, 302)
    assert oidc_client.get("/organisatie").status_code == 200


def test_functioneel_beheer_approves_when_the_organisation_has_no_administrator(provider, oidc_client, client, world):
    organisation = certified_organisation()
    login_name = account(provider, kvk=organisation.kvk_number, _id_token={"acr": EH3})
    assert federated_login(oidc_client, "eh", login_name).status_code == 403
    assert db.session.scalar(select(OutboxEmail).where(OutboxEmail.kind == "approval_needed")) is None
    login(client, world.admin)
    new_user = linked_user(login_name)
    assert "Account goedkeuren" in client.get(f"/beheer/gebruikers/{new_user.id}").get_data(as_text=True)
    assert client.post(f"/beheer/gebruikers/{new_user.id}/goedkeuren").status_code == 302
    assert not linked_user(login_name).awaiting_approval
    assert federated_login(oidc_client, "eh", login_name).status_code == 302


def test_an_employer_who_is_not_an_organisation_admin_cannot_approve(provider, oidc_client, client):
    organisation = certified_organisation()
    colleague = factories.make_user("employer", organisation=organisation)
    login_name = account(provider, kvk=organisation.kvk_number, _id_token={"acr": EH3})
    federated_login(oidc_client, "eh", login_name)
    login(client, colleague)
    assert client.post(f"/organisatie/collegas/{linked_user(login_name).id}/goedkeuren").status_code == 403
    assert linked_user(login_name).awaiting_approval


def test_a_deactivated_user_loses_the_live_session_and_the_next_login(provider, oidc_client):
    login_name = account(provider, roles=["uwv-arbeidsdeskundige"])
    home = federated_login(oidc_client, "staff", login_name).headers["Location"]
    assert oidc_client.get(home).status_code == 200
    user_service.deactivate_user(None, linked_user(login_name))
    db.session.commit()
    assert oidc_client.get(home).status_code == 302  # the session version ended it
    response = federated_login(oidc_client, "staff", login_name)
    assert response.status_code == 403
    assert "Uw account is uitgezet" in response.get_data(as_text=True)
    assert db.session.scalar(select(AuditEvent).where(AuditEvent.action == "login_account_disabled",
                                                      AuditEvent.actor_email == f"{login_name}@example.nl"))


def test_key_rotation_at_the_provider(provider, oidc_client, oidc_app):
    login_name = account(provider, roles=["uwv-arbeidsdeskundige"])
    assert federated_login(oidc_client, "staff", login_name).status_code == 302
    old_kid = provider.kid()
    provider.restart()  # a new signing key; the portal still holds the old key set
    provider.add_account(login_name, **{key: value for key, value in provider.accounts[login_name].items()})
    assert provider.kid() != old_kid
    assert federated_login(oidc_app.test_client(), "staff", login_name).status_code == 302


def test_logout_ends_the_session_at_the_provider_too(provider, oidc_client):
    login_name = account(provider, roles=["uwv-arbeidsdeskundige"])
    agent = UserAgent(PORTAL)
    assert federated_login(oidc_client, "staff", login_name, agent).status_code == 302
    response = oidc_client.post("/uitloggen")
    end_session = response.headers["Location"]
    assert end_session.startswith(provider.issuer + "/session/end")
    query = parse_qs(urlsplit(end_session).query)
    assert query["post_logout_redirect_uri"] == [f"{PORTAL}/inloggen"] and query["id_token_hint"]
    assert oidc_client.get("/account/wachtwoord").status_code == 302  # the portal's session is gone already
    assert agent.follow(end_session, None).startswith(f"{PORTAL}/inloggen")
    # The provider forgot the person: a new login asks for the login page again.
    back_without_login = agent.http.get(start(oidc_client, "staff"), allow_redirects=True, timeout=10)
    assert 'name="login"' in back_without_login.text


def test_login_page_shows_only_the_configured_providers(provider, oidc_client, client):
    page = oidc_client.get("/inloggen").get_data(as_text=True)
    assert "Inloggen met eHerkenning" in page and "Inloggen als medewerker van UWV / WSP" in page
    # The buttons' forms redirect to the provider: the page's CSP lets them (form-action).
    assert f"form-action 'self' {provider.issuer};" in oidc_client.get("/inloggen").headers["Content-Security-Policy"]
    plain = client.get("/inloggen").get_data(as_text=True)
    assert "eHerkenning" not in plain and 'name="password"' in plain


def test_password_login_can_be_switched_off_per_role(app, database_url, world):
    from tests.conftest import make_app

    client = make_app(database_url, PASSWORD_LOGIN_ROLES="employer").test_client()
    refused = client.post("/inloggen", data={"email": world.ad1.email, "password": factories.PASSWORD})
    assert refused.status_code == 200
    assert "U logt niet meer in met een wachtwoord" in refused.get_data(as_text=True)
    assert client.get("/inloggen/code").status_code == 302  # no second step started either
    assert client.post("/inloggen", data={"email": world.employer_a.email, "password": factories.PASSWORD}).status_code == 302
    nobody = make_app(database_url, PASSWORD_LOGIN_ROLES="").test_client()
    assert 'name="password"' not in nobody.get("/inloggen").get_data(as_text=True)


@pytest.mark.parametrize("settings, message", [
    ({"OIDC_PROVIDERS": "eh", "OIDC_EH_KIND": "digid"}, "KIND"),
    ({"OIDC_PROVIDERS": "eh", "OIDC_EH_KIND": "eherkenning", "OIDC_EH_ISSUER": "https://broker.example"}, "CLIENT_ID"),
    ({"OIDC_PROVIDERS": "eh", "OIDC_EH_KIND": "eherkenning", "OIDC_EH_ISSUER": "http://broker.example",
      "OIDC_EH_CLIENT_ID": "a", "OIDC_EH_CLIENT_SECRET": "b"}, "https"),
    ({"OIDC_PROVIDERS": "eh", "OIDC_EH_KIND": "eherkenning", "OIDC_EH_ISSUER": "https://broker.example",
      "OIDC_EH_CLIENT_ID": "a", "OIDC_EH_CLIENT_SECRET": "b", "OIDC_EH_MIN_LEVEL": "EH9"}, "MIN_LEVEL"),
    ({"OIDC_PROVIDERS": "uwv", "OIDC_UWV_KIND": "staff", "OIDC_UWV_ISSUER": "https://id.uwv.example",
      "OIDC_UWV_CLIENT_ID": "a", "OIDC_UWV_CLIENT_SECRET": "b", "OIDC_UWV_ROLES": "employer"}, "ROLES"),
    ({"OIDC_PROVIDERS": "uwv", "OIDC_UWV_KIND": "staff", "OIDC_UWV_ISSUER": "https://id.uwv.example",
      "OIDC_UWV_CLIENT_ID": "a", "OIDC_UWV_CLIENT_SECRET": "b", "OIDC_UWV_ROLE_MAP": "x=koning"}, "ROLE_MAP"),
    ({"PASSWORD_LOGIN_ROLES": "employer,koning"}, "PASSWORD_LOGIN_ROLES"),
])
def test_a_wrong_provider_setting_stops_the_start(settings, message):
    from portal import create_app

    with pytest.raises(ConfigError, match=message):
        create_app("testing", overrides={"DATABASE_URL": "sqlite://", **settings})
