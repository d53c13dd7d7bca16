"""Migrations: empty to head, head to base, and the models equal the migrated schema."""
import os

import flask_migrate
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect

from portal.extensions import db
from tests import dbutil
from tests.conftest import make_app


def test_upgrade_downgrade_and_models_match_migrations(tmp_path_factory):
    server = os.environ.get("PORTAL_TEST_DATABASE_URL")
    with dbutil.temporary_database(server, tmp_path_factory, prefix="portal_migrations") as url:
        app = make_app(url)
        with app.app_context():
            flask_migrate.upgrade()
            with db.engine.connect() as connection:
                differences = compare_metadata(
                    MigrationContext.configure(connection, opts={"compare_type": True}), db.metadata
                )
            assert differences == []

            flask_migrate.downgrade(revision="base")
            assert set(inspect(db.engine).get_table_names()) <= {"alembic_version"}

            flask_migrate.upgrade()
            assert "contract_end_notices" in inspect(db.engine).get_table_names()
            db.engine.dispose()


def test_every_revision_id_is_hexadecimal():
    """deploy/restore.sh reads the revision from `flask db current` as hexadecimal: a revision id
    with other letters made every restore of a database at that revision fail."""
    import re
    from pathlib import Path

    versions = Path(__file__).resolve().parent.parent / "migrations" / "versions"
    ids = [re.search(r"^revision = '([^']+)'", path.read_text(encoding="utf-8"), re.M).group(1)
           for path in versions.glob("*.py")]
    assert ids and [i for i in ids if not re.fullmatch(r"[0-9a-f]{6,}", i)] == []
