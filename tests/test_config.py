import pytest

from config import ConfigError, load_config
from portal import create_app

GOOD_SECRET = "x" * 40


def test_production_refuses_to_start_without_secret_key_and_database():
    with pytest.raises(ConfigError, match="PORTAL_SECRET_KEY and PORTAL_DATABASE_URL"):
        load_config("production", environ={})


def test_production_refuses_a_short_secret_key():
    with pytest.raises(ConfigError, match="at least 32"):
        load_config("production", environ={"PORTAL_SECRET_KEY": "short", "PORTAL_DATABASE_URL": "sqlite://"})


def test_production_cookies_and_limits_are_strict():
    settings = load_config("production", environ={"PORTAL_SECRET_KEY": GOOD_SECRET, "PORTAL_DATABASE_URL": "sqlite://"})
    assert settings["SESSION_COOKIE_SECURE"] is True
    assert settings["SESSION_COOKIE_HTTPONLY"] is True
    assert settings["SESSION_COOKIE_SAMESITE"] == "Lax"
    assert settings["SESSION_COOKIE_NAME"].startswith("__Host-")
    assert settings["PERMANENT_SESSION_LIFETIME"].total_seconds() == 12 * 3600
    assert 0 < settings["MAX_CONTENT_LENGTH"] <= 10 * 1024 * 1024


def test_every_setting_can_be_overridden_by_a_portal_environment_variable():
    settings = load_config(
        "development",
        environ={"PORTAL_PAGE_SIZE": "50", "PORTAL_SESSION_COOKIE_SECURE": "true", "PORTAL_SOMETHING_NEW": "hello"},
    )
    assert settings["PAGE_SIZE"] == 50
    assert settings["SESSION_COOKIE_SECURE"] is True
    assert settings["SOMETHING_NEW"] == "hello"


def test_portal_config_chooses_the_environment():
    assert load_config(environ={"PORTAL_CONFIG": "testing"})["TESTING"] is True
    with pytest.raises(ConfigError):
        load_config("staging", environ={})


def test_create_app_defaults_to_sqlite_in_the_instance_folder(monkeypatch, tmp_path):
    monkeypatch.delenv("PORTAL_DATABASE_URL", raising=False)
    app = create_app("testing")
    assert app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite:///")
    assert app.config["SQLALCHEMY_DATABASE_URI"].endswith("instance/portal.sqlite3")


def test_postgresql_urls_use_the_psycopg_driver():
    app = create_app("testing", overrides={"DATABASE_URL": "postgres://u@db/portal"})
    assert app.config["SQLALCHEMY_DATABASE_URI"] == "postgresql+psycopg://u@db/portal"


def test_production_tunes_the_postgresql_planner_and_sqlite_ignores_it():
    production = load_config("production", environ={"PORTAL_SECRET_KEY": GOOD_SECRET, "PORTAL_DATABASE_URL": "sqlite://"})
    assert "random_page_cost=1.1" in production["DATABASE_OPTIONS"]
    options = {"DATABASE_OPTIONS": production["DATABASE_OPTIONS"]}
    app = create_app("testing", overrides={"DATABASE_URL": "postgres://u@db/portal", **options})
    assert app.config["SQLALCHEMY_ENGINE_OPTIONS"]["connect_args"] == {"options": production["DATABASE_OPTIONS"]}
    assert app.config["SQLALCHEMY_ENGINE_OPTIONS"]["hide_parameters"] is True
    app = create_app("testing", overrides={"DATABASE_URL": "sqlite://", **options})
    assert "connect_args" not in app.config["SQLALCHEMY_ENGINE_OPTIONS"]
