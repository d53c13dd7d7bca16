"""Users: invitation by e-mail, first password and two-factor enrolment, deactivation, changes,
and the employer's own organisation administrator."""
import re
from datetime import timedelta

import pyotp
import time_machine
from sqlalchemy import select

from portal.admin import user_service as user_admin
from portal.auth import invitation_service as invitations
from portal.extensions import db
from portal.models import User, UserInvitation, utcnow
from tests.admin_helpers import audit_events, forget_certificate_verifiers, mails  # noqa: F401  (fixtures)
from tests.conftest import login, make_app
from tests.factories import PASSWORD, region

NEW_PASSWORD = "fietsen-langs-de-amstel-in-mei"


def invitation_link(user) -> str:
    [mail] = [m for m in mails("invitation") if user.email in m.recipient_list][-1:]
    assert "7 dagen" in mail.body_text and "7 dagen" in mail.body_html
    return re.search(r"http://[^/]+(/uitnodiging/[A-Za-z0-9_\-]+)", mail.body_text).group(1)


def get_user(email) -> User:
    db.session.expire_all()
    return db.session.scalar(select(User).where(User.email == email))


def test_an_admin_invites_an_ad_who_sets_a_password_and_enrols_the_app(client, app, world, audit_events):
    login(client, world.admin)
    response = client.post("/beheer/gebruikers/uitnodigen", data={
        "email": "Nieuwe.AD@uwv.example", "name": "Nieuwe Arbeidsdeskundige", "role": "ad", "phone": "06 1111 2222"})
    user = get_user("nieuwe.ad@uwv.example")
    assert response.headers["Location"] == f"/beheer/gebruikers/{user.id}"
    assert user.status == "invited" and not user.has_password and user.role == "ad"
    link = invitation_link(user)
    client.post("/uitloggen")

    # Before using the link nobody can log in as this user.
    assert client.post("/inloggen", data={"email": user.email, "password": ""}).status_code == 200
    page = client.get(link).get_data(as_text=True)
    assert "Welkom bij Servicepunt Inclusief" in page and "Nieuwe Arbeidsdeskundige" in page
    weak = client.post(link, data={"new_password": "kort", "repeat_password": "kort"}).get_data(as_text=True)
    assert "Gebruik minstens 12 tekens" in weak
    response = client.post(link, data={"new_password": NEW_PASSWORD, "repeat_password": NEW_PASSWORD})
    assert response.headers["Location"] == "/inloggen/instellen"  # the usual two-factor enrolment
    enrol = client.get("/inloggen/instellen").get_data(as_text=True)
    secret = re.search(r'<code class="secret">([A-Z2-7]+)</code>', enrol).group(1)
    done = client.post("/inloggen/instellen", data={"code": pyotp.TOTP(secret).now()}).get_data(as_text=True)
    assert len(re.findall(r"<code>([0-9a-f]{8}-[0-9a-f]{8})</code>", done)) == 10
    assert client.get("/inbox").status_code == 200
    assert get_user(user.email).status == "active"
    # The link worked once.
    client.post("/uitloggen")
    assert client.get(link).status_code == 410
    assert client.post(link, data={"new_password": NEW_PASSWORD, "repeat_password": NEW_PASSWORD}).status_code == 410
    assert [e.action for e in audit_events()][:2] == ["user_invited", "invitation_accepted"]


def test_an_employer_without_two_factor_is_logged_in_at_once(client, world):
    user = invitations.invite_user(world.admin, email="nieuw@delinde.example", name="Nieuwe Collega",
                                   role="employer", organisation=world.org_a)
    db.session.commit()
    response = client.post(invitation_link(user), data={"new_password": NEW_PASSWORD, "repeat_password": NEW_PASSWORD})
    assert response.headers["Location"] == "/medewerkers"
    assert client.get("/medewerkers").status_code == 200


def test_an_invitation_works_seven_days(client, world):
    user = invitations.invite_user(world.admin, email="laat@uwv.example", name="Laat Lezer", role="ad")
    db.session.commit()
    link = invitation_link(user)
    with time_machine.travel(utcnow() + timedelta(days=6, hours=23), tick=False):
        assert client.get(link).status_code == 200
    with time_machine.travel(utcnow() + timedelta(days=7, minutes=1), tick=False):
        assert client.get(link).status_code == 410


def test_a_new_invitation_replaces_the_old_link(client, world):
    user = invitations.invite_user(world.admin, email="twee@uwv.example", name="Twee Keer", role="ad")
    first = invitation_link(user)
    login(client, world.admin)
    client.post(f"/beheer/gebruikers/{user.id}/uitnodiging")
    second = invitation_link(user)
    client.post("/uitloggen")
    assert first != second
    assert client.get(first).status_code == 410 and client.get(second).status_code == 200


def test_invitation_form_rules(client, world):
    login(client, world.admin)
    url = "/beheer/gebruikers/uitnodigen"
    cases = [
        ({"email": world.ad1.email, "name": "X", "role": "ad"}, "Er is al een gebruiker met dit e-mailadres."),
        ({"email": "a@b.example", "name": "X", "role": "employer"}, "Vul het KvK-nummer in"),
        ({"email": "a@b.example", "name": "X", "role": "employer", "organisation": "99999999"}, "geen organisatie met dit KvK-nummer"),
        ({"email": "a@b.example", "name": "X", "role": "ad", "organisation": world.org_a.kvk_number}, "Alleen werkgevers horen bij een organisatie"),
        ({"email": "a@b.example", "name": "X", "role": "wsp"}, "Kies minstens één regio."),
        ({"email": "a@b.example", "name": "X", "role": "ad", "regions": [region("AM18").id]}, "Alleen adviseurs van een Werkgeversservicepunt"),
        ({"email": "geen-adres", "name": "X", "role": "ad"}, "Vul een geldig e-mailadres in"),
    ]
    for data, message in cases:
        page = client.post(url, data=data).get_data(as_text=True)
        assert message in page, data
        assert "Er ging iets mis. Verbeter dit:" in page
    assert get_user("a@b.example") is None and mails("invitation") == []
    client.post(url, data={"email": "wsp@nieuw.example", "name": "Wes Pee", "role": "wsp",
                           "regions": [region("AM18").id, region("AM22").id]})
    assert [r.code for r in get_user("wsp@nieuw.example").regions] == ["AM18", "AM22"]


def test_deactivation_ends_every_session_at_once(app, client, world, audit_events):
    other_browser = app.test_client()
    login(other_browser, world.employer_a2)
    assert other_browser.get("/medewerkers").status_code == 200
    version = world.employer_a2.session_version
    login(client, world.admin)
    client.post(f"/beheer/gebruikers/{world.employer_a2.id}/uitzetten")
    user = get_user(world.employer_a2.email)
    assert not user.is_enabled and user.session_version == version + 1 and user.status == "disabled"
    assert other_browser.get("/medewerkers").status_code == 302
    fresh = app.test_client()
    assert fresh.post("/inloggen", data={"email": user.email, "password": PASSWORD}).status_code == 200
    assert "user_deactivated" in [e.action for e in audit_events()]
    client.post(f"/beheer/gebruikers/{user.id}/aanzetten")
    assert get_user(user.email).is_enabled
    assert fresh.post("/inloggen", data={"email": user.email, "password": PASSWORD}).status_code == 302


def test_deactivation_also_cancels_an_unused_invitation(client, world):
    user = invitations.invite_user(world.admin, email="weg@uwv.example", name="Al Weg", role="ad")
    link = invitation_link(user)
    user_admin.deactivate_user(world.admin, user)
    assert client.get(link).status_code == 410
    assert db.session.scalar(select(UserInvitation).where(UserInvitation.user_id == user.id)).used_at is not None


def test_admins_cannot_lock_themselves_out(client, world):
    login(client, world.admin)
    client.post(f"/beheer/gebruikers/{world.admin.id}/uitzetten")
    assert get_user(world.admin.email).is_enabled
    page = client.post(f"/beheer/gebruikers/{world.admin.id}", data={"name": world.admin.name, "role": "ad"})
    assert "U kunt uw eigen rol niet wijzigen" in page.get_data(as_text=True)


def test_a_new_role_ends_the_sessions_and_asks_for_what_the_role_needs(app, client, world):
    employer_browser = app.test_client()
    login(employer_browser, world.employer_a2)
    login(client, world.admin)
    response = client.post(f"/beheer/gebruikers/{world.employer_a2.id}", data={
        "name": "Peter Kok", "phone": "", "role": "wsp", "organisation": "", "regions": [region("AM22").id]})
    assert response.status_code == 302
    user = get_user(world.employer_a2.email)
    assert (user.role, user.organisation_id, [r.code for r in user.regions]) == ("wsp", None, ["AM22"])
    assert employer_browser.get("/medewerkers").status_code == 302
    again = employer_browser.post("/inloggen", data={"email": user.email, "password": PASSWORD})
    assert again.headers["Location"] == "/inloggen/instellen"  # a WSP adviser needs the app


def test_an_ad_with_employees_keeps_the_role_until_they_moved(client, world):
    login(client, world.admin)
    page = client.post(f"/beheer/gebruikers/{world.ad1.id}", data={"name": world.ad1.name, "role": "wsp",
                                                                    "regions": [region("AM18").id]})
    assert "heeft nog medewerkers" in page.get_data(as_text=True)
    assert get_user(world.ad1.email).role == "ad"
    assert "begeleidt nu 1 medewerker" in client.get(f"/beheer/gebruikers/{world.ad1.id}").get_data(as_text=True)


def make_organisation_admin(user):
    user.is_organisation_admin = True
    db.session.commit()


def test_an_organisation_administrator_invites_and_deactivates_colleagues(app, client, world):
    make_organisation_admin(world.employer_a)
    colleague_browser = app.test_client()
    login(colleague_browser, world.employer_a2)
    login(client, world.employer_a)
    page = client.get("/organisatie").get_data(as_text=True)
    assert "Collega uitnodigen" in page and world.employer_a2.email in page and world.employer_b.email not in page
    client.post("/organisatie/collegas/uitnodigen", data={"email": "nieuw@delinde.example", "name": "Nina Nieuw",
                                                          "is_organisation_admin": "y", "role": "admin"})
    invited = get_user("nieuw@delinde.example")
    assert (invited.role, invited.organisation_id, invited.is_organisation_admin) == ("employer", world.org_a.id, False)
    assert invitation_link(invited)
    client.post(f"/organisatie/collegas/{world.employer_a2.id}/uitzetten")
    assert not get_user(world.employer_a2.email).is_enabled
    assert colleague_browser.get("/medewerkers").status_code == 302
    # Not another organisation's users, not UWV's, not oneself.
    assert client.post(f"/organisatie/collegas/{world.employer_b.id}/uitzetten").status_code == 404
    assert client.post(f"/organisatie/collegas/{world.ad1.id}/uitzetten").status_code == 404
    client.post(f"/organisatie/collegas/{world.employer_a.id}/uitzetten")
    assert get_user(world.employer_a.email).is_enabled
    assert get_user(world.employer_b.email).is_enabled and get_user(world.ad1.email).is_enabled


def test_other_employers_see_colleagues_but_cannot_manage_them(client, world):
    make_organisation_admin(world.employer_a)
    login(client, world.employer_a2)
    page = client.get("/organisatie").get_data(as_text=True)
    assert "Vraag het aan een beheerder van uw organisatie: Marieke Jansen" in page
    assert "Collega uitnodigen" not in page
    assert client.get("/organisatie/collegas/uitnodigen").status_code == 403
    assert client.post(f"/organisatie/collegas/{world.employer_a.id}/uitzetten").status_code == 403
    assert get_user(world.employer_a.email).is_enabled


def test_csrf_is_required_on_the_invitation_page(database_url, world):
    user = invitations.invite_user(world.admin, email="csrf@uwv.example", name="Cee Srf", role="ad")
    link = invitation_link(user)
    strict = make_app(database_url, WTF_CSRF_ENABLED=True).test_client()
    assert strict.post(link, data={"new_password": NEW_PASSWORD, "repeat_password": NEW_PASSWORD}).status_code == 400
    assert not get_user(user.email).has_password


def test_org_admins_are_named_by_admins_only(world):
    make_organisation_admin(world.employer_a)
    colleague = invitations.invite_user(world.employer_a, email="x@delinde.example", name="X Y", role="employer",
                                        organisation=world.org_a, is_organisation_admin=True)
    assert not colleague.is_organisation_admin
    named = invitations.invite_user(world.admin, email="z@delinde.example", name="Z Y", role="employer",
                                    organisation=world.org_a, is_organisation_admin=True)
    assert named.is_organisation_admin


def test_an_invited_user_has_no_password_that_works(data_app, world):
    from portal.auth.account_service import authenticate

    user = invitations.invite_user(world.admin, email="leeg@uwv.example", name="Nog Geen Wachtwoord", role="ad")
    with data_app.test_request_context():
        for guess in ("", "!", NEW_PASSWORD, PASSWORD):
            assert authenticate(user.email, guess) is None


def test_the_invitation_mail_escapes_names(world):
    user = invitations.invite_user(world.admin, email="html@uwv.example", name="<b>Vet</b>", role="ad")
    [mail] = [m for m in mails("invitation") if user.email in m.recipient_list]
    assert "<b>Vet</b>" not in mail.body_html and "&lt;b&gt;Vet&lt;/b&gt;" in mail.body_html
