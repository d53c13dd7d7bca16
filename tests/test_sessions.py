"""Sessions, CSRF and headers (ASVS 5.0 ch. 3, 7)."""
from datetime import UTC, datetime, timedelta

import time_machine

from tests.conftest import login, make_app
from tests.factories import PASSWORD


def later(minutes):
    return time_machine.travel(datetime.now(UTC) + timedelta(minutes=minutes), tick=False)


def test_idle_timeout_after_thirty_minutes(client, world):
    login(client, world.employer_a)
    with later(29):
        assert client.get("/medewerkers").status_code == 200  # activity resets the idle clock
    with later(29 + 29):
        assert client.get("/medewerkers").status_code == 200
    with later(29 + 29 + 31):
        response = client.get("/medewerkers")
        assert response.status_code == 302 and response.headers["Location"] == "/inloggen"
        assert "U was een tijd niet actief" in client.get("/inloggen").get_data(as_text=True)


def test_absolute_lifetime_of_twelve_hours_even_when_active(client, world):
    login(client, world.employer_a)
    for quarter in range(1, 48):  # every 15 minutes for 11h45
        with later(quarter * 15):
            assert client.get("/medewerkers").status_code == 200
    with later(12 * 60 + 5):
        assert client.get("/medewerkers").status_code == 302


def test_stay_logged_in_counts_as_activity(client, world):
    login(client, world.employer_a)
    with later(25):
        assert client.post("/sessie/verlengen").status_code == 204
    with later(50):
        assert client.get("/medewerkers").status_code == 200


def test_login_starts_a_new_session(app, client, world):
    client.get("/inloggen")
    client.set_cookie(app.config["SESSION_COOKIE_NAME"], "planted-by-an-attacker")
    login(client, world.employer_a)
    assert client.get_cookie(app.config["SESSION_COOKIE_NAME"]).value != "planted-by-an-attacker"


def test_disabling_a_user_ends_their_sessions(client, world):
    from portal.extensions import db

    login(client, world.employer_a)
    world.employer_a.is_enabled = False
    db.session.commit()
    assert client.get("/medewerkers").status_code == 302


def test_every_post_route_refuses_a_request_without_csrf_token(database_url, world):
    app = make_app(database_url, WTF_CSRF_ENABLED=True)
    client = app.test_client()
    # Log in through the real form, token included.
    page = client.get("/inloggen").get_data(as_text=True)
    token = page.split('name="csrf_token" type="hidden" value="')[1].split('"')[0]
    assert client.post("/inloggen", data={"email": world.employer_a.email, "password": PASSWORD,
                                          "csrf_token": token}).status_code == 302
    post_routes = [r for r in app.url_map.iter_rules() if "POST" in r.methods]
    assert len(post_routes) >= 15
    for rule in post_routes:
        path = rule.rule
        for argument in rule.arguments:
            path = path.replace(f"<int:{argument}>", "1").replace(f"<{argument}>", "x")
        if rule.endpoint.startswith("api."):
            # The API takes no session cookie, only a bearer token or client credentials (which a
            # forged cross-site form cannot carry): it is exempt from CSRF tokens and refuses here.
            expected = 400 if rule.endpoint == "api.token" else 401
            assert client.post(path, data={"note": "x"}).status_code == expected, rule.rule
            continue
        assert client.post(path, data={"note": "x"}).status_code == 400, rule.rule
    assert client.get("/medewerkers").status_code == 200  # still logged in: nothing happened


def test_no_store_and_security_headers_on_pages_errors_and_redirects(client, world):
    login(client, world.employer_a)
    for path in ("/medewerkers", "/meldingen/999999", "/bestaat-niet", "/"):
        response = client.get(path)
        assert response.headers["Cache-Control"] == "no-store", path
        assert "object-src 'none'" in response.headers["Content-Security-Policy"]
        assert "base-uri 'none'" in response.headers["Content-Security-Policy"]
        assert "frame-ancestors 'none'" in response.headers["Content-Security-Policy"]
        assert "'unsafe-inline'" not in response.headers["Content-Security-Policy"]
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        assert response.headers["Referrer-Policy"] == "same-origin"
    with client.get("/static/css/portal.css") as static:  # a file response: closed, or it warns
        assert "no-store" not in static.headers.get("Cache-Control", "")


def test_hsts_only_in_production(database_url):
    production = make_app(database_url, SESSION_COOKIE_SECURE=True).test_client().get("/inloggen")
    assert production.headers["Strict-Transport-Security"].startswith("max-age=31536000")
    assert "Strict-Transport-Security" not in make_app(database_url).test_client().get("/inloggen").headers


def test_pages_have_no_inline_script(client, world):
    login(client, world.employer_a)
    page = client.get("/medewerkers").get_data(as_text=True)
    assert "<script>" not in page and "<script src=" in page
    assert " onclick=" not in page
