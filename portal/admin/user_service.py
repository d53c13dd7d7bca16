"""Changing and deactivating users. Deactivation ends every session of the user at once."""
from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import func, or_, select, update

from portal.admin.trail_service import record_change
from portal.auth.account_service import security_log
from portal.auth.invitation_service import check_user_fields, revoke_invitations
from portal.auth.permissions import Forbidden, check_may_manage_user
from portal.extensions import db
from portal.models import CaseworkerAssignment, Organisation, Region, User
from portal.workflows import InputRejected, TransitionRefused


def caseload_size(user: User) -> int:
    """Employees this AD guides or backs up now."""
    return db.session.scalar(
        select(func.count()).select_from(CaseworkerAssignment).where(
            CaseworkerAssignment.valid_until.is_(None),
            or_(CaseworkerAssignment.ad_id == user.id, CaseworkerAssignment.backup_ad_id == user.id),
        )
    ) or 0


def _end_sessions(user: User, **values) -> None:
    """Bump the session version (every cookie of the user stops working), in this transaction."""
    db.session.execute(
        update(User).where(User.id == user.id)
        .values(session_version=User.session_version + 1, **values)
        .execution_options(synchronize_session=False)
    )


def deactivate_user(actor, user: User) -> None:
    """The user can no longer log in; open sessions and unused invitations end now."""
    check_may_manage_user(actor, user.role, user.organisation_id)
    if actor is not None and actor.id == user.id:
        raise TransitionRefused(_("U kunt uw eigen account niet uitzetten."))
    if not user.is_enabled:
        raise TransitionRefused(_("Deze gebruiker is al uitgezet."))
    _end_sessions(user, is_enabled=False)
    revoke_invitations(user)
    record_change(actor, "user_deactivated", "user", user.id)
    db.session.flush()
    db.session.refresh(user)
    security_log.info("user %s deactivated by user %s", user.id, actor.id if actor else "cli")


def reactivate_user(actor, user: User) -> None:
    check_may_manage_user(actor, user.role, user.organisation_id)
    if user.is_enabled:
        raise TransitionRefused(_("Deze gebruiker kan al inloggen."))
    user.is_enabled, user.failed_logins, user.locked_until = True, 0, None
    record_change(actor, "user_reactivated", "user", user.id)
    db.session.flush()
    security_log.info("user %s reactivated by user %s", user.id, actor.id if actor else "cli")


def update_user(
    actor, user: User, *, name: str, phone: str, role: str, organisation: Organisation | None,
    regions: list[Region], is_organisation_admin: bool,
) -> None:
    """Admins change a user's role, organisation or regions. A new role or organisation ends the
    user's sessions: the next login asks for what the new role needs (such as the app code)."""
    if actor is None or actor.role != "admin":
        raise Forbidden("change_user")
    errors = check_user_fields(role, organisation, regions)
    if actor.id == user.id and role != user.role:
        errors["role"] = _("U kunt uw eigen rol niet wijzigen. Vraag een andere beheerder.")
    elif user.role == "ad" and role != "ad" and caseload_size(user):
        errors["role"] = _("Deze arbeidsdeskundige heeft nog medewerkers. Geef die eerst een andere arbeidsdeskundige.")
    if errors:
        raise InputRejected(errors)
    new_organisation_id = organisation.id if organisation else None
    access_changed = role != user.role or new_organisation_id != user.organisation_id
    user.name, user.phone, user.role = name.strip(), phone.strip(), role
    user.organisation = organisation
    user.regions = regions if role == "wsp" else []
    user.is_organisation_admin = role == "employer" and is_organisation_admin
    db.session.flush()
    if access_changed:
        _end_sessions(user)
    record_change(actor, "user_changed", "user", user.id)
    db.session.flush()
    db.session.refresh(user)


def set_team_lead(actor, user: User, team_lead: User | None) -> None:
    """An admin sets an AD's team lead (another enabled AD) or none. The team lead hears of the AD's
    deadlines that the backup missed too (caseload/responsibility.py)."""
    if actor is None or actor.role != "admin":
        raise Forbidden("set_team_lead")
    if user.role != "ad":
        raise InputRejected({"team_lead": _("Alleen een arbeidsdeskundige heeft een teamleider.")})
    if team_lead is not None:
        if team_lead.id == user.id:
            raise InputRejected({"team_lead": _("Iemand kan niet zijn eigen teamleider zijn. Kies een ander.")})
        if team_lead.role != "ad" or not team_lead.is_enabled:
            raise InputRejected({"team_lead": _("Kies een teamleider uit de lijst.")})
    user.team_lead = team_lead
    record_change(actor, "team_lead_set", "user", user.id)
    db.session.flush()
