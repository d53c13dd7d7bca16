"""Fenced delivery (issue 17, TRAPS 13): a batch that outlasts its lease sends nothing twice.

A real aiosmtpd server that answers each message slowly, two worker threads, a lease shorter
than a batch takes.
"""
import logging
import threading
import time
from collections import Counter
from datetime import timedelta

import pytest
from flask import current_app
from sqlalchemy import func, select, update

from config import ConfigError
from portal.extensions import db
from portal.models import OutboxEmail, utcnow
from portal.notifications.delivery import check_settings, deliver_due
from portal.notifications.outbox import queue_email
from tests.smtp import SmtpServer

SLOW_REPLY_SECONDS = 0.25
LEASE_SECONDS = 5  # the least check_settings accepts at a 0.5 s timeout
TIMEOUT_SECONDS = 0.5
BATCH = 30  # 30 x 0.25 s = 7.5 s: longer than the lease


@pytest.fixture
def slow_smtp(monkeypatch):
    server = SmtpServer().start()
    server.handler.delay = SLOW_REPLY_SECONDS
    monkeypatch.setattr(current_app.extensions["mail"], "port", server.port)
    monkeypatch.setitem(current_app.config, "MAIL_TIMEOUT_SECONDS", TIMEOUT_SECONDS)
    monkeypatch.setitem(current_app.config, "OUTBOX_LEASE_SECONDS", LEASE_SECONDS)
    monkeypatch.setitem(current_app.config, "OUTBOX_BATCH_SIZE", BATCH)
    yield server
    server.stop()


def queue(count: int) -> set[str]:
    for n in range(count):
        queue_email([f"ontvanger{n}@fence.example"], f"Bericht {n}", "password_reset", "password_reset",
                    name=f"Ontvanger {n}", minutes=30, link="http://127.0.0.1:5000/")
    db.session.commit()
    return {e.message_id for e in db.session.scalars(select(OutboxEmail))}


def unsettled() -> int:
    return db.session.scalar(select(func.count()).select_from(OutboxEmail).where(OutboxEmail.status.in_(("queued", "sending"))))


def run_worker(app, results):
    """A worker's loop: poll until the outbox is empty (an empty batch only means: wait a little)."""
    with app.app_context():
        deadline = time.monotonic() + 60
        while unsettled() and time.monotonic() < deadline:
            db.session.rollback()
            result = deliver_due()
            results.append(result)
            if not (result.sent or result.retrying or result.failed or result.lost):
                time.sleep(0.1)
        db.session.rollback()


def test_the_settings_are_checked_against_the_lease():
    config = dict(current_app.config, OUTBOX_LEASE_SECONDS=LEASE_SECONDS, MAIL_TIMEOUT_SECONDS=TIMEOUT_SECONDS)
    check_settings(config)  # the slow-server test below runs with exactly these
    with pytest.raises(ConfigError, match="OUTBOX_LEASE_SECONDS"):
        check_settings(dict(config, OUTBOX_LEASE_SECONDS=4))
    with pytest.raises(ConfigError, match="OUTBOX_BATCH_SIZE"):
        check_settings(dict(config, OUTBOX_BATCH_SIZE=0))


def test_two_workers_and_a_slow_server_deliver_each_message_exactly_once(slow_smtp, data_app, world):
    check_settings(current_app.config)
    expected = queue(50)
    results: list = []
    threads = [threading.Thread(target=run_worker, args=(data_app, results)) for _ in range(2)]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    received = Counter(m["Message-ID"] for _, m in slow_smtp.messages)
    assert set(received) == expected
    assert max(received.values()) == 1, [mid for mid, n in received.items() if n > 1]
    assert sum(r.sent for r in results) == 50
    assert sum(1 for r in results if r.sent) >= 2  # both workers took part
    assert time.monotonic() - started > LEASE_SECONDS  # the lease really was shorter than the work
    db.session.expire_all()
    assert {e.status for e in db.session.scalars(select(OutboxEmail))} == {"sent"}


def test_a_worker_that_lost_its_rows_stops_and_logs(slow_smtp, data_app, world, caplog, monkeypatch):
    """Worker A stalls on its first message past its lease; B takes the batch over."""
    caplog.set_level(logging.INFO, logger="portal.outbox")
    monkeypatch.setitem(current_app.config, "MAIL_TIMEOUT_SECONDS", 10)  # a stall, not a time-out
    slow_smtp.handler.delay = 0
    slow_smtp.handler.delays = [2.0]
    expected = queue(4)
    results: list = []
    worker_a = threading.Thread(target=lambda: results.append(_deliver_in(data_app)))
    worker_a.start()
    assert slow_smtp.handler.data_started.wait(10)
    # A's lease runs out while it waits for the server (as after a long pause of its process).
    db.session.execute(update(OutboxEmail).values(locked_until=utcnow() - timedelta(seconds=1)))
    db.session.commit()
    taken_over = deliver_due()
    worker_a.join(timeout=30)
    [result_a] = results
    assert taken_over.sent == 4
    assert result_a.sent == 0 and result_a.lost == 1
    received = Counter(m["Message-ID"] for _, m in slow_smtp.messages)
    assert set(received) == expected
    # Only the message A was sending when it lost its lease arrives twice; A sent nothing after it.
    assert sorted(received.values()) == [1, 1, 1, 2]
    assert any("taken over by another worker" in r.getMessage() for r in caplog.records)
    db.session.expire_all()
    assert {e.status for e in db.session.scalars(select(OutboxEmail))} == {"sent"}


def _deliver_in(app):
    with app.app_context():
        return deliver_due()
