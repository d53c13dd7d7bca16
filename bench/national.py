"""The national PostgreSQL database for the benchmarks: created, migrated and loaded once, then reused.

    .venv/bin/python bench/national.py [--scale 1.0] [--seed 2026]

Database: $BENCH_DATABASE_URL (default postgresql://postgres@127.0.0.1:5432/portal_national).
Password of every user: $PORTAL_DEMO_PASSWORD, default "bench-wachtwoord-national" (a test dataset).
"""
from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

DEFAULT_URL = "postgresql://postgres@127.0.0.1:5432/portal_national"
DEFAULT_PASSWORD = "bench-wachtwoord-national"


def database_url() -> str:
    return os.environ.get("BENCH_DATABASE_URL", DEFAULT_URL)


def password() -> str:
    return os.environ.get("PORTAL_DEMO_PASSWORD") or DEFAULT_PASSWORD


def create_database_if_missing(url: str) -> bool:
    import psycopg
    from sqlalchemy.engine import make_url

    parsed = make_url(url)
    admin = parsed.set(drivername="postgresql", database="postgres").render_as_string(hide_password=False)
    with psycopg.connect(admin, autocommit=True) as connection:
        exists = connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", (parsed.database,)).fetchone()
        if not exists:
            connection.execute(f'CREATE DATABASE "{parsed.database}"')
    return not exists


def bench_app(url: str | None = None, **overrides):
    """An app on the national database for preparing data (never the one being measured)."""
    from portal import create_app

    return create_app("development", overrides={"DATABASE_URL": url or database_url(), **overrides})


def ensure_loaded(scale: float = 1.0, seed: int = 2026, log=print) -> list[tuple[str, str, str]]:
    """Create, migrate and load the national database when needed; returns the useful logins."""
    import flask_migrate
    from sqlalchemy import func, select

    from portal import seed_national
    from portal.extensions import db
    from portal.models import Organisation

    url = database_url()
    if create_database_if_missing(url):
        log(f"created database {url}")
    app = bench_app(url)
    with app.app_context():
        flask_migrate.upgrade()
        if db.session.scalar(select(func.count()).select_from(Organisation)):
            log(f"national dataset already loaded in {url}: reusing it")
        else:
            log(f"loading the national dataset (scale {scale}, seed {seed}) into {url} ...")
            result = seed_national.load(db.session, scale=scale, seed=seed, password=password())
            log(f"loaded in {result.seconds:.1f} s: " + ", ".join(f"{k} {v:,}" for k, v in result.counts.items()))
        logins = seed_national.useful_logins(db.session)
        db.session.remove()
        db.engine.dispose()
    return logins


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args()
    started = time.monotonic()
    for what, email, detail in ensure_loaded(args.scale, args.seed):
        print(f"  {what:<32} {email:<44} {detail}")
    print(f"password: {password()}  ({time.monotonic() - started:.1f} s)")


if __name__ == "__main__":
    main()
