"""Administrative changes in the audit log, written in the same transaction as the change.

The access log (portal/audit) records who looked at personal data; this adds who changed
organisations, users, regions and AD assignments, so admins search both in one place.
"""
from __future__ import annotations

from flask import has_request_context, request
from flask_babel import lazy_gettext as _l

from portal.extensions import db
from portal.models import AUDIT_ACTIONS, AuditEvent

CHANGE_ACTIONS = {
    "organisation_saved": _l("Organisatie opgeslagen"),
    "certificate_verified": _l("PSO-certificaat gecontroleerd"),
    "organisation_activated": _l("Organisatie geactiveerd"),
    "location_saved": _l("Werkplek opgeslagen"),
    "region_saved": _l("Regio opgeslagen"),
    "user_invited": _l("Gebruiker uitgenodigd"),
    "user_changed": _l("Gebruiker gewijzigd"),
    "user_deactivated": _l("Gebruiker uitgezet"),
    "user_reactivated": _l("Gebruiker weer aangezet"),
    "user_approved": _l("Nieuw account goedgekeurd"),
    "invitation_accepted": _l("Uitnodiging gebruikt"),
    "employments_imported": _l("Medewerkers ingelezen"),
    "caseworker_reassigned": _l("Andere arbeidsdeskundige"),
    "audit_exported": _l("Log gedownload"),
    "absence_recorded": _l("Afwezigheid vastgelegd"),
    "absence_ended": _l("Afwezigheid beëindigd"),
    "team_lead_set": _l("Teamleider gewijzigd"),
    "job_coach_linked": _l("Jobcoach gekoppeld"),
    "api_client_saved": _l("API-koppeling geregistreerd"),
    "api_client_secret_rotated": _l("Geheim van een API-koppeling vernieuwd"),
    "api_client_deactivated": _l("API-koppeling uitgezet"),
}
ALL_ACTIONS = {**AUDIT_ACTIONS, **CHANGE_ACTIONS}


def action_label(action: str) -> str:
    return ALL_ACTIONS.get(action, action)


def record_change(actor, action: str, object_type: str, object_id: int, subject_employee_id: int | None = None) -> None:
    """Add the event to the current transaction; the caller's commit makes it real.

    actor None is the command line (`flask import employments`).
    """
    if action not in CHANGE_ACTIONS:
        raise KeyError(action)
    db.session.add(
        AuditEvent(
            actor_id=actor.id if actor else None,
            actor_email=actor.email if actor else "",
            actor_name=actor.name if actor else "Opdrachtregel",
            actor_role=actor.role if actor else "system",
            actor_organisation_id=actor.organisation_id if actor else None,
            # An API client acting (portal/api/auth.py ClientActor): named as itself.
            actor_client_id=getattr(actor, "client_id", None),
            action=action,
            object_type=object_type,
            object_id=object_id,
            subject_employee_id=subject_employee_id,
            result="allowed",
            ip_address=(request.remote_addr or "unknown")[:45] if has_request_context() else "cli",
        )
    )
