"""Temporary SMTP failures: retried after exactly 1, 2, 4, ... minutes, never more than an hour apart."""
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from flask import current_app
from sqlalchemy import select

from portal.extensions import db
from portal.models import OutboxEmail
from portal.notifications import delivery
from tests.factories import make_notice
from tests.smtp import SmtpServer, free_port

# Seconds between attempts: 60 s doubling per attempt, capped at OUTBOX_RETRY_MAX_SECONDS (1 hour).
EXPECTED_DELAYS = [60, 120, 240, 480, 960, 1920, 3600, 3600]


def point_mail_at(port):
    current_app.extensions["mail"].port = port
    current_app.config["MAIL_TIMEOUT_SECONDS"] = 5


@pytest.fixture
def smtp():
    server = SmtpServer().start()
    point_mail_at(server.port)
    yield server
    server.stop()


def deliver_due():
    result = delivery.deliver_due()
    db.session.commit()  # the worker settles its own rows; this only ends the test's transaction
    return result


def start():
    # A frozen "now" close to the real one: the world's contracts are dated from today.
    return datetime.now(UTC).replace(microsecond=0)


def outbox():
    db.session.expire_all()
    return db.session.scalars(select(OutboxEmail).order_by(OutboxEmail.id)).all()


def test_retry_delays_double_from_one_minute_up_to_an_hour(smtp, world):
    smtp.handler.reply = "451 4.3.0 Try again later"  # a temporary refusal of every message
    now = start()
    with time_machine.travel(now, tick=False) as clock:
        make_notice(world.employer_a, world.emp_a1)
        count = len(outbox())
        assert count > 0
        for attempt, delay in enumerate(EXPECTED_DELAYS, start=1):
            result = deliver_due()
            assert (result.sent, result.retrying, result.failed) == (0, count, 0), attempt
            emails = outbox()
            assert {e.status for e in emails} == {"queued"}
            assert {e.attempts for e in emails} == {attempt}
            assert all("451" in e.last_error for e in emails)
            assert {e.next_attempt_at for e in emails} == {now + timedelta(seconds=delay)}, attempt
            # One second early nothing is due, so nothing is tried.
            clock.move_to(now + timedelta(seconds=delay - 1))
            assert deliver_due().retrying == 0
            now += timedelta(seconds=delay)
            clock.move_to(now)
        smtp.handler.reply = None
        assert deliver_due().sent == count
        assert {e.status for e in outbox()} == {"sent"}
        assert len(smtp.messages) == count


def test_the_first_retry_after_a_refused_connection_is_one_minute_later(world):
    point_mail_at(free_port())  # nothing listens: the connection itself fails
    now = start()
    with time_machine.travel(now, tick=False):
        make_notice(world.employer_a, world.emp_a1)
        assert deliver_due().retrying > 0
        assert {(e.status, e.attempts, e.next_attempt_at) for e in outbox()} == {
            ("queued", 1, now + timedelta(minutes=1))}
