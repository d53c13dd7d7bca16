"""The hire closes the loop in one transaction: the proposal, the refill request (filled from
the pool), the leaver's notice (a new job, with the real start date and the new employer), the
profile, and a new employment at the new employer's workplace with the same AD and backup.

The profile's compare-and-set comes first: of two hires of one candidate at the same moment,
exactly one gets past it; any refusal later undoes the whole step (the caller's savepoint).
"""
from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import cast

from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import select

from portal.auth.permissions import check_may
from portal.extensions import db
from portal.formatting import date_long, local_date
from portal.models import (
    CONTRACT_TYPES,
    OPEN_PROPOSAL_STATES,
    OUTCOMES,
    CaseworkerAssignment,
    ContractEndNotice,
    Employee,
    Employment,
    Proposal,
)
from portal.notices.outcome_rules import outcome_for
from portal.notifications import messages as notice_messages
from portal.notifications import pool_messages as messages
from portal.workflows import (
    NOTICE_WORKFLOW,
    PROFILE_WORKFLOW,
    PROPOSAL_WORKFLOW,
    REFILL_WORKFLOW,
    InputRejected,
    TransitionRefused,
    apply_transition,
)


class HireRejected(InputRejected):
    """Hire input that breaks a rule."""


def _validate(proposal: Proposal, start_date: date | None, hours: Decimal | None, contract_type: str) -> None:
    errors = {}
    if start_date is None:
        errors["start_date"] = _("Vul de datum in waarop de kandidaat begint.")
    elif start_date < local_date(proposal.created_at):
        errors["start_date"] = _("De startdatum kan niet voor het voorstel liggen (%(date)s).",
                                 date=date_long(proposal.created_at))
    if hours is None or not Decimal("1") <= hours <= Decimal("60"):
        errors["hours"] = _("Vul een aantal uren per week in tussen 1 en 60.")
    if contract_type not in CONTRACT_TYPES:
        errors["contract_type"] = _("Kies het soort contract.")
    if errors:
        raise HireRejected(errors)


def hire(actor, proposal: Proposal, start_date: date | None, hours: Decimal | None, contract_type: str,
         visible: bool = False) -> None:
    check_may(actor, PROPOSAL_WORKFLOW, "hire", proposal, visible=visible)
    if proposal.status not in PROPOSAL_WORKFLOW.transition("hire").sources:
        raise TransitionRefused(_("Dit kan niet meer: de status is nu '%(state)s'.",
                                  state=PROPOSAL_WORKFLOW.states[proposal.status].lower()))
    _validate(proposal, start_date, hours, contract_type)
    start_date = cast(date, start_date)  # validated above
    profile, refill = proposal.profile, proposal.refill
    if profile is not None and proposal.introduction_consent_date is None:
        raise TransitionRefused(_("Eerst legt de arbeidsdeskundige de toestemming voor de kennismaking vast."))
    with force_locale("nl"):
        note = f"start {date_long(start_date)}, {refill.job_title} bij {refill.organisation.name}"
    if profile is not None:
        apply_transition(PROFILE_WORKFLOW, profile, "end", actor, note="aangenomen via de kandidatenpool")
    apply_transition(PROPOSAL_WORKFLOW, proposal, "hire", actor, note=note, start_date=start_date,
                     hired_hours=hours, hired_contract_type=contract_type)
    apply_transition(REFILL_WORKFLOW, refill, "fill", actor, filled_date=start_date, filled_from_pool=True)
    notice_messages.refill_step(refill, "fill", actor)
    others = select(Proposal).where(Proposal.id != proposal.id, Proposal.status.in_(OPEN_PROPOSAL_STATES))
    if profile is not None:
        others = others.where((Proposal.refill_id == refill.id) | (Proposal.profile_id == profile.id))
        notice = profile.notice
        _close_notice(actor, notice, proposal, start_date, hours, contract_type)
        proposal.new_employment_id = _new_employment(proposal, notice, start_date, hours, contract_type).id
        messages.hired(proposal, notice)
    else:
        others = others.where(Proposal.refill_id == refill.id)
    for other in db.session.scalars(others).all():
        with force_locale("nl"):
            apply_transition(PROPOSAL_WORKFLOW, other, "lapse", None, note="de plek of de kandidaat is vergeven")
    messages.proposal_step(proposal, "hire", actor)
    db.session.flush()


def _close_notice(actor, notice: ContractEndNotice, proposal: Proposal, start_date: date, hours, contract_type) -> None:
    outcome = outcome_for(notice.expected_end_date, start_date)
    with force_locale("nl"):
        note = f"{OUTCOMES[outcome]}: nieuwe baan per {date_long(start_date)} via de kandidatenpool"
    apply_transition(
        NOTICE_WORKFLOW, notice, "close", actor, note=note, outcome=outcome, new_job_start_date=start_date,
        new_employer_id=proposal.refill.organisation_id, new_job_hours=hours, new_job_contract_type=contract_type,
    )


def _new_employment(proposal: Proposal, notice: ContractEndNotice, start_date: date, hours, contract_type) -> Employment:
    """The new employer's own record of the person (records of two employers stay apart), with
    the same AD and backup AD."""
    refill = proposal.refill
    old = notice.employment.employee
    assignment = old.current_assignment
    employee = Employee(
        organisation_id=refill.organisation_id,
        personnel_number=f"POOL-{proposal.profile.code if proposal.profile else proposal.id}",
        name=old.name,
        date_of_birth=old.date_of_birth,
    )
    employment = Employment(
        employee=employee, location_id=refill.location_id, job_title=refill.job_title, hours_per_week=hours,
        contract_type=contract_type, start_date=start_date, end_date=None,
        job_coach_type=proposal.profile.job_coach if proposal.profile else "none",
    )
    db.session.add_all([employee, employment])
    if assignment is not None:
        db.session.add(CaseworkerAssignment(employee=employee, ad_id=assignment.ad_id,
                                            backup_ad_id=assignment.backup_ad_id))
    db.session.flush()
    return employment
