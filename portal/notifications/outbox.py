"""queue_email: the only way the portal sends mail. The caller's commit makes it real."""
from __future__ import annotations

import uuid

from flask import current_app, render_template

from portal.extensions import db
from portal.models import OutboxEmail


def _one_line(text: str) -> str:
    # Names and subjects come from users: CR/LF would let them write mail headers.
    return " ".join(text.replace("\r", " ").replace("\n", " ").split())


def absolute_url(endpoint: str, **values) -> str:
    """A link for an e-mail; services run outside requests too (CLI, jobs), so no url_for."""
    path = current_app.url_map.bind("localhost").build(endpoint, values)
    return current_app.config["PUBLIC_BASE_URL"].rstrip("/") + path


def queue_email(recipients, subject: str, template: str, kind: str, **context) -> OutboxEmail | None:
    """Add an e-mail to the outbox in the current transaction; nothing is sent here."""
    addresses = sorted({_one_line(a).lower() for a in recipients if a and a.strip()})
    if not addresses:
        return None
    subject = _one_line(subject)
    context = {"subject": subject, **context}
    email = OutboxEmail(
        message_id=f"<{uuid.uuid4().hex}@{current_app.config['MAIL_MESSAGE_ID_DOMAIN']}>",
        recipients=",".join(addresses),
        subject=subject,
        body_text=render_template(f"email/{template}.txt", **context),
        body_html=render_template(f"email/{template}.html", **context),
        kind=kind,
    )
    db.session.add(email)
    return email
