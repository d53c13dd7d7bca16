"""Login, logout, passwords and user creation: every write about users goes through here."""
from __future__ import annotations

import hashlib
import logging
import secrets
from datetime import timedelta

from flask import current_app, session
from flask_babel import lazy_gettext as _l
from flask_login import login_user, logout_user
from sqlalchemy import func, select, update

from portal import language
from portal.auth import password_policy
from portal.auth.passwords import dummy_verify, hash_password, needs_rehash, verify_password
from portal.extensions import changed_rows, client_ip, db
from portal.models import ROLES, Organisation, PasswordResetToken, Region, User, utcnow
from portal.notifications.outbox import absolute_url, queue_email
from portal.workflows import InputRejected

# Security events for the operators (ASVS 16.3): who and what, never passwords, codes or tokens.
security_log = logging.getLogger("portal.security")


WRONG_CURRENT = _l("Uw huidige wachtwoord klopt niet.")
LINK_EXPIRED = _l("Deze link werkt niet meer. Vraag een nieuwe link aan.")
NOT_EQUAL = _l("De twee wachtwoorden zijn niet gelijk.")


class UserError(ValueError):
    pass


def normalise_email(email: str) -> str:
    return email.strip().lower()


def find_user(email: str) -> User | None:
    return db.session.scalar(select(User).where(User.email == normalise_email(email)))


def is_locked(user: User) -> bool:
    return user.locked_until is not None and user.locked_until > utcnow()


def authenticate(email: str, password: str) -> User | None:
    """The user, or None for unknown e-mail, wrong password, locked or disabled account alike."""
    user = find_user(email)
    if user is None:
        dummy_verify(password)
        security_log.info("login failed: unknown account from %s", client_ip())
        return None
    if not verify_password(user.password_hash, password):
        _count_failed_login(user)
        security_log.info("login failed: wrong password for user %s from %s", user.id, client_ip())
        return None
    if is_locked(user) or not user.is_enabled:
        security_log.info("login refused: user %s is locked or disabled, from %s", user.id, client_ip())
        return None
    if needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    user.failed_logins = 0
    db.session.flush()
    return user


def _count_failed_login(user: User) -> None:
    # Atomic in the database: parallel guesses all count.
    db.session.execute(
        update(User).where(User.id == user.id).values(failed_logins=User.failed_logins + 1)
        .execution_options(synchronize_session=False)
    )
    db.session.flush()
    db.session.refresh(user)
    if user.failed_logins >= current_app.config["LOGIN_MAX_FAILURES"] and not is_locked(user):
        user.locked_until = utcnow() + timedelta(minutes=current_app.config["LOCKOUT_MINUTES"])
        user.failed_logins = 0
        db.session.flush()
        security_log.warning("account of user %s locked after repeated wrong passwords", user.id)


# --- sessions ----------------------------------------------------------------------------

PENDING_KEY = "pending_two_factor"


def start_pending_two_factor(user: User) -> None:
    """Password accepted; the session knows who is halfway, but nobody is logged in yet."""
    kept_language = language.language_state()  # the code page speaks the language chosen at the password page
    session.clear()
    session.update(kept_language)
    session[PENDING_KEY] = {"user": user.get_id(), "at": utcnow().timestamp()}


def pending_two_factor_user() -> User | None:
    pending = session.get(PENDING_KEY)
    if not pending:
        return None
    age = utcnow().timestamp() - pending["at"]
    if age > current_app.config["TWO_FACTOR_PENDING_MINUTES"] * 60:
        session.pop(PENDING_KEY, None)
        return None
    user_id, _, version = pending["user"].partition(":")
    user = db.session.get(User, int(user_id))
    if user is None or not user.is_enabled or str(user.session_version) != version:
        return None
    return user


def start_session(user: User) -> None:
    chosen_language = session.get(language.SESSION_KEY) if session.get(language.CHOSEN_KEY) else None
    session.clear()  # a fresh session at login: nothing carried over from before
    language.carry_language_into_login(user, chosen_language)
    user.last_login_at = utcnow()
    db.session.flush()
    login_user(user)
    security_log.info("login of user %s from %s", user.id, client_ip())
    session.permanent = True
    now = utcnow().timestamp()
    session["login_at"] = now
    session["seen_at"] = now
    session[language.SESSION_KEY] = user.language  # kept when the session ends by itself


def end_all_sessions(user: User) -> None:
    """Invalidate every cookie this user holds, on every device."""
    db.session.execute(
        update(User).where(User.id == user.id).values(session_version=User.session_version + 1)
        .execution_options(synchronize_session=False)
    )
    db.session.flush()
    db.session.refresh(user)


def logout(user: User) -> None:
    end_all_sessions(user)
    kept_language = language.language_to_keep_after_logout(user)
    logout_user()
    session.clear()
    session[language.SESSION_KEY] = kept_language  # the login page keeps speaking the user's language


# --- passwords ---------------------------------------------------------------------------

def check_new_password(user: User | None, new: str, repeat: str | None = None, organisation_name: str = "") -> None:
    errors = {}
    found = password_policy.problems(new, user, organisation_name)
    if found:
        errors["new_password"] = " ".join(found)
    elif repeat is not None and new != repeat:
        errors["repeat_password"] = NOT_EQUAL
    if errors:
        raise InputRejected(errors)


def change_password(user: User, current: str, new: str, repeat: str) -> None:
    """Needs the current password; ends every other session of the user."""
    if not verify_password(user.password_hash, current):
        raise InputRejected({"current_password": WRONG_CURRENT})
    check_new_password(user, new, repeat)
    user.password_hash, user.password_changed_at = hash_password(new), utcnow()
    db.session.flush()
    end_all_sessions(user)
    login_user(user)  # this browser stays logged in with the new session version
    security_log.info("password changed by user %s", user.id)


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def request_password_reset(email: str) -> None:
    """Mail a single-use link, valid 30 minutes; says nothing about whether the e-mail exists."""
    user = find_user(email)
    if user is None or not user.is_enabled:
        return
    token = secrets.token_urlsafe(32)
    minutes = current_app.config["PASSWORD_RESET_MINUTES"]
    db.session.add(
        PasswordResetToken(user_id=user.id, token_hash=_token_hash(token), expires_at=utcnow() + timedelta(minutes=minutes))
    )
    queue_email(
        [user.email], _l("Nieuw wachtwoord instellen"), "password_reset", "password_reset",
        name=user.name, minutes=minutes, link=absolute_url("account.reset_password", token=token),
    )
    db.session.flush()


def valid_reset_token(token: str) -> PasswordResetToken | None:
    row = db.session.scalar(select(PasswordResetToken).where(PasswordResetToken.token_hash == _token_hash(token)))
    if row is None or row.used_at is not None or row.expires_at < utcnow():
        return None
    return row


def reset_password(token: str, new: str, repeat: str) -> User:
    """Set a new password with a reset link. Two-factor login is still asked at the next login."""
    row = valid_reset_token(token)
    if row is None:
        raise InputRejected({"new_password": LINK_EXPIRED})
    user = db.session.get(User, row.user_id)
    if user is None:
        raise InputRejected({"new_password": LINK_EXPIRED})
    check_new_password(user, new, repeat)
    used = db.session.execute(
        update(PasswordResetToken)
        .where(PasswordResetToken.id == row.id, PasswordResetToken.used_at.is_(None))
        .values(used_at=utcnow())
    )
    if changed_rows(used) != 1:  # someone used the link a moment ago: nothing was changed
        raise InputRejected({"new_password": LINK_EXPIRED})
    user.password_hash, user.password_changed_at = hash_password(new), utcnow()
    user.failed_logins, user.locked_until = 0, None
    db.session.flush()
    end_all_sessions(user)
    security_log.info("password reset by link for user %s", user.id)
    return user


# --- users -------------------------------------------------------------------------------

def create_user(
    *,
    email: str,
    name: str,
    role: str,
    password: str | None = None,
    password_hash: str | None = None,
    phone: str = "",
    organisation: Organisation | None = None,
    regions: list[Region] | None = None,
) -> User:
    email = normalise_email(email)
    if role not in ROLES:
        raise UserError(f"unknown role {role!r}; choose one of {', '.join(ROLES)}")
    if role == "employer" and organisation is None:
        raise UserError("an employer user needs an organisation")
    if role != "employer" and organisation is not None:
        raise UserError("only employer users belong to an organisation")
    if role != "wsp" and regions:
        raise UserError("only WSP advisers have regions")
    if db.session.scalar(select(func.count()).select_from(User).where(User.email == email)):
        raise UserError(f"a user with e-mail {email} exists already")
    if password_hash is None:
        found = password_policy.problems(password or "", None, organisation.name if organisation else "")
        if found:
            raise UserError("password refused: " + " ".join(found))
        password_hash = hash_password(password or "")
    user = User(
        email=email,
        name=name.strip(),
        role=role,
        phone=phone.strip(),
        organisation=organisation,
        password_hash=password_hash,
        regions=list(regions or []),
    )
    db.session.add(user)
    db.session.flush()
    return user
