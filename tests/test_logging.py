"""Operators' log: the security log at INFO in production, a request id on every line and error page."""
from __future__ import annotations

import logging

from flask import g

from portal import create_app
from portal.logging_config import RequestContextFilter, logging_settings
from tests.conftest import keep_until_the_end
from tests.factories import make_user


def _production_app(monkeypatch, database_url):
    monkeypatch.setenv("PORTAL_SECRET_KEY", "x" * 40)
    monkeypatch.setenv("PORTAL_DATABASE_URL", database_url)
    return keep_until_the_end(
        create_app("production", overrides={"WTF_CSRF_ENABLED": False, "RATELIMIT_ENABLED": False}))


def test_a_failed_login_is_logged_at_info_under_the_production_config(monkeypatch, database_url, capfd):
    # Read from stderr as the operators get it, not through caplog, whose level would hide a
    # dropped INFO line (TRAPS 16).
    app = _production_app(monkeypatch, database_url)
    user = make_user("ad")
    capfd.readouterr()
    response = app.test_client().post("/inloggen", data={"email": user.email, "password": "niet-het-wachtwoord"})
    assert response.status_code == 200
    lines = [line for line in capfd.readouterr().err.splitlines() if "logger=portal.security" in line]
    assert len(lines) == 1
    assert "level=INFO" in lines[0] and f"login failed: wrong password for user {user.id}" in lines[0]
    assert "request=" in lines[0] and "request=-" not in lines[0]
    assert user.email not in lines[0]  # ids only, no personal data


def test_log_lines_carry_the_request_and_the_user(app):
    settings = logging_settings("INFO")
    formatter = logging.Formatter(settings["formatters"]["line"]["format"])
    record = logging.LogRecord("portal.security", logging.INFO, __file__, 1, "login failed for user %s", (7,), None)
    with app.test_request_context("/"):
        g.request_id = "abcd1234abcd1234"
        RequestContextFilter().filter(record)
    line = formatter.format(record)
    assert "level=INFO logger=portal.security request=abcd1234abcd1234 user=- login failed for user 7" in line


def test_the_error_page_shows_the_request_id_to_quote(client):
    response = client.get("/bestaat-niet")
    assert response.status_code == 404
    request_id = response.headers["X-Request-ID"]
    assert len(request_id) == 16
    assert request_id in response.get_data(as_text=True)
    # An id offered by the proxy is kept (so nginx's and the portal's lines match); junk is not.
    assert client.get("/bestaat-niet", headers={"X-Request-ID": "nginx-1234abcd"}).headers["X-Request-ID"] == "nginx-1234abcd"
    assert client.get("/bestaat-niet", headers={"X-Request-ID": "<script>"}).headers["X-Request-ID"] != "<script>"
