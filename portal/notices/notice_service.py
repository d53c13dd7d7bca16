"""The notice workflow: every write to a notice goes through these functions."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import delete, exists, select, update
from sqlalchemy.exc import IntegrityError

from portal.auth.permissions import check_may
from portal.employee_access import links as employee_links
from portal.extensions import db
from portal.formatting import date_long
from portal.models import (
    HANDOVER_FIELDS,
    INITIATIVES,
    OPEN_NOTICE_STATES,
    PLAN_SERVICES,
    REASONS,
    ContractEndNotice,
    ContractEndPrompt,
    Employment,
    NoticeDraft,
    utcnow,
)
from portal.notifications import employee_messages, messages
from portal.pool import profile_service as profiles
from portal.questions.conversion import convert_open_question
from portal.unit_of_work import refusable_step
from portal.vacancies import refill_service as vacancies
from portal.workflows import NOTICE_WORKFLOW, InputRejected, apply_transition, record_creation


class NoticeRejected(InputRejected):
    """A notice input that breaks a rule."""


@dataclass
class RefillDetails:
    job_title: str
    hours_per_week: Decimal
    tasks: str = ""
    requirements: str = ""
    adaptations: str = ""
    wanted_start_date: date | None = None


@dataclass
class NoticeInput:
    expected_end_date: date
    reason_category: str
    initiative: str
    reason_text: str = ""
    handover_notes: dict[str, str] = field(default_factory=dict)
    notes_discussed: bool = False
    consent_given: bool = False
    consent_date: date | None = None
    refill: RefillDetails | None = None
    employee_email: str = ""


def stored_text(label) -> str:
    """Event notes are stored: always in Dutch, whatever the actor's language (labels may be lazy)."""
    with force_locale("nl"):
        return str(label)


def add_months(day: date, months: int) -> date:
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    for candidate_day in (day.day, 30, 29, 28):
        try:
            return date(year, month, candidate_day)
        except ValueError:
            continue
    raise ValueError(day)


def has_open_notice(employment: Employment) -> bool:
    return bool(db.session.scalar(
        select(
            exists().where(
                ContractEndNotice.employment_id == employment.id,
                ContractEndNotice.status.in_(OPEN_NOTICE_STATES),
            )
        )
    ))


def validate_notice(employment: Employment, data: NoticeInput, today: date, max_months: int) -> dict[str, str]:
    """Every rule of a notice; the stepped form asks the same rules a step at a time."""
    return {
        **consent_errors(data.notes_discussed, data.consent_given, data.consent_date, today),
        **refill_errors(data.refill),
        **end_errors(employment, data.expected_end_date, data.reason_category, data.initiative, today, max_months),
    }


def end_errors(employment: Employment, end_date: date, reason_category: str, initiative: str, today: date,
               max_months: int) -> dict[str, str]:
    errors: dict[str, str] = {}
    if end_date < employment.start_date:
        errors["expected_end_date"] = (
            _("De einddatum kan niet voor de start van het contract liggen (%(date)s).", date=date_long(employment.start_date))
        )
    elif end_date > add_months(today, max_months):
        errors["expected_end_date"] = _("De einddatum mag hoogstens %(months)s maanden vooruit liggen.", months=max_months)
    if reason_category not in REASONS:
        errors["reason_category"] = _("Kies een reden uit de lijst.")
    if initiative not in INITIATIVES:
        errors["initiative"] = _("Kies wie het initiatief nam.")
    if has_open_notice(employment):
        errors["expected_end_date"] = _("Voor dit contract loopt al een melding. U kunt die melding bekijken.")
    return errors


def consent_errors(notes_discussed: bool, consent_given: bool, consent_date: date | None, today: date) -> dict[str, str]:
    errors: dict[str, str] = {}
    if consent_given:
        if not notes_discussed:
            errors["notes_discussed"] = _("Toestemming kan alleen als u de notities met de werknemer heeft besproken.")
        if consent_date is None:
            errors["consent_date"] = _("Vul de datum in waarop de werknemer toestemming gaf.")
        elif consent_date > today:
            errors["consent_date"] = _("De datum van de toestemming kan niet in de toekomst liggen.")
    return errors


def refill_errors(refill: RefillDetails | None) -> dict[str, str]:
    errors: dict[str, str] = {}
    if refill is not None:
        if not refill.job_title.strip():
            errors["refill_job_title"] = _("Vul de functie in.")
        if refill.hours_per_week is None:
            errors["refill_hours"] = _("Vul het aantal uren per week in.")
    return errors


def file_notice(actor, employment: Employment, data: NoticeInput, today: date, max_months: int = 12,
                visible: bool = False) -> ContractEndNotice:
    """Save the notice, its event and (when wanted) the refill request in one transaction.

    visible: the caller fetched `employment` through employments_visible_to(actor) (check_may).
    """
    check_may(actor, NOTICE_WORKFLOW, "submit", employment, visible=visible)
    errors = validate_notice(employment, data, today, max_months)
    if errors:
        raise NoticeRejected(errors)
    notes = {name: (data.handover_notes.get(name) or "").strip() for name in HANDOVER_FIELDS}
    notice = ContractEndNotice(
        employment=employment,
        employee_id=employment.employee_id,
        filed_by=actor,
        status=NOTICE_WORKFLOW.transition("submit").target,
        expected_end_date=data.expected_end_date,
        reason_category=data.reason_category,
        reason_text=data.reason_text.strip(),
        initiative=data.initiative,
        notes_discussed=data.notes_discussed,
        consent_given=data.consent_given,
        consent_date=data.consent_date if data.consent_given else None,
        consent_recorded_by_id=actor.id if data.consent_given else None,
        refill_wanted=data.refill is not None,
        refill_request=None,  # known: no query for it when the refill request is attached
        employee_email=data.employee_email.strip(),
        **notes,
    )
    try:
        with refusable_step():
            db.session.add(notice)
            record_creation(NOTICE_WORKFLOW, notice, "submit", actor)
            answer_open_prompts(actor, employment, "notice_filed")
            convert_open_question(actor, employment, notice)  # an "ik twijfel" question became this notice
            db.session.execute(delete(NoticeDraft).where(NoticeDraft.employment_id == employment.id))
            messages.notice_submitted(notice)
            if data.refill is not None:
                vacancies.open_refill_request(actor, notice, data.refill)
            # The employee's own link and code, made now so the letter can print them (employee_access/links.py).
            link = employee_links.issue_link(notice, new_notice=True)
            employee_messages.link_for_employee(notice, employee_links.token_of(link))
            db.session.flush()
    except IntegrityError:
        # Someone filed a notice for this contract a moment ago (the unique index caught it).
        raise NoticeRejected({"expected_end_date": _("Voor dit contract loopt al een melding.")}) from None
    return notice


def answer_open_prompts(actor, employment: Employment, answer: str) -> None:
    """The contract-end question for this employment is answered (part of the caller's transaction)."""
    db.session.execute(
        update(ContractEndPrompt)
        .where(ContractEndPrompt.employment_id == employment.id, ContractEndPrompt.status == "open")
        .values(status=answer, answered_by_id=actor.id, answered_at=utcnow())
        .execution_options(synchronize_session=False)
    )


def acknowledge(actor, notice: ContractEndNotice) -> None:
    check_may(actor, NOTICE_WORKFLOW, "acknowledge", notice)
    apply_transition(NOTICE_WORKFLOW, notice, "acknowledge", actor)
    messages.notice_step(notice, "acknowledge", actor)
    db.session.flush()


def record_plan(actor, notice: ContractEndNotice, service: str, start_date: date | None, reason: str) -> None:
    check_may(actor, NOTICE_WORKFLOW, "record_plan", notice)
    errors = {}
    if service not in PLAN_SERVICES:
        errors["plan_service"] = _("Kies welke hulp start.")
    elif service == "none" and not reason.strip():
        errors["plan_reason"] = _("Schrijf waarom er geen hulp start.")
    elif service != "none" and start_date is None:
        errors["plan_start_date"] = _("Vul in wanneer de hulp start.")
    if errors:
        raise NoticeRejected(errors)
    apply_transition(
        NOTICE_WORKFLOW,
        notice,
        "record_plan",
        actor,
        note=stored_text(PLAN_SERVICES[service]),
        plan_service=service,
        plan_start_date=start_date if service != "none" else None,
        plan_reason=reason.strip(),
    )
    messages.notice_step(notice, "record_plan", actor)
    db.session.flush()


def withdraw(actor, notice: ContractEndNotice, note: str) -> None:
    """The contract goes on after all: withdraw the notice and cancel its open refill request."""
    check_may(actor, NOTICE_WORKFLOW, "withdraw", notice)
    if not note.strip():
        raise NoticeRejected({"note": _("Schrijf kort waarom u de melding intrekt.")})
    apply_transition(NOTICE_WORKFLOW, notice, "withdraw", actor, note=note.strip())
    refill = notice.refill_request
    if refill is not None and refill.is_open:
        vacancies.cancel(actor, refill, "De melding is ingetrokken.")
    profiles.end_with_notice(actor, notice, "de melding is ingetrokken")
    messages.notice_withdrawn(notice)
    db.session.flush()
