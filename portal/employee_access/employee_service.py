"""What the employee does on "Mijn overdracht": every change is a timeline event and mails the AD.

The employee is not a portal user: events carry no actor, their note says it was the employee.
"""
from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from portal.employee_access import links
from portal.extensions import db
from portal.models import ContractEndNotice, EmployeeStatement, utcnow
from portal.notices.notice_service import stored_text
from portal.notifications import employee_messages
from portal.pool import profile_service as profiles
from portal.workflows import NOTICE_WORKFLOW, InputRejected, TransitionRefused, record_event

STATEMENT_MAX_LENGTH = 4000
PROFILE_CONSENT_METHOD = "employee_page"  # profile_consent_method: the employee said so on the page
BY_EMPLOYEE = _l("door de werknemer zelf")  # the event note: stored in Dutch, shown translated


def _open(notice: ContractEndNotice) -> None:
    if not notice.is_open:  # the session ends with the notice too; this guards an old form
        raise TransitionRefused(_("Uw melding is afgerond. U kunt hier niets meer veranderen."))


def set_consent(notice: ContractEndNotice, agrees: bool) -> None:
    """Share the handover with UWV or not. A "no" hides the notes from the AD at once, whatever
    the employer recorded (auth/permissions.py may_read_handover_notes)."""
    _open(notice)
    if notice.employee_consent is agrees:
        return  # the same answer twice (a double click): nothing changed, no mail
    notice.employee_consent, notice.employee_consent_at = agrees, utcnow()
    action = "employee_consent_given" if agrees else "employee_consent_refused"
    record_event(NOTICE_WORKFLOW, notice, action, stored_text(BY_EMPLOYEE))
    employee_messages.employee_answered(notice, action)
    db.session.flush()


def set_profile_consent(notice: ContractEndNotice, agrees: bool) -> None:
    """A candidate profile for the WSP or not. Yes records the profile consent the AD needs to
    publish; no takes it away and ends a profile that exists (out of the pool at once)."""
    _open(notice)
    if notice.employee_profile_consent is agrees:
        return
    notice.employee_profile_consent, notice.employee_profile_consent_at = agrees, utcnow()
    if agrees:
        if notice.profile_consent_date is None:
            notice.profile_consent_date = utcnow().date()
            notice.profile_consent_method, notice.profile_consent_recorded_by_id = PROFILE_CONSENT_METHOD, None
        action = "employee_profile_given"
    else:
        notice.profile_consent_date = notice.profile_consent_method = notice.profile_consent_recorded_by_id = None
        profiles.end_with_notice(None, notice, stored_text(_l("De werknemer wil geen kandidaatprofiel meer.")))
        action = "employee_profile_refused"
    record_event(NOTICE_WORKFLOW, notice, action, stored_text(BY_EMPLOYEE))
    employee_messages.employee_answered(notice, action)
    db.session.flush()


def add_statement(notice: ContractEndNotice, body: str) -> EmployeeStatement:
    """The employee's own wishes or corrections: stored as their text, beside the employer's."""
    _open(notice)
    text = (body or "").strip()
    if not text:
        raise InputRejected({"body": _("Schrijf eerst wat u wilt toevoegen.")})
    if len(text) > STATEMENT_MAX_LENGTH:
        raise InputRejected({"body": _("Uw tekst is te lang. Gebruik hoogstens %(max)s tekens.", max=STATEMENT_MAX_LENGTH)})
    statement = EmployeeStatement(notice_id=notice.id, body=text)
    db.session.add(statement)
    record_event(NOTICE_WORKFLOW, notice, "employee_statement", stored_text(BY_EMPLOYEE))
    employee_messages.employee_answered(notice, "employee_statement")
    db.session.flush()
    return statement


def statements_of(notice: ContractEndNotice) -> list[EmployeeStatement]:
    return list(db.session.scalars(
        db.select(EmployeeStatement).where(EmployeeStatement.notice_id == notice.id).order_by(EmployeeStatement.id)
    ))


def issue_new_link(actor, notice: ContractEndNotice) -> None:
    """The AD's new link and code (after five wrong codes, or a lost letter): the old one stops now.
    The letter "Wat gebeurt er nu?" prints the new code; an e-mail brings the new link."""
    _open(notice)
    link = links.issue_link(notice, actor)
    record_event(NOTICE_WORKFLOW, notice, "employee_link_issued", "", actor)
    employee_messages.link_for_employee(notice, links.token_of(link))
    db.session.flush()
