"""Several webhook workers at once (issue 20, TRAPS 13): nothing lost, nothing recorded twice, and a
repeat after a dead or paused worker carries the same idempotency key, so the receiver can drop it."""
import os
import signal
import subprocess
import sys
import threading
import time
from collections import Counter
from datetime import timedelta
from pathlib import Path

import pytest
import time_machine
from flask import current_app
from sqlalchemy import select, update

from config import ConfigError
from portal.extensions import db
from portal.models import WebhookDelivery, utcnow
from portal.webhooks.delivery import check_settings, deliver_due
from tests.factories import make_employment, make_notice
from tests.webhook_helpers import Receiver, make_client, subscribe

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def receiver():
    server = Receiver().start()
    yield server
    server.stop()


def queue_events(world, receiver, count: int) -> list[str]:
    subscribe(make_client("national"), receiver, channels=["notices"])
    for n in range(count):
        make_notice(world.employer_a, make_employment(world.org_a, world.loc_a, world.ad1, name=f"Werknemer {n}"))
    return sorted(db.session.scalars(select(WebhookDelivery.idempotency_key)))


def rows():
    db.session.expire_all()
    return db.session.scalars(select(WebhookDelivery).order_by(WebhookDelivery.id)).all()


def test_the_settings_are_checked_against_the_lease():
    config = dict(current_app.config, WEBHOOK_TIMEOUT_SECONDS=10, WEBHOOK_LEASE_SECONDS=31)
    check_settings(config)
    with pytest.raises(ConfigError, match="WEBHOOK_LEASE_SECONDS"):
        check_settings(dict(config, WEBHOOK_LEASE_SECONDS=30))
    with pytest.raises(ConfigError, match="WEBHOOK_BATCH_SIZE"):
        check_settings(dict(config, WEBHOOK_BATCH_SIZE=0))


def test_two_workers_deliver_each_event_exactly_once(world, receiver, data_app, monkeypatch):
    monkeypatch.setitem(current_app.config, "WEBHOOK_BATCH_SIZE", 5)
    expected = queue_events(world, receiver, 30)
    results: list = []

    def work():
        with data_app.app_context():
            deadline = time.monotonic() + 60
            while time.monotonic() < deadline:
                result = deliver_due()
                results.append(result)
                if not result.busy and not db.session.scalar(
                        select(WebhookDelivery.id).where(WebhookDelivery.status != "delivered").limit(1)):
                    break
            db.session.rollback()

    threads = [threading.Thread(target=work) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    seen = Counter(r.headers["webhook-id"] for r in receiver.requests)
    assert sorted(seen) == expected and set(seen.values()) == {1}
    assert all(r.signature_ok for r in receiver.requests)
    assert {row.status for row in rows()} == {"delivered"}
    assert sum(r.delivered for r in results) == 30


def test_a_delivery_that_outlasts_its_lease_is_recorded_once(world, receiver, data_app, monkeypatch):
    """Worker A is held by the receiver past its lease; B takes over; A's late 200 is discarded."""
    monkeypatch.setitem(current_app.config, "WEBHOOK_TIMEOUT_SECONDS", 10)  # a stall, not a time-out
    monkeypatch.setitem(current_app.config, "WEBHOOK_LEASE_SECONDS", 31)
    expected = queue_events(world, receiver, 3)
    receiver.hold = True
    results: list = []

    def worker_a():
        with data_app.app_context():
            results.append(deliver_due())

    thread = threading.Thread(target=worker_a)
    thread.start()
    assert receiver.arrived.wait(10)
    receiver.hold = False  # only A's first request waits
    db.session.execute(update(WebhookDelivery).values(locked_until=utcnow() - timedelta(seconds=1)))
    db.session.commit()
    taken_over = deliver_due()
    receiver.release.set()
    thread.join(timeout=30)
    [result_a] = results
    assert taken_over.delivered == 3
    assert result_a.delivered == 0 and result_a.lost == 1
    seen = Counter(r.headers["webhook-id"] for r in receiver.requests)
    assert sorted(seen) == expected and sorted(seen.values()) == [1, 1, 2]  # A's one request, repeated by B
    assert [(row.status, row.attempts) for row in rows()] == [("delivered", 2)] * 3  # A claimed them all, then B


def test_a_worker_killed_mid_delivery_loses_nothing_and_sends_no_new_key(world, receiver, database_url):
    """A real `flask webhooks deliver` process is killed while the receiver holds its request;
    after the lease a second worker delivers everything, the interrupted event with the same key."""
    expected = queue_events(world, receiver, 3)
    receiver.hold = True
    lease = 4
    env = {**os.environ, "FLASK_APP": "portal", "PORTAL_CONFIG": "testing", "PORTAL_DATABASE_URL": database_url,
           "PORTAL_WEBHOOK_TIMEOUT_SECONDS": "1", "PORTAL_WEBHOOK_LEASE_SECONDS": str(lease)}
    worker = subprocess.Popen([sys.executable, "-m", "flask", "webhooks", "deliver", "--once"], cwd=ROOT, env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        assert receiver.arrived.wait(30), worker.stderr.read().decode() if worker.poll() is not None else "no request"
        os.kill(worker.pid, signal.SIGKILL)
    finally:
        worker.wait(10)
        worker.stderr.close()
    receiver.hold = False
    receiver.release.set()
    held = rows()
    assert [row.status for row in held] == ["sending"] * 3  # claimed by the dead worker, not lost
    assert deliver_due().busy is False  # not before its lease runs out
    with time_machine.travel(utcnow() + timedelta(seconds=lease + 1), tick=True):
        assert deliver_due().delivered == 3
    seen = Counter(r.headers["webhook-id"] for r in receiver.requests)
    assert sorted(seen) == expected and sorted(seen.values()) == [1, 1, 2]
    assert all(r.signature_ok for r in receiver.requests)
    assert [(row.status, row.attempts) for row in rows()] == [("delivered", 2), ("delivered", 2), ("delivered", 2)]
