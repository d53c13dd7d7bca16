"""Inviting a job coach for one employment (issue 16.2): the employer's organisation administrator
or functioneel beheer. A new coach gets the usual invitation (password, then the authenticator app);
a coach who has an account already is linked and told by mail."""
from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from portal.admin.trail_service import record_change
from portal.auth import account_service
from portal.auth.invitation_service import EMAIL_ERROR, looks_like_email, send_invitation
from portal.auth.permissions import Forbidden, employments_visible_to, is_visible, may_invite_job_coach
from portal.extensions import db
from portal.models import COACH_KINDS, Employment, JobCoachLink, User
from portal.models.user import NO_PASSWORD
from portal.notifications.outbox import absolute_url, queue_email
from portal.workflows import InputRejected


def invite_job_coach(actor, employment: Employment, *, name: str, email: str, kind: str,
                     organisation_name: str = "", phone: str = "") -> JobCoachLink:
    if not may_invite_job_coach(actor) or not is_visible(employments_visible_to(actor), employment):
        raise Forbidden("invite_job_coach")
    email, name, organisation_name = account_service.normalise_email(email), name.strip(), organisation_name.strip()
    existing = db.session.scalar(select(User).where(User.email == email))
    errors = _check(employment, name, email, kind, organisation_name, existing)
    if errors:
        raise InputRejected(errors)
    if existing is None:
        coach = account_service.create_user(email=email, name=name, role="jobcoach", phone=phone.strip(),
                                            password_hash=NO_PASSWORD)
        send_invitation(actor, coach)
        record_change(actor, "user_invited", "user", coach.id)
    else:
        coach = existing
        queue_email([coach.email], _l("U begeleidt nu %(name)s", name=employment.employee.name), "coach_step",
                    "job_coach_linked",
                    sentence=_l("%(inviter)s heeft u als jobcoach gekoppeld aan %(name)s.", inviter=actor.name,
                                name=employment.employee.name),
                    link=absolute_url("jobcoach.employment", employment_id=employment.id))
    link = JobCoachLink(employment=employment, coach=coach, kind=kind, invited_by_id=actor.id,
                        organisation_name=organisation_name if kind == "external" else "")
    db.session.add(link)
    # The employment's job coach fields (shown on the employee page and in imports) follow the link.
    employment.job_coach_type, employment.job_coach_name = kind, coach.name
    employment.job_coach_organisation = link.organisation_name
    record_change(actor, "job_coach_linked", "employment", employment.id, employment.employee_id)
    db.session.flush()
    return link


def _check(employment, name, email, kind, organisation_name, existing) -> dict:
    errors = {}
    if not name:
        errors["name"] = _("Vul de naam in.")
    if not looks_like_email(email):
        errors["email"] = str(EMAIL_ERROR)
    elif existing is not None and (existing.role != "jobcoach" or not existing.is_enabled):
        errors["email"] = _("Dit e-mailadres hoort bij een andere gebruiker. Gebruik het e-mailadres van de jobcoach.")
    elif existing is not None and db.session.scalar(select(JobCoachLink.id).where(
            JobCoachLink.employment_id == employment.id, JobCoachLink.coach_id == existing.id)):
        errors["email"] = _("Deze jobcoach begeleidt deze medewerker al.")
    if kind not in COACH_KINDS:
        errors["kind"] = _("Kies extern of intern.")
    elif kind == "external" and not organisation_name:
        errors["organisation_name"] = _("Vul de naam van het jobcoachbedrijf in.")
    return errors
