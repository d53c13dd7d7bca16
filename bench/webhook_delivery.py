"""Webhook delivery rate: deliveries per second to a local HTTP receiver (issue 20).

Usage: .venv/bin/python bench/webhook_delivery.py [--events 1000] [--workers 1]
Uses a throw-away SQLite database, or PostgreSQL when PORTAL_TEST_DATABASE_URL is set. Each
worker is its own process, as `flask webhooks deliver` runs in production; the receiver is the
tests' http.server receiver (threads, checks every signature) in this process, so at high rates
it is part of what is measured. The clock starts when every worker is ready.
"""
from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import flask_migrate  # noqa: E402

from bench.worker_processes import TmpFactory, timed_workers  # noqa: E402
from portal import create_app  # noqa: E402
from portal.extensions import db  # noqa: E402
from portal.webhooks.delivery import deliver_due  # noqa: E402
from portal.webhooks.events import Event, record  # noqa: E402
from tests.dbutil import temporary_database  # noqa: E402
from tests.webhook_helpers import Receiver, make_client, subscribe  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--events", type=int, default=1000)
    parser.add_argument("--workers", type=int, default=1)
    args = parser.parse_args()
    receiver = Receiver().start()
    with temporary_database(os.environ.get("PORTAL_TEST_DATABASE_URL"), TmpFactory(), "portal_bench") as url:
        app = create_app("testing", overrides={"DATABASE_URL": url})
        with app.app_context():
            flask_migrate.upgrade()
            subscribe(make_client("national", name="Bench"), receiver, channels=["notices"])
            for n in range(args.events):
                record(Event("notices", "submit", "melding", n + 1, None))
            db.session.commit()
            db.engine.dispose()
        elapsed = timed_workers(_worker, (url,), args.workers)
    receiver.stop()
    received = len(receiver.requests)
    bad = sum(1 for r in receiver.requests if not r.signature_ok)
    database = "PostgreSQL" if os.environ.get("PORTAL_TEST_DATABASE_URL") else "SQLite"
    print(f"{database}, {args.workers} worker(s): {received}/{args.events} deliveries in {elapsed:.2f} s "
          f"= {received / elapsed:.0f} deliveries/s ({bad} bad signatures, {len(receiver.handled)} distinct keys)")


def _worker(url: str, ready, go) -> None:
    app = create_app("testing", overrides={"DATABASE_URL": url})
    with app.app_context():
        db.session.execute(db.text("SELECT 1"))  # connect before the clock starts
        db.session.rollback()
        ready.wait()
        go.wait()
        while deliver_due(limit=50).busy:
            pass


if __name__ == "__main__":
    main()
