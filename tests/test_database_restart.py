"""Workers and the web app survive the database dropping their connections (issue 17).

PostgreSQL only: pg_terminate_backend on this test database's own backends (never the cluster),
as a restart or failover does.
"""
import logging
import os
import threading
import time
from collections import Counter

import psycopg
import pytest
from flask import current_app
from sqlalchemy import func, select, text

from portal import worker_loop
from portal.extensions import db
from portal.models import OutboxEmail
from portal.notifications.delivery import deliver_due
from portal.worker_loop import keep_running
from tests.conftest import login
from tests.smtp import SmtpServer
from tests.test_outbox_fencing import queue

pytestmark = pytest.mark.skipif(not os.environ.get("PORTAL_TEST_DATABASE_URL"), reason="PostgreSQL only")

TERMINATE_OTHERS = ("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                    "WHERE datname = current_database() AND pid <> pg_backend_pid()")


@pytest.fixture
def smtp(monkeypatch):
    server = SmtpServer().start()
    monkeypatch.setattr(current_app.extensions["mail"], "port", server.port)
    monkeypatch.setattr(worker_loop, "BACKOFF_FIRST_SECONDS", 0.05)
    yield server
    server.stop()


def unsent() -> int:
    value = db.session.scalar(select(func.count()).select_from(OutboxEmail).where(OutboxEmail.status != "sent"))
    db.session.commit()
    return value


def test_a_worker_whose_connection_dies_logs_waits_and_goes_on(smtp, world, data_app, caplog):
    caplog.set_level(logging.INFO, logger="portal.worker")
    expected = queue(5)
    calls = []

    def step():
        calls.append(1)
        if len(calls) == 1:  # the database drops this very connection, mid-transaction
            db.session.execute(text("SELECT pg_terminate_backend(pg_backend_pid())"))
        result = deliver_due()
        return bool(result.sent)

    stop = threading.Event()
    worker = threading.Thread(target=lambda: _in_app(data_app, lambda: keep_running(
        step, name="outbox deliver", idle_seconds=0.05, stop=stop)))
    worker.start()
    deadline = time.monotonic() + 30
    while unsent() and time.monotonic() < deadline:
        time.sleep(0.05)
    assert worker.is_alive()
    stop.set()
    worker.join(timeout=10)
    assert {m["Message-ID"] for _, m in smtp.messages} == expected
    assert any("database error" in r.getMessage() for r in caplog.records)
    assert any("answers again" in r.getMessage() for r in caplog.records)


def test_terminated_backends_lose_no_mail_kill_no_worker_and_cost_no_500(smtp, world, data_app, database_url, app,
                                                                        monkeypatch):
    smtp.handler.delay = 0.01
    monkeypatch.setitem(current_app.config, "OUTBOX_LEASE_SECONDS", 20)  # if a give-back fails too
    expected = queue(150)
    web = app.test_client()
    login(web, world.employer_a)
    db.session.commit()
    stop = threading.Event()
    worker = threading.Thread(target=lambda: _in_app(data_app, lambda: keep_running(
        lambda: bool(deliver_due(limit=10).sent), name="outbox deliver", idle_seconds=0.05, stop=stop)))
    worker.start()
    statuses, terminations = [], 0
    with psycopg.connect(database_url.replace("postgresql+psycopg://", "postgresql://"), autocommit=True) as admin:
        for _ in range(20):
            time.sleep(0.1)
            terminations += 1
            admin.execute(TERMINATE_OTHERS)
            statuses.append(_status(web, "/meldingen"))
    deadline = time.monotonic() + 60
    while unsent() and time.monotonic() < deadline:
        time.sleep(0.1)
    alive = worker.is_alive()
    stop.set()
    worker.join(timeout=10)
    assert alive
    received = Counter(m["Message-ID"] for _, m in smtp.messages)
    assert set(received) == expected  # nothing lost
    # At most one repeat per interruption (a message accepted just before its "sent" was lost).
    assert sum(received.values()) - len(expected) <= terminations
    assert all(status == 200 for status in statuses[1:]), statuses


def _status(client, url) -> int:
    try:
        return client.get(url).status_code
    except Exception:  # the testing app re-raises what production answers with a 500  # noqa: BLE001
        return 500


def _in_app(app, work):
    with app.app_context():
        work()
