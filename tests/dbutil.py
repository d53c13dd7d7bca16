"""Creating and dropping throw-away databases for tests."""
from __future__ import annotations

import contextlib
import uuid

import flask_migrate
import psycopg
from sqlalchemy.engine import make_url

from portal.regions import import_regions, packaged_csv_text
from portal.unit_of_work import unit_of_work


@contextlib.contextmanager
def temporary_database(server_url: str | None, tmp_path_factory, prefix: str = "portal_test"):
    """Yield the URL of a new, empty database; drop it afterwards."""
    if not server_url:
        path = tmp_path_factory.mktemp(prefix) / "portal.sqlite3"
        yield f"sqlite:///{path}"
        return
    url = make_url(server_url)
    name = f"{prefix}_{uuid.uuid4().hex[:12]}"
    admin_dsn = url.set(drivername="postgresql").render_as_string(hide_password=False)
    with psycopg.connect(admin_dsn, autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    try:
        yield url.set(database=name).render_as_string(hide_password=False)
    finally:
        with psycopg.connect(admin_dsn, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def migrate_and_load_regions() -> None:
    flask_migrate.upgrade()
    with unit_of_work():
        import_regions(packaged_csv_text())
