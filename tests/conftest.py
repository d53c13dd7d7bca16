"""Test set-up: one migrated database per run (SQLite, or PostgreSQL when
PORTAL_TEST_DATABASE_URL is set), emptied after every test.

Tests build data in the context of a second app instance (`data_app`), so that the test
client's requests always get a fresh app context and session of their own, as in production.
"""
from __future__ import annotations

import os
import uuid

import pyotp
import pytest
from sqlalchemy import delete, update

from portal import create_app
from portal.extensions import db
from portal.models import Organisation, Region, User
from tests import dbutil, factories

# The audit log is append-only (the database refuses deletes): tests filter it by id instead.
KEEP_TABLES = {"regions", "municipalities", "alembic_version", "audit_events"}


@pytest.fixture(scope="session")
def database_url(tmp_path_factory):
    with dbutil.temporary_database(os.environ.get("PORTAL_TEST_DATABASE_URL"), tmp_path_factory) as url:
        yield url


# Every app a test makes, kept until the end of the run and then disposed: an app collected
# halfway with connections in its pool makes psycopg warn, and warnings are errors here.
_APPS: list = []


def keep_until_the_end(app):
    _APPS.append(app)
    return app


def make_app(database_url, **overrides):
    return keep_until_the_end(create_app("testing", overrides={"DATABASE_URL": database_url, **overrides}))


@pytest.fixture(scope="session", autouse=True)
def dispose_apps():
    yield
    for app in _APPS:
        with app.app_context():
            for engine in db.engines.values():
                engine.dispose()


@pytest.fixture(scope="session")
def app(database_url):
    app = make_app(database_url)
    with app.app_context():
        dbutil.migrate_and_load_regions()
    return app


@pytest.fixture(scope="session")
def data_app(app, database_url):
    return make_app(database_url)


@pytest.fixture(autouse=True)
def ctx(data_app):
    """An app context for building and checking data; tables emptied afterwards."""
    with data_app.app_context():
        yield
        db.session.rollback()
        # organisations and users refer to each other (who verified the certificate): break the cycle.
        db.session.execute(update(Organisation).values(pso_verified_by_id=None))
        for table in reversed(db.metadata.sorted_tables):
            if table.name not in KEEP_TABLES:
                db.session.execute(delete(table))
        # The regions stay, but a UWV mailbox set by one test (or by `seed demo`) would catch
        # another test's escalations: tests that want one set it themselves.
        db.session.execute(update(Region).values(uwv_email=""))
        db.session.commit()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def world():
    """A small, complete world: two employers, ADs, WSP advisers in two regions, an admin."""
    return factories.build_world()


def login(client, user, password=factories.PASSWORD):
    """Log in through the real pages: the password, then (for AD, WSP, admin) the app code."""
    response = client.post("/inloggen", data={"email": user.email, "password": password})
    assert response.status_code == 302, response.get_data(as_text=True)
    if response.headers["Location"] == "/inloggen/code":
        response = client.post("/inloggen/code", data={"code": fresh_totp_code(user)})
        assert response.status_code == 302, response.get_data(as_text=True)
    return response


def choose_english(client, next_url: str = "/"):
    """The footer's language switch, as a visitor or for the logged-in user."""
    client.post("/taal", data={"language": "en", "next": next_url})


def fresh_totp_code(user) -> str:
    """A code the server has not seen yet: tests log the same user in many times a minute."""
    db.session.execute(update(User).where(User.id == user.id).values(totp_last_step=None))
    db.session.commit()
    return pyotp.TOTP(factories.TOTP_SECRET).now()


@pytest.fixture
def login_as(client):
    def do_login(user):
        login(client, user)
        return client

    return do_login


def unique_name(prefix: str) -> str:
    return f"{prefix}_{uuid.uuid4().hex[:12]}"
