"""Two-factor login with TOTP (RFC 6238, pyotp): enrolment, codes, recovery codes, lockout."""
from __future__ import annotations

import hashlib
import hmac
import logging
import secrets
import time
from datetime import timedelta

import pyotp
import segno
from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import select, update

from portal.extensions import changed_rows, db
from portal.models import RecoveryCode, User, utcnow

RECOVERY_CODE_COUNT = 10


def required_for(user: User) -> bool:
    roles = {role.strip() for role in current_app.config["TWO_FACTOR_ROLES"].split(",")}
    return user.role in roles


def new_secret() -> str:
    return pyotp.random_base32()


def provisioning_uri(user: User, secret: str) -> str:
    return pyotp.TOTP(secret).provisioning_uri(name=user.email, issuer_name=current_app.config["TOTP_ISSUER"])


def qr_svg(uri: str) -> str:
    """The QR code as inline SVG, made here: the secret never goes to another service."""
    return segno.make(uri, error="m").svg_inline(scale=5, dark="#000", light="#fff", title=_("QR-code"))


def _matching_step(secret: str, code: str, at: float | None = None) -> int | None:
    """The time step the code belongs to (now or one step either side), or None."""
    code = "".join(code.split())
    if not (code.isdigit() and len(code) == 6):
        return None
    totp = pyotp.TOTP(secret)
    now = time.time() if at is None else at
    for offset in (0, -1, 1):
        moment = now + offset * totp.interval
        if hmac.compare_digest(totp.at(moment), code):
            return int(moment // totp.interval)
    return None


def is_locked(user: User) -> bool:
    return user.totp_locked_until is not None and user.totp_locked_until > utcnow()


def verify(user: User, code: str, secret: str | None = None) -> bool:
    """Check a code; a code used before (or older than the last one) is refused; 5 misses lock."""
    if is_locked(user):
        return False
    step = _matching_step(secret or user.totp_secret or "", code)
    if step is not None:
        # Compare-and-set on the last step, so one code cannot open two sessions at once.
        result = db.session.execute(
            update(User)
            .where(User.id == user.id)
            .where((User.totp_last_step.is_(None)) | (User.totp_last_step < step))
            .values(totp_last_step=step, totp_failures=0)
            .execution_options(synchronize_session=False)
        )
        db.session.flush()
        if changed_rows(result) == 1:
            db.session.refresh(user)
            return True
    if use_recovery_code(user, code):
        return True
    _count_failure(user)
    return False


security_log = logging.getLogger("portal.security")


def _count_failure(user: User) -> None:
    security_log.info("two-factor code refused for user %s", user.id)
    db.session.execute(
        update(User).where(User.id == user.id).values(totp_failures=User.totp_failures + 1)
        .execution_options(synchronize_session=False)
    )
    db.session.flush()
    db.session.refresh(user)
    if user.totp_failures >= current_app.config["TOTP_MAX_FAILURES"]:
        user.totp_locked_until = utcnow() + timedelta(minutes=current_app.config["LOCKOUT_MINUTES"])
        user.totp_failures = 0
        db.session.flush()
        security_log.warning("two-factor step of user %s locked after repeated wrong codes", user.id)


def _hash_code(code: str) -> str:
    normalised = "".join(code.split()).replace("-", "").lower()
    return hashlib.sha256(normalised.encode()).hexdigest()


def new_recovery_codes(user: User) -> list[str]:
    """Replace the user's recovery codes; the plain codes are shown once and never stored."""
    db.session.execute(RecoveryCode.__table__.delete().where(RecoveryCode.user_id == user.id))
    codes = [f"{secrets.token_hex(4)}-{secrets.token_hex(4)}" for _ in range(RECOVERY_CODE_COUNT)]
    db.session.add_all(RecoveryCode(user_id=user.id, code_hash=_hash_code(c)) for c in codes)
    return codes


def use_recovery_code(user: User, code: str) -> bool:
    if len("".join(code.split())) < 16:
        return False
    row = db.session.scalar(
        select(RecoveryCode).where(
            RecoveryCode.user_id == user.id, RecoveryCode.code_hash == _hash_code(code), RecoveryCode.used_at.is_(None)
        )
    )
    if row is None:
        return False
    result = db.session.execute(
        update(RecoveryCode).where(RecoveryCode.id == row.id, RecoveryCode.used_at.is_(None)).values(used_at=utcnow())
    )
    db.session.flush()
    return changed_rows(result) == 1


def enrol(user: User, secret: str, code: str) -> list[str] | None:
    """Save the secret once the user proves the app works; returns the recovery codes."""
    step = _matching_step(secret, code)
    if step is None:
        _count_failure(user)
        return None
    user.totp_secret, user.totp_last_step, user.totp_failures = secret, step, 0
    codes = new_recovery_codes(user)
    db.session.flush()
    return codes
