"""Inviting users: an e-mail with a single-use link, valid 7 days, to set a first password.

The invited user has no password until then (an empty hash matches nothing). After setting
one, users who need two-factor login go through the usual enrolment at once.
"""
from __future__ import annotations

import hashlib
import re
import secrets
from datetime import timedelta

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select, update

from portal.admin.trail_service import record_change
from portal.auth import account_service as service
from portal.auth.passwords import hash_password
from portal.auth.permissions import check_may_manage_user
from portal.extensions import changed_rows, db
from portal.models import Organisation, Region, User, UserInvitation, utcnow
from portal.models.user import NO_PASSWORD
from portal.notifications.outbox import absolute_url, queue_email
from portal.workflows import InputRejected, TransitionRefused

INVITATION_VALID_DAYS = 7
INVITATION_EXPIRED = _l("Deze uitnodiging werkt niet meer. Vraag wie u uitnodigde om een nieuwe uitnodiging.")
EMAIL_ERROR = _l("Vul een geldig e-mailadres in, zoals naam@organisatie.nl.")
_EMAIL = re.compile(r"^[^@\s]{1,64}@[^@\s]+\.[^@\s.]{2,}$")


def looks_like_email(text: str) -> bool:
    return bool(_EMAIL.match(text or ""))


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def check_user_fields(
    role: str, organisation: Organisation | None, regions: list[Region], email_field: str | None = None,
    email: str = "", user: User | None = None,
) -> dict[str, str]:
    """The combinations a user may have, in Dutch (create_user checks the same in English)."""
    errors = {}
    if email_field is not None:
        if not looks_like_email(email):
            errors[email_field] = EMAIL_ERROR
        elif db.session.scalar(
            select(func.count()).select_from(User).where(User.email == email, User.id != (user.id if user else -1))
        ):
            errors[email_field] = _("Er is al een gebruiker met dit e-mailadres.")
    if role == "employer" and organisation is None:
        errors["organisation"] = _("Vul het KvK-nummer in van de organisatie waar deze werkgever werkt.")
    if role != "employer" and organisation is not None:
        errors["organisation"] = _("Alleen werkgevers horen bij een organisatie. Maak dit veld leeg.")
    if role != "wsp" and regions:
        errors["regions"] = _("Alleen adviseurs van een Werkgeversservicepunt hebben regio's.")
    if role == "wsp" and not regions:
        errors["regions"] = _("Kies minstens één regio.")
    return errors


def invite_user(
    actor, *, email: str, name: str, role: str, phone: str = "", organisation: Organisation | None = None,
    regions: list[Region] | None = None, is_organisation_admin: bool = False,
) -> User:
    """Create the user without a password and mail the invitation, in one transaction."""
    check_may_manage_user(actor, role, organisation.id if organisation else None)
    email, regions = service.normalise_email(email), list(regions or [])
    errors = check_user_fields(role, organisation, regions, "email", email)
    if errors:
        raise InputRejected(errors)
    user = service.create_user(
        email=email, name=name, role=role, phone=phone, organisation=organisation, regions=regions, password_hash=NO_PASSWORD
    )
    # Only a functional admin names organisation administrators.
    user.is_organisation_admin = role == "employer" and is_organisation_admin and actor is not None and actor.role == "admin"
    send_invitation(actor, user)
    record_change(actor, "user_invited", "user", user.id)
    db.session.flush()
    return user


def resend_invitation(actor, user: User) -> None:
    """A new link (the old ones stop working), for a user who has not set a password yet."""
    check_may_manage_user(actor, user.role, user.organisation_id)
    if user.has_password or not user.is_enabled:
        raise TransitionRefused(_("Deze gebruiker heeft de uitnodiging al gebruikt of is uitgezet."))
    send_invitation(actor, user)
    record_change(actor, "user_invited", "user", user.id)
    db.session.flush()


def send_invitation(actor, user: User) -> None:
    revoke_invitations(user)
    token = secrets.token_urlsafe(32)
    db.session.add(
        UserInvitation(
            user_id=user.id, token_hash=_token_hash(token), invited_by_id=actor.id if actor else None,
            expires_at=utcnow() + timedelta(days=INVITATION_VALID_DAYS),
        )
    )
    queue_email(
        [user.email], _l("Uitnodiging voor Servicepunt Inclusief"), "invitation", "invitation",
        name=user.name, inviter=actor.name if actor else _l("Functioneel beheer"),
        organisation=user.organisation.name if user.organisation else "", role=user.role_label,
        days=INVITATION_VALID_DAYS, link=absolute_url("account.accept_invitation", token=token),
    )


def revoke_invitations(user: User) -> None:
    """Links not used yet stop working (part of the caller's transaction)."""
    db.session.execute(
        update(UserInvitation)
        .where(UserInvitation.user_id == user.id, UserInvitation.used_at.is_(None))
        .values(used_at=utcnow())
        .execution_options(synchronize_session=False)
    )


def valid_invitation(token: str) -> UserInvitation | None:
    row = db.session.scalar(select(UserInvitation).where(UserInvitation.token_hash == _token_hash(token)))
    if row is None or row.used_at is not None or row.expires_at < utcnow():
        return None
    if not row.user.is_enabled or row.user.has_password:
        return None
    return row


def accept_invitation(token: str, new: str, repeat: str) -> User:
    """Set the first password with the link. The link works once (compare-and-set)."""
    row = valid_invitation(token)
    if row is None:
        raise InputRejected({"new_password": INVITATION_EXPIRED})
    user = row.user
    service.check_new_password(user, new, repeat)
    used = db.session.execute(
        update(UserInvitation)
        .where(UserInvitation.id == row.id, UserInvitation.used_at.is_(None))
        .values(used_at=utcnow())
    )
    if changed_rows(used) != 1:  # someone used the link a moment ago: nothing was changed
        raise InputRejected({"new_password": INVITATION_EXPIRED})
    user.password_hash, user.password_changed_at = hash_password(new), utcnow()
    user.failed_logins, user.locked_until = 0, None  # guesses at an account without a password
    record_change(user, "invitation_accepted", "user", user.id)
    db.session.flush()
    service.security_log.info("invitation accepted by user %s", user.id)
    return user
