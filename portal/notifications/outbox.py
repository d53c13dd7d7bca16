"""queue_email: the only way the portal sends mail. The caller's commit makes it real.

Mail is written in the recipient's language, not the sender's: a portal user gets their own
language (User.language), a mailbox without a user (a region's WSP mailbox) gets Dutch.
"""
from __future__ import annotations

import uuid

from flask import current_app, render_template
from flask_babel import force_locale
from flask_babel.speaklater import LazyString
from sqlalchemy import func, select

from portal.extensions import db
from portal.language import LANGUAGES
from portal.models import OutboxEmail, User

MAIL_DEFAULT_LANGUAGE = "nl"


def _one_line(text: str) -> str:
    # Names and subjects come from users: CR/LF would let them write mail headers.
    return " ".join(text.replace("\r", " ").replace("\n", " ").split())


def absolute_url(endpoint: str, **values) -> str:
    """A link for an e-mail; services run outside requests too (CLI, jobs), so no url_for."""
    path = current_app.url_map.bind("localhost").build(endpoint, values)
    return current_app.config["PUBLIC_BASE_URL"].rstrip("/") + path


def per_recipient(func, *args, **kwargs) -> LazyString:
    """A value worked out once per recipient language (e.g. a sentence rendered from a template)."""
    return LazyString(func, *args, **kwargs)


def _languages_of(addresses: list[str]) -> dict[str, str]:
    """address -> language; addresses without a portal user (shared mailboxes) get Dutch."""

    rows = db.session.execute(
        select(func.lower(User.email), User.language).where(func.lower(User.email).in_(addresses))
    ).all()
    known = {email: language for email, language in rows if language in LANGUAGES}
    return {address: known.get(address, MAIL_DEFAULT_LANGUAGE) for address in addresses}


def _resolved(value):
    # Lazy texts become plain strings in the forced language, also inside lists and dicts: a lazy
    # string counts as safe HTML in Jinja, so one left lazy would not be escaped.
    if isinstance(value, LazyString):
        return str(value)
    if isinstance(value, dict):
        return {key: _resolved(item) for key, item in value.items()}
    if type(value) in (list, tuple):  # not named tuples: their constructor takes fields
        return type(value)(_resolved(item) for item in value)
    return value


def queue_email(recipients, subject, template: str, kind: str, **context) -> OutboxEmail | None:
    """Add an e-mail to the outbox in the current transaction; nothing is sent here.

    `subject` and context values may be lazy (lazy_gettext, per_recipient): they are worked out
    in each recipient's language. Recipients with different languages get separate messages
    (Dutch first); the first message is returned.
    """
    addresses = sorted({_one_line(a).lower() for a in recipients if a and a.strip()})
    if not addresses:
        return None
    languages = _languages_of(addresses)
    order = sorted(set(languages.values()), key=lambda code: (code != MAIL_DEFAULT_LANGUAGE, code))
    emails = []
    for language in order:
        group = [a for a in addresses if languages[a] == language]
        with force_locale(language):
            text_subject = _one_line(str(subject))
            values = {"subject": text_subject, "mail_language": language,
                      **{key: _resolved(value) for key, value in context.items()}}
            email = OutboxEmail(
                message_id=f"<{uuid.uuid4().hex}@{current_app.config['MAIL_MESSAGE_ID_DOMAIN']}>",
                recipients=",".join(group),
                subject=text_subject,
                body_text=render_template(f"email/{template}.txt", **values),
                body_html=render_template(f"email/{template}.html", **values),
                kind=kind,
            )
        db.session.add(email)
        emails.append(email)
    return emails[0]
