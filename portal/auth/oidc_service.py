"""Who a federated login is: the checks on the ID token's claims, and the portal account they give.

eHerkenning (employers): the KvK number must be an active organisation with a valid PSO
certificate, at the configured assurance level; a first login links to the invited user with the
same e-mail, or makes an account that the organisation administrator must approve first.
Staff providers (UWV, WSP): the role claim (and, for WSP advisers, the region codes) decide the
account, which is created or brought up to date at every login.
"""
from __future__ import annotations

import logging
import re

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from portal.admin.trail_service import record_change
from portal.auth import account_service
from portal.auth.oidc_client import LoginRefused
from portal.auth.oidc_config import LEVELS, OidcProvider
from portal.auth.permissions import check_may_manage_user
from portal.extensions import client_ip, db
from portal.formatting import local_today
from portal.models import Organisation, Region, User
from portal.models.user import NO_PASSWORD
from portal.notifications.outbox import absolute_url, queue_email
from portal.workflows import TransitionRefused

security_log = logging.getLogger("portal.security")
_KVK = re.compile(r"^\d{8}$")


def _text(claims: dict, key: str, limit: int) -> str:
    value = claims.get(key)
    return value.strip()[:limit] if isinstance(value, str) else ""


def _values(claims: dict, key: str) -> list[str]:
    """A claim as a list of strings: brokers send one value or a list."""
    value = claims.get(key)
    if isinstance(value, str):
        return [part for part in value.replace(",", " ").split() if part]
    if isinstance(value, list):
        return [item for item in value if isinstance(item, str) and item]
    return []


def _identity(claims: dict) -> tuple[str, str, str]:
    email = account_service.normalise_email(_text(claims, "email", 254))
    name = _text(claims, "name", 160) or email
    if "@" not in email or not _text(claims, "sub", 255):
        raise LoginRefused("missing_claim", claims)
    return email, name, _text(claims, "sub", 255)


def _linked_user(provider: OidcProvider, subject: str) -> User | None:
    return db.session.scalar(select(User).where(User.oidc_issuer == provider.issuer, User.oidc_subject == subject))


def _check_usable(user: User, claims: dict) -> User:
    if not user.is_enabled:
        raise LoginRefused("account_disabled", claims)
    if user.awaiting_approval:
        raise LoginRefused("awaiting_approval", claims)
    return user


# --- eHerkenning ---------------------------------------------------------------------------

def _organisation(provider: OidcProvider, claims: dict) -> Organisation:
    kvk = _text(claims, provider.kvk_claim, 8)
    if not _KVK.match(kvk):
        raise LoginRefused("unknown_kvk", claims)
    organisation = db.session.scalar(select(Organisation).where(Organisation.kvk_number == kvk))
    if organisation is None:
        raise LoginRefused("unknown_kvk", claims)
    branch = _text(claims, provider.branch_claim, 12)
    if organisation.branch_number and branch != organisation.branch_number:
        raise LoginRefused("unknown_kvk", claims)
    if not organisation.is_active or not organisation.has_valid_certificate(local_today()):
        raise LoginRefused("inactive_kvk", claims)
    return organisation


def employer_login(provider: OidcProvider, claims: dict) -> User:
    level = LEVELS.get(_text(claims, "acr", 100))
    if level is None or level < LEVELS[provider.min_level]:
        raise LoginRefused("level_too_low", claims)
    organisation = _organisation(provider, claims)
    email, name, subject = _identity(claims)
    user = _linked_user(provider, subject)
    if user is not None:
        if user.role != "employer" or user.organisation_id != organisation.id:
            raise LoginRefused("wrong_organisation", claims)
        return _check_usable(user, claims)
    user = account_service.find_user(email)
    if user is not None:
        if user.role != "employer" or user.organisation_id != organisation.id or user.oidc_subject is not None:
            raise LoginRefused("email_in_use", claims)
        user.oidc_issuer, user.oidc_subject = provider.issuer, subject  # the invited user, linked by e-mail
        db.session.flush()
        security_log.info("eHerkenning identity linked to user %s from %s", user.id, client_ip())
        return _check_usable(user, claims)
    user = account_service.create_user(
        email=email, name=name, role="employer", organisation=organisation, password_hash=NO_PASSWORD)
    user.oidc_issuer, user.oidc_subject, user.awaiting_approval = provider.issuer, subject, True
    db.session.flush()
    security_log.info("eHerkenning login made user %s, awaiting approval, from %s", user.id, client_ip())
    _ask_approval(user, organisation)
    raise LoginRefused("awaiting_approval", claims)


def _ask_approval(user: User, organisation: Organisation) -> None:
    admins = db.session.scalars(select(User.email).where(
        User.organisation_id == organisation.id, User.is_organisation_admin.is_(True), User.is_enabled.is_(True))).all()
    if admins:  # without one, functioneel beheer approves it in the user list
        queue_email(list(admins), _l("Nieuw account wacht op uw goedkeuring"), "approval_needed", "approval_needed",
                    name=user.name, email=user.email, organisation=organisation.name,
                    link=absolute_url("employers.organisation"))


def approve_account(actor: User, user: User) -> None:
    """The organisation administrator lets a person in who first logged in with eHerkenning."""
    check_may_manage_user(actor, user.role, user.organisation_id)
    if not user.awaiting_approval:
        raise TransitionRefused(_("Dit account is al goedgekeurd."))
    user.awaiting_approval = False
    record_change(actor, "user_approved", "user", user.id)
    db.session.flush()
    security_log.info("user %s approved by user %s", user.id, actor.id)


# --- UWV and WSP staff ---------------------------------------------------------------------

def _staff_role(provider: OidcProvider, claims: dict) -> str:
    for value in _values(claims, provider.role_claim):
        role = provider.role_map.get(value)
        if role in provider.roles:
            return role
    raise LoginRefused("missing_role", claims)


def _staff_regions(provider: OidcProvider, claims: dict) -> list[Region]:
    codes = [provider.region_map.get(value, value) for value in _values(claims, provider.region_claim)]
    regions = db.session.scalars(select(Region).where(Region.code.in_(codes))).all() if codes else []
    if not codes or len(regions) != len(set(codes)):
        raise LoginRefused("unknown_region", claims)
    return list(regions)


def staff_login(provider: OidcProvider, claims: dict) -> User:
    role = _staff_role(provider, claims)
    regions = _staff_regions(provider, claims) if role == "wsp" else []
    email, name, subject = _identity(claims)
    user = _linked_user(provider, subject)
    if user is None:
        user = account_service.find_user(email)
        # Linked by e-mail only to a UWV/WSP account this provider may log in (never an employer's,
        # nor one that another identity already holds).
        if user is not None and (user.oidc_subject is not None or user.role not in provider.roles):
            raise LoginRefused("email_in_use", claims)
    if user is None:
        user = account_service.create_user(email=email, name=name, role=role, password_hash=NO_PASSWORD, regions=regions)
        security_log.info("staff login made user %s (%s) from %s", user.id, role, client_ip())
    _check_usable(user, claims)
    if user.role != role:
        account_service.end_all_sessions(user)  # a new role: no page opened under the old one stays open
    user.oidc_issuer, user.oidc_subject = provider.issuer, subject
    user.name, user.role, user.regions = name, role, regions
    if user.email != email and account_service.find_user(email) is None:
        user.email = email
    db.session.flush()
    return user


def user_for_claims(provider: OidcProvider, claims: dict) -> User:
    if provider.kind == "eherkenning":
        return employer_login(provider, claims)
    return staff_login(provider, claims)
