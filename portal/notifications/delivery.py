"""The delivery worker: claims due outbox rows, sends them over SMTP, records the result.

Safe to run several at once: rows are claimed with a compare-and-set on their status
(plus SELECT ... FOR UPDATE SKIP LOCKED on PostgreSQL), so each message is sent once.
"""
from __future__ import annotations

import smtplib
import socket
from dataclasses import dataclass
from datetime import timedelta

from flask import current_app
from flask_mail import BadHeaderError, Connection, Message
from sqlalchemy import and_, or_, select, update

from portal.extensions import changed_rows, db
from portal.models import OutboxEmail, utcnow
from portal.unit_of_work import unit_of_work


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


def _due_condition(now):
    return or_(
        and_(OutboxEmail.status == "queued", OutboxEmail.next_attempt_at <= now),
        and_(OutboxEmail.status == "sending", OutboxEmail.locked_until < now),
    )


def claim_batch(limit: int) -> list[int]:
    now = utcnow()
    lease = now + timedelta(seconds=current_app.config["OUTBOX_LEASE_SECONDS"])
    query = select(OutboxEmail.id).where(_due_condition(now)).order_by(OutboxEmail.id).limit(limit)
    if db.session.get_bind().dialect.name == "postgresql":
        query = query.with_for_update(skip_locked=True)
    claimed = []
    for email_id in db.session.scalars(query).all():
        result = db.session.execute(
            update(OutboxEmail)
            .where(OutboxEmail.id == email_id, _due_condition(now))
            .values(status="sending", locked_until=lease, attempts=OutboxEmail.attempts + 1)
            .execution_options(synchronize_session=False)
        )
        if changed_rows(result) == 1:
            claimed.append(email_id)
    return claimed


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


def _record_failure(email: OutboxEmail, error: Exception) -> str:
    permanent, description = _classify(error)
    now = utcnow()
    config = current_app.config
    too_old = now - email.created_at > timedelta(hours=config["OUTBOX_MAX_AGE_HOURS"])
    email.last_error = description[:2000]
    email.locked_until = None
    if permanent or too_old:
        email.status = "failed"
        return "failed"
    delay = min(config["OUTBOX_RETRY_BASE_SECONDS"] * 2 ** max(email.attempts - 1, 0), config["OUTBOX_RETRY_MAX_SECONDS"])
    email.status = "queued"
    email.next_attempt_at = now + timedelta(seconds=delay)
    return "retrying"


def deliver_due(limit: int | None = None) -> DeliveryResult:
    """Send one batch of due messages over one SMTP connection."""
    result = DeliveryResult()
    with unit_of_work():  # the claim is committed (seen by other workers) before anything is sent
        ids = claim_batch(limit or current_app.config["OUTBOX_BATCH_SIZE"])
    if not ids:
        return result
    emails = db.session.scalars(select(OutboxEmail).where(OutboxEmail.id.in_(ids)).order_by(OutboxEmail.id)).all()
    mail_state = current_app.extensions["mail"]
    try:
        with TimeoutConnection(mail_state) as connection:
            for email in emails:
                # Each message's outcome is committed as soon as it is known.
                with unit_of_work():
                    try:
                        connection.send(_message(email))
                    except (smtplib.SMTPException, OSError, BadHeaderError) as error:
                        if isinstance(error, smtplib.SMTPServerDisconnected):
                            raise
                        outcome = _record_failure(email, error)
                        setattr(result, outcome, getattr(result, outcome) + 1)
                    else:
                        email.status, email.sent_at, email.locked_until, email.last_error = "sent", utcnow(), None, ""
                        result.sent += 1
    except (smtplib.SMTPException, OSError) as error:
        # The connection itself failed: every message not yet settled waits for a retry.
        with unit_of_work():
            for email in emails:
                if email.status == "sending":
                    outcome = _record_failure(email, error)
                    setattr(result, outcome, getattr(result, outcome) + 1)
    return result


def retry(email: OutboxEmail) -> None:
    """An admin sends a failed message again: it is queued now, with its own Message-ID."""
    if email.status != "failed":
        return
    email.status, email.next_attempt_at, email.last_error = "queued", utcnow(), ""
    email.created_at = utcnow()  # a fresh maximum age for the new attempts
