"""deploy/: backup.sh and restore.sh against a real PostgreSQL, and cheap checks of the other files.

The PostgreSQL tests run when PORTAL_TEST_DATABASE_URL is set and the client tools are installed.
"""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import time
import uuid
from pathlib import Path

import psycopg
import pytest
from sqlalchemy.engine import make_url

from config import load_config
from portal.extensions import db
from tests import dbutil, factories
from tests.conftest import make_app

ROOT = Path(__file__).resolve().parents[1]
DEPLOY = ROOT / "deploy"
BIN = Path(sys.executable).parent  # the venv's flask and gunicorn
SERVER = os.environ.get("PORTAL_TEST_DATABASE_URL")
TABLES = ("regions", "municipalities", "organisations", "locations", "alembic_version")


@pytest.fixture(autouse=True)
def ctx():
    """Overrides conftest's: these tests make databases of their own, not the shared one."""
    yield


def run(*args, env=None):
    return subprocess.run(args, capture_output=True, text=True, timeout=300, env=env)


# --- always: syntax and consistency of the deploy files ---------------------------------------

def test_scripts_are_executable_bash_without_syntax_errors():
    for name in ("backup.sh", "restore.sh"):
        script = DEPLOY / name
        assert os.access(script, os.X_OK), name
        result = run("bash", "-n", str(script))
        assert result.returncode == 0, result.stderr


def test_systemd_units_verify(tmp_path):
    if not shutil.which("systemd-analyze"):
        pytest.skip("systemd-analyze is not installed")
    # verify checks that every ExecStart exists: point the units at this checkout and venv.
    units = []
    for unit in sorted((DEPLOY / "systemd").iterdir()):
        text = unit.read_text().replace("/srv/portal/venv/bin", str(BIN)).replace("/srv/portal/app", str(ROOT))
        (tmp_path / unit.name).write_text(text)
        units.append(str(tmp_path / unit.name))
    result = run("systemd-analyze", "verify", "--man=no", *units)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stderr.strip() == ""


def test_nginx_matches_the_app_settings():
    conf = (DEPLOY / "nginx-portal.conf").read_text()
    limit = load_config("development", environ={})["MAX_CONTENT_LENGTH"]
    assert re.search(r"client_max_body_size (\d+)m;", conf).group(1) == str(limit // (1024 * 1024))
    upstream = re.search(r"upstream portal_web \{(.*?)\}", conf, re.S).group(1)
    assert len(re.findall(r"^\s*server 127\.0\.0\.1:\d+", upstream, re.M)) >= 2
    assert "keepalive" in upstream
    # ProxyFix(x_for, x_proto, x_host) with PORTAL_TRUSTED_PROXY_COUNT=1 reads these three.
    for header in ("X-Forwarded-For", "X-Forwarded-Proto", "X-Forwarded-Host"):
        assert f"proxy_set_header {header} " in conf
    static = Path(re.search(r"alias /srv/portal/app/(\S+?)/?;", conf).group(1))
    assert (ROOT / static / "css" / "portal.css").is_file()
    assert "return 301 https://" in conf and "ssl_certificate " in conf


def test_env_example_names_real_settings_and_starts_production(tmp_path):
    env = {}
    for line in (DEPLOY / "portal.env.example").read_text().splitlines():
        if line and not line.startswith("#"):
            key, value = line.split("=", 1)
            env[key] = value.strip('"')
    known = load_config("production", environ={"PORTAL_SECRET_KEY": "x" * 32, "PORTAL_DATABASE_URL": "x"})
    unknown = [key for key in env if key.startswith("PORTAL_") and key[7:] not in known and key != "PORTAL_CONFIG"]
    assert unknown == []
    assert env["PORTAL_CONFIG"] == "production" and env["PORTAL_TRUSTED_PROXY_COUNT"] == "1"
    env["PORTAL_SECRET_KEY"] = "s" * 40
    settings = load_config(environ=env)
    assert settings["CONFIG_NAME"] == "production" and settings["MAIL_USE_TLS"] is True


# --- with PostgreSQL: backup, restore, refusals -------------------------------------------------

def _need_tools():
    missing = [tool for tool in ("pg_dump", "pg_restore", "psql") if not shutil.which(tool)]
    if missing:
        pytest.skip(f"not installed: {', '.join(missing)}")


@pytest.fixture
def postgres():
    """Database URLs on the test server by name; every database named here is dropped afterwards."""
    if not SERVER:
        pytest.skip("PORTAL_TEST_DATABASE_URL is not set")
    _need_tools()
    server = make_url(SERVER)
    admin_dsn = server.set(drivername="postgresql").render_as_string(hide_password=False)
    names = []

    def url_for(name):
        names.append(name)
        return server.set(drivername="postgresql", database=name).render_as_string(hide_password=False)

    yield url_for
    with psycopg.connect(admin_dsn, autocommit=True) as connection:
        for name in names:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _counts(url):
    with psycopg.connect(url) as connection:
        counts = {table: connection.execute(f"SELECT count(*) FROM {table}").fetchone()[0] for table in TABLES}
        version = connection.execute("SELECT version_num FROM alembic_version").fetchone()[0]
        names = sorted(row[0] for row in connection.execute("SELECT name FROM organisations"))
        triggers = {row[0] for row in connection.execute("SELECT tgname FROM pg_trigger WHERE NOT tgisinternal")}
    return counts, version, names, triggers


def _script_env(**values):
    env = {key: value for key, value in os.environ.items() if not key.startswith(("PORTAL_", "PG"))}
    env.update(FLASK=str(BIN / "flask"), **values)
    return env


def test_backup_then_restore_into_a_new_database(postgres, tmp_path):
    suffix = uuid.uuid4().hex[:10]
    source = postgres(f"portal_deploy_src_{suffix}")
    target = postgres(f"portal_deploy_dst_{suffix}")
    with psycopg.connect(SERVER, autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{make_url(source).database}"')
    app = make_app(source)
    with app.app_context():
        dbutil.migrate_and_load_regions()
        for name in ("Bakkerij Noord", "Zorggroep Zuid"):
            factories.make_location(factories.make_organisation(name), "Amsterdam")
        db.session.commit()
        head = db.session.execute(db.text("SELECT version_num FROM alembic_version")).scalar()
        db.session.remove()  # gives its connection back, so dispose() closes it too
        db.engine.dispose()
    before = _counts(source)
    assert before[0]["organisations"] == 2 and before[0]["regions"] > 0

    backups = tmp_path / "backups"
    backups.mkdir()
    old, recent = backups / "portal-20000101T000000Z.dump", backups / "portal-20990101T000000Z.dump"
    old.write_text("old")
    recent.write_text("recent")
    os.utime(old, (time.time() - 3 * 86400,) * 2)
    # SQLAlchemy's spelling of the URL, as in /etc/portal/portal.env.
    driver_url = source.replace("postgresql://", "postgresql+psycopg://")
    backup = run(str(DEPLOY / "backup.sh"), env=_script_env(
        PORTAL_DATABASE_URL=driver_url, BACKUP_DIR=str(backups), BACKUP_KEEP_DAYS="2"))
    assert backup.returncode == 0, backup.stderr
    dump = Path(backup.stdout.strip().splitlines()[-1])
    assert dump.parent == backups and dump.is_file()
    assert re.fullmatch(r"portal-\d{8}T\d{6}Z\.dump", dump.name)
    assert not old.exists() and recent.exists()  # only dumps older than BACKUP_KEEP_DAYS go
    assert not list(backups.glob(".*"))  # no temporary file left behind

    restore = run(str(DEPLOY / "restore.sh"), str(dump), target, env=_script_env())
    assert restore.returncode == 0, restore.stdout + restore.stderr
    assert f"{head} (head)" in restore.stdout  # flask db current
    assert "no migration needed" in restore.stdout
    assert "PORTAL_DATABASE_URL=" in restore.stdout  # what to switch
    assert _counts(target) == before
    assert "audit_events_no_update_or_delete" in before[3]

    # The restored database now holds tables: a second restore is refused, and changes nothing.
    again = run(str(DEPLOY / "restore.sh"), str(dump), target, env=_script_env())
    assert again.returncode != 0
    assert "--force" in again.stderr
    with psycopg.connect(target, autocommit=True) as connection:
        connection.execute("DELETE FROM locations")
    assert _counts(target)[0]["locations"] == 0

    forced = run(str(DEPLOY / "restore.sh"), "--force", str(dump), target, env=_script_env())
    assert forced.returncode == 0, forced.stdout + forced.stderr
    assert _counts(target) == before


def test_restore_refuses_a_bad_dump(postgres, tmp_path):
    bad = tmp_path / "bad.dump"
    bad.write_text("not a dump")
    target = postgres(f"portal_deploy_bad_{uuid.uuid4().hex[:10]}")
    result = run(str(DEPLOY / "restore.sh"), str(bad), target, env=_script_env())
    assert result.returncode != 0
    with psycopg.connect(SERVER) as connection:
        assert connection.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", (make_url(target).database,)).fetchone() is None


def test_backup_fails_for_an_unreachable_database(tmp_path):
    _need_tools()
    backups = tmp_path / "backups"
    # Port 1 on loopback: nothing listens there, the connection is refused at once.
    result = run(str(DEPLOY / "backup.sh"), env=_script_env(
        PORTAL_DATABASE_URL="postgresql://postgres@127.0.0.1:1/portal", BACKUP_DIR=str(backups)))
    assert result.returncode != 0
    assert list(backups.iterdir()) == []  # neither a dump nor a temporary file
