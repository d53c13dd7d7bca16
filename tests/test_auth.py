
from portal.extensions import db
from portal.models import User
from tests.conftest import fresh_totp_code, login, make_app
from tests.factories import PASSWORD


def test_login_with_a_wrong_password_shows_one_dutch_message_for_all_cases(client, world):
    wrong = client.post("/inloggen", data={"email": world.employer_a.email, "password": "verkeerd-wachtwoord"})
    unknown = client.post("/inloggen", data={"email": "niemand@test.example", "password": "verkeerd-wachtwoord"})
    for response in (wrong, unknown):
        assert response.status_code == 200
        assert "Het e-mailadres of het wachtwoord klopt niet" in response.get_data(as_text=True)
    # What the user typed stays in the form.
    assert world.employer_a.email in wrong.get_data(as_text=True)


def test_empty_login_form_gets_an_error_summary(client):
    page = client.post("/inloggen", data={}).get_data(as_text=True)
    assert "Er ging iets mis" in page
    assert "Vul uw e-mailadres in." in page


def test_login_sends_each_role_to_its_own_start_page(client, world):
    expected = {
        world.employer_a: "/medewerkers",
        world.ad1: "/inbox",
        world.wsp_amsterdam: "/wsp/verzoeken",
        world.admin: "/beheer/",
    }
    for user, path in expected.items():
        response = login(client, user)
        assert response.headers["Location"] == path
        client.post("/uitloggen")


def test_email_is_case_insensitive(client, world):
    response = client.post("/inloggen", data={"email": world.ad1.email.upper(), "password": PASSWORD})
    assert response.status_code == 302


def test_disabled_user_cannot_log_in(client, world):
    world.ad1.is_enabled = False
    db.session.commit()
    response = client.post("/inloggen", data={"email": world.ad1.email, "password": PASSWORD})
    assert response.status_code == 200


def test_passwords_are_hashed_with_argon2id_above_the_asvs_floor(world):
    stored = db.session.get(User, world.ad1.id).password_hash
    assert stored.startswith("$argon2id$")
    memory = int(stored.split("$")[3].split(",")[0].removeprefix("m="))
    time_cost = int(stored.split("$")[3].split(",")[1].removeprefix("t="))
    assert memory >= 19456 and time_cost >= 2


def test_logout_ends_the_session_even_for_a_copied_cookie(app, client, world):
    login(client, world.employer_a)
    cookie = client.get_cookie(app.config["SESSION_COOKIE_NAME"])
    assert client.get("/medewerkers").status_code == 200

    thief = app.test_client()
    thief.set_cookie(app.config["SESSION_COOKIE_NAME"], cookie.value)
    assert thief.get("/medewerkers").status_code == 200

    client.post("/uitloggen")
    assert client.get("/medewerkers").status_code == 302
    # The copy made before logout no longer opens anything.
    response = thief.get("/medewerkers")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/inloggen")


def test_protected_pages_send_anonymous_users_to_login_with_next(client):
    response = client.get("/meldingen")
    assert response.status_code == 302
    assert response.headers["Location"] == "/inloggen?next=%2Fmeldingen"


def test_next_redirects_only_within_this_site(client, world):
    for target in ("https://evil.example/", "//evil.example/", "/\\evil.example"):
        response = client.post(
            "/inloggen", query_string={"next": target}, data={"email": world.employer_a.email, "password": PASSWORD}
        )
        assert response.headers["Location"] == "/medewerkers"
        client.post("/uitloggen")
    response = client.post(
        "/inloggen", query_string={"next": "/meldingen"}, data={"email": world.employer_a.email, "password": PASSWORD}
    )
    assert response.headers["Location"] == "/meldingen"


def test_next_survives_the_second_step(client, world):
    response = client.post(
        "/inloggen", query_string={"next": "/caseload"}, data={"email": world.ad1.email, "password": PASSWORD}
    )
    assert response.headers["Location"] == "/inloggen/code"
    response = client.post("/inloggen/code", data={"code": fresh_totp_code(world.ad1)})
    assert response.headers["Location"] == "/caseload"


def test_logout_is_post_only(client, world):
    login(client, world.ad1)
    assert client.get("/uitloggen").status_code == 405
    assert client.get("/inbox").status_code == 200


def test_posts_without_a_csrf_token_are_refused(database_url, world):
    app = make_app(database_url, WTF_CSRF_ENABLED=True)
    client = app.test_client()
    response = client.post("/inloggen", data={"email": world.ad1.email, "password": PASSWORD})
    assert response.status_code == 400
    assert "Uw formulier is verlopen" in response.get_data(as_text=True)


def test_pages_carry_security_headers(client):
    response = client.get("/inloggen")
    assert "default-src 'self'" in response.headers["Content-Security-Policy"]
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["Cache-Control"] == "no-store"
