"""The delivery worker: claims due outbox rows, sends them over SMTP, records the result.

Several may run at once. Rows are claimed with a compare-and-set on their status (plus SELECT ...
FOR UPDATE SKIP LOCKED on PostgreSQL) that writes a fresh claim token and a lease end. Every later
write names the token (portal/leases.py), and before each message the worker renews its lease
when less than that message's worst case at MAIL_TIMEOUT_SECONDS is left, so no other worker can
reclaim a row while it is being sent. A worker that finds a row taken stops its batch and logs it.

The guarantee, honestly: each message is sent exactly once while workers fail only between
messages. A worker that dies (or loses the database) after the SMTP server accepted a message
and before its "sent" is committed leaves the row to be sent again after the lease: at most one
duplicate, with the same Message-ID, so the receiving side can recognise it. SMTP offers no way
to do better (there is no two-phase commit with the receiving server).
"""
from __future__ import annotations

import logging
import smtplib
import socket
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from flask import current_app
from flask_mail import BadHeaderError, Connection, Message
from sqlalchemy import select
from sqlalchemy.exc import SQLAlchemyError

from config import ConfigError
from portal import leases
from portal.extensions import db
from portal.models import OutboxEmail, utcnow
from portal.unit_of_work import unit_of_work

log = logging.getLogger("portal.outbox")

# Replies smtplib waits for, each up to MAIL_TIMEOUT_SECONDS: opening a connection (greeting,
# EHLO, STARTTLS, EHLO, AUTH) and one message (MAIL FROM, DATA, end of data, one RCPT TO each).
CONNECT_REPLIES = 5
MESSAGE_REPLIES = 3
RENEW_SLACK_SECONDS = 0.5  # room for the renewal's own commit


def message_worst_seconds(recipients: int, timeout: float) -> float:
    return timeout * (MESSAGE_REPLIES + recipients) + RENEW_SLACK_SECONDS


def check_settings(config) -> None:
    """Refuse to start when the lease cannot cover a connection and one message at the timeouts.

    The lease is renewed before a message whenever less than that message's worst case is left,
    so a batch may take longer than the lease (a slow server); what must fit in one lease is
    opening the connection plus one message.
    """
    lease, timeout, batch = config["OUTBOX_LEASE_SECONDS"], config["MAIL_TIMEOUT_SECONDS"], config["OUTBOX_BATCH_SIZE"]
    needed = timeout * CONNECT_REPLIES + message_worst_seconds(1, timeout)
    if batch < 1:
        raise ConfigError("OUTBOX_BATCH_SIZE must be at least 1")
    if lease < needed:
        raise ConfigError(
            f"OUTBOX_LEASE_SECONDS={lease} is too short for MAIL_TIMEOUT_SECONDS={timeout}: opening a "
            f"connection and sending one message may take {needed:.0f} s; set the lease to at least that"
        )
    batch_worst = timeout * CONNECT_REPLIES + batch * message_worst_seconds(1, timeout)
    if batch_worst > lease:
        log.info("a batch of %s may take up to %.0f s, more than the %s s lease: the lease is renewed "
                 "between messages", batch, batch_worst, lease)


class TimeoutConnection(Connection):
    """Flask-Mail's connection, but never without a socket timeout (TRAPS 3)."""

    def configure_host(self):
        timeout = current_app.config["MAIL_TIMEOUT_SECONDS"]
        smtp_class = smtplib.SMTP_SSL if self.mail.use_ssl else smtplib.SMTP
        host = smtp_class(self.mail.server, self.mail.port, timeout=timeout)
        if self.mail.use_tls:
            host.starttls()
        if self.mail.username and self.mail.password:
            host.login(self.mail.username, self.mail.password)
        return host


@dataclass
class DeliveryResult:
    sent: int = 0
    retrying: int = 0
    failed: int = 0
    lost: int = 0  # rows another worker took over (this worker's lease had run out)


@dataclass
class _Item:
    """What one message needs after the claim: no ORM object is kept across the commits."""

    id: int
    attempts: int
    created_at: datetime
    recipients: int
    message: Message


@dataclass
class _Batch:
    token: str
    held_until: datetime
    pending: list[int] = field(default_factory=list)  # claimed, not yet settled
    result: DeliveryResult = field(default_factory=DeliveryResult)

    def count(self, outcome: str) -> None:
        setattr(self.result, outcome, getattr(self.result, outcome) + 1)


def _lease_end() -> datetime:
    return utcnow() + timedelta(seconds=current_app.config["OUTBOX_LEASE_SECONDS"])


def claim_batch(limit: int, token: str | None = None) -> list[int]:
    return leases.claim(OutboxEmail, leases.due_condition(OutboxEmail, utcnow()), limit, token or leases.new_token(), _lease_end())


def _message(email: OutboxEmail) -> Message:
    message = Message(
        subject=email.subject,
        recipients=list[str | tuple[str, str]](email.recipient_list),
        body=email.body_text,
        html=email.body_html,
        sender=current_app.config["MAIL_DEFAULT_SENDER"],
    )
    message.msgId = email.message_id
    return message


def _classify(error: Exception) -> tuple[bool, str]:
    """(permanent?, description) for an SMTP or network error."""
    if isinstance(error, BadHeaderError):
        return True, "ongeldige kopregel in het bericht"
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        codes = [code for code, _ in error.recipients.values()]
        return all(500 <= code < 600 for code in codes), f"ontvanger geweigerd: {codes}"
    if isinstance(error, smtplib.SMTPResponseException):
        detail = error.smtp_error.decode(errors="replace") if isinstance(error.smtp_error, bytes) else str(error.smtp_error)
        return 500 <= error.smtp_code < 600, f"{error.smtp_code} {detail}"
    # smtplib reports a read time-out during the greeting as a disconnect.
    if isinstance(error, (socket.timeout, TimeoutError)) or "timed out" in str(error):
        return False, f"time-out: de mailserver antwoordde niet ({type(error).__name__})"
    return False, f"{type(error).__name__}: {error}"


def _failure_values(item: _Item, error: Exception) -> tuple[str, dict]:
    permanent, description = _classify(error)
    now = utcnow()
    config = current_app.config
    too_old = now - item.created_at > timedelta(hours=config["OUTBOX_MAX_AGE_HOURS"])
    if permanent or too_old:
        return "failed", {"status": "failed", "last_error": description[:2000]}
    delay = min(config["OUTBOX_RETRY_BASE_SECONDS"] * 2 ** max(item.attempts - 1, 0), config["OUTBOX_RETRY_MAX_SECONDS"])
    return "retrying", {"status": "queued", "last_error": description[:2000],
                        "next_attempt_at": now + timedelta(seconds=delay)}


def _settle(batch: _Batch, item: _Item, outcome: str, values: dict) -> bool:
    """Record one outcome, fenced by the claim token; False when another worker holds the row."""
    with unit_of_work():
        held = leases.settle(OutboxEmail, item.id, batch.token, **values)
    batch.pending.remove(item.id)
    if held:
        batch.count(outcome)
        return True
    batch.count("lost")
    log.warning("outbox message %s was taken over by another worker before it was marked %s: "
                "this worker's lease had run out; it leaves the row to the new holder", item.id, outcome)
    return False


def _hold(batch: _Batch, item: _Item) -> bool:
    """Make sure the lease outlasts sending `item`; False when part of the batch was lost."""
    margin = message_worst_seconds(item.recipients, current_app.config["MAIL_TIMEOUT_SECONDS"])
    if batch.held_until - utcnow() >= timedelta(seconds=margin):
        return True
    until = _lease_end()
    with unit_of_work():
        still_held = leases.renew(OutboxEmail, batch.pending, batch.token, until)
    if still_held == len(batch.pending):
        batch.held_until = until
        return True
    batch.result.lost += len(batch.pending) - still_held
    log.warning("outbox worker lost %s of its %s unsent messages to another worker (its lease had run "
                "out); stopping the batch", len(batch.pending) - still_held, len(batch.pending))
    return False


def _load(ids: list[int]) -> list[_Item]:
    emails = db.session.scalars(select(OutboxEmail).where(OutboxEmail.id.in_(ids)).order_by(OutboxEmail.id)).all()
    items = [_Item(e.id, e.attempts, e.created_at, len(e.recipient_list), _message(e)) for e in emails]
    db.session.rollback()  # a read only; nothing of it is kept open while sending
    return items


def _send_all(batch: _Batch, items: list[_Item], connection) -> None:
    for item in items:
        if not _hold(batch, item):
            return
        try:
            connection.send(item.message)
        except (smtplib.SMTPException, OSError, BadHeaderError) as error:
            if isinstance(error, smtplib.SMTPServerDisconnected):
                raise
            outcome, values = _failure_values(item, error)
            if not _settle(batch, item, outcome, values):
                return
        else:
            # Each outcome is committed as soon as it is known.
            if not _settle(batch, item, "sent", {"status": "sent", "sent_at": utcnow(), "last_error": ""}):
                return


def _release_after_database_error(batch: _Batch) -> None:
    """The database dropped us mid-batch: give the unsettled rows back now if it answers again,
    rather than after the lease. The message whose "sent" was lost is then sent once more (the
    one duplicate the guarantee allows); if the database is still away, the lease frees them."""
    db.session.rollback()
    try:
        with unit_of_work():
            leases.release(OutboxEmail, batch.pending, batch.token, "queued")
    except SQLAlchemyError:
        log.warning("outbox: could not give back %s messages after a database error; the lease frees them",
                    len(batch.pending))


def deliver_due(limit: int | None = None) -> DeliveryResult:
    """Send one batch of due messages over one SMTP connection."""
    batch = _Batch(token=leases.new_token(), held_until=_lease_end())
    with unit_of_work():  # the claim is committed (seen by other workers) before anything is sent
        batch.pending = claim_batch(limit or current_app.config["OUTBOX_BATCH_SIZE"], batch.token)
    if not batch.pending:
        return batch.result
    items = _load(batch.pending)
    try:
        with TimeoutConnection(current_app.extensions["mail"]) as connection:
            _send_all(batch, items, connection)
    except SQLAlchemyError:
        _release_after_database_error(batch)
        raise
    except (smtplib.SMTPException, OSError) as error:
        # The connection itself failed: every message not yet settled waits for a retry.
        for item in [item for item in items if item.id in batch.pending]:
            _settle(batch, item, *_failure_values(item, error))
    if batch.pending:  # stopped after a lost row: give back what is still ours, unsent
        with unit_of_work():
            leases.release(OutboxEmail, batch.pending, batch.token, "queued")
    return batch.result


def retry(email: OutboxEmail) -> None:
    """An admin sends a failed message again: it is queued now, with its own Message-ID."""
    if email.status != "failed":
        return
    email.status, email.next_attempt_at, email.last_error = "queued", utcnow(), ""
    email.created_at = utcnow()  # a fresh maximum age for the new attempts
