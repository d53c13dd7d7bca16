"""Outbox delivery rate: messages per second from the outbox to a local SMTP server (aiosmtpd).

Usage: .venv/bin/python bench/outbox_delivery.py [--messages 1000] [--workers 1]
Uses a throw-away SQLite database, or PostgreSQL when PORTAL_TEST_DATABASE_URL is set.
Each worker is its own process, as `flask outbox deliver` runs in production (threads in one
process would measure the GIL, not the outbox); the clock starts when every worker is ready.
"""
from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import flask_migrate  # noqa: E402
from flask import current_app  # noqa: E402

from bench.worker_processes import TmpFactory, timed_workers  # noqa: E402
from portal import create_app  # noqa: E402
from portal.extensions import db  # noqa: E402
from portal.notifications.delivery import deliver_due  # noqa: E402
from portal.notifications.outbox import queue_email  # noqa: E402
from tests.dbutil import temporary_database  # noqa: E402
from tests.smtp import SmtpServer  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--messages", type=int, default=1000)
    parser.add_argument("--workers", type=int, default=1)
    args = parser.parse_args()
    server = SmtpServer().start()
    with temporary_database(os.environ.get("PORTAL_TEST_DATABASE_URL"), TmpFactory(), "portal_bench") as url:
        app = create_app("testing", overrides={"DATABASE_URL": url})
        with app.app_context():
            flask_migrate.upgrade()
            for n in range(args.messages):
                queue_email([f"ontvanger{n}@bench.example"], f"Bericht {n}", "refill_cancelled", "bench",
                            refill=_FakeRefill(), link="http://127.0.0.1:5000/")
            db.session.commit()

        with app.app_context():
            db.engine.dispose()
        elapsed = timed_workers(_worker, (url, server.port), args.workers)
    server.stop()
    received = len(server.messages)
    database = "PostgreSQL" if os.environ.get("PORTAL_TEST_DATABASE_URL") else "SQLite"
    print(f"{database}, {args.workers} worker(s): {received}/{args.messages} messages in {elapsed:.2f} s "
          f"= {received / elapsed:.0f} messages/s")


def _worker(url: str, smtp_port: int, ready, go) -> None:
    app = create_app("testing", overrides={"DATABASE_URL": url})
    with app.app_context():
        current_app.extensions["mail"].port = smtp_port
        db.session.execute(db.text("SELECT 1"))  # connect before the clock starts
        db.session.rollback()
        ready.wait()
        go.wait()
        while deliver_due(limit=50).sent:
            pass
        db.engine.dispose()


class _FakeRefill:
    """Enough of a refill request for the 'cancelled' template."""

    job_title = "Medewerker magazijn"

    class organisation:
        name = "Bench B.V."


if __name__ == "__main__":
    main()
