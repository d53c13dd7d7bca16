"""Login, logout and user creation: every write about users goes through here."""
from __future__ import annotations

from flask import session
from flask_login import login_user, logout_user
from sqlalchemy import func, select, update

from portal.auth.passwords import dummy_verify, hash_password, needs_rehash, verify_password
from portal.extensions import db
from portal.models import ROLES, Organisation, Region, User, utcnow


class UserError(ValueError):
    pass


def normalise_email(email: str) -> str:
    return email.strip().lower()


def authenticate(email: str, password: str) -> User | None:
    user = db.session.scalar(select(User).where(User.email == normalise_email(email)))
    if user is None:
        dummy_verify(password)
        return None
    if not verify_password(user.password_hash, password) or not user.is_enabled:
        return None
    if needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    return user


def start_session(user: User) -> None:
    session.clear()  # a fresh session at login: nothing carried over from before
    user.last_login_at = utcnow()
    db.session.commit()
    login_user(user)
    session.permanent = True


def end_all_sessions(user: User) -> None:
    """Invalidate every cookie this user holds, on every device."""
    db.session.execute(
        update(User).where(User.id == user.id).values(session_version=User.session_version + 1)
    )
    db.session.commit()


def logout(user: User) -> None:
    end_all_sessions(user)
    logout_user()
    session.clear()


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
        if not password or len(password) < 12:
            raise UserError("the password must be at least 12 characters")
        password_hash = hash_password(password)
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
