"""The job coach's work (issue 16.2): concern signals to the AD, own notes on a notice, and the AD's
job-finding assignment that the coach accepts and reports on. Workflows in portal/workflows.py;
every step writes an event and its mail in the same transaction."""
from __future__ import annotations

from datetime import date
from decimal import Decimal

from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import select

from portal.auth.permissions import (
    Forbidden,
    check_may,
    coaches_of,
    may_add_coach_note,
)
from portal.extensions import db
from portal.formatting import date_long
from portal.models import (
    CONCERN_KINDS,
    JOB_FINDING_RESULTS,
    CoachNote,
    ConcernSignal,
    ContractEndNotice,
    Employment,
    JobFindingAssignment,
)
from portal.notifications import coach_messages
from portal.workflows import (
    CONCERN_WORKFLOW,
    JOB_FINDING_WORKFLOW,
    InputRejected,
    TransitionRefused,
    apply_transition,
    record_creation,
)

OPEN_JOB_FINDING_STATES = ("offered", "accepted")
TEXT_LIMIT = 4000


def _text(value: str, field: str, message: str, limit: int = TEXT_LIMIT) -> str:
    value = (value or "").strip()
    if not value:
        raise InputRejected({field: message})
    if len(value) > limit:
        raise InputRejected({field: _("Gebruik hoogstens %(limit)s tekens.", limit=limit)})
    return value


def report_concern(actor, employment: Employment, kind: str, text: str) -> ConcernSignal:
    check_may(actor, CONCERN_WORKFLOW, "report", employment)
    if kind not in CONCERN_KINDS:
        raise InputRejected({"kind": _("Kies waar u zich zorgen over maakt.")})
    text = _text(text, "text", _("Schrijf kort wat u ziet."), 2000)
    signal = ConcernSignal(employment=employment, coach=actor, kind=kind, text=text,
                           status=CONCERN_WORKFLOW.transition("report").target)
    db.session.add(signal)
    with force_locale("nl"):  # timeline notes are stored in Dutch
        record_creation(CONCERN_WORKFLOW, signal, "report", actor, note=str(CONCERN_KINDS[kind]))
    coach_messages.concern_reported(signal)
    db.session.flush()
    return signal


def handle_concern(actor, signal: ConcernSignal, response: str, visible: bool = False) -> None:
    check_may(actor, CONCERN_WORKFLOW, "handle", signal, visible=visible)
    response = _text(response, "response", _("Schrijf uw reactie."), 2000)
    apply_transition(CONCERN_WORKFLOW, signal, "handle", actor, note="", response=response, handled_by_id=actor.id)
    coach_messages.concern_handled(signal)


def add_note(actor, notice: ContractEndNotice, text: str) -> CoachNote:
    if not may_add_coach_note(actor, notice):
        raise Forbidden("coach_note")
    note = CoachNote(notice_id=notice.id, coach_id=actor.id, text=_text(text, "text", _("Schrijf uw notitie.")))
    db.session.add(note)
    db.session.flush()
    return note


def notes_of(notice: ContractEndNotice, coach=None) -> list[CoachNote]:
    query = select(CoachNote).where(CoachNote.notice_id == notice.id).order_by(CoachNote.id)
    if coach is not None:
        query = query.where(CoachNote.coach_id == coach.id)
    return list(db.session.scalars(query).all())


def assignments_of(notice: ContractEndNotice) -> list[JobFindingAssignment]:
    return list(db.session.scalars(select(JobFindingAssignment).where(JobFindingAssignment.notice_id == notice.id)
                                   .order_by(JobFindingAssignment.id)).all())


def assign_job_finding(actor, notice: ContractEndNotice, coach_id: int | None, hours: Decimal | None,
                       start: date | None, end: date | None, today: date) -> JobFindingAssignment:
    check_may(actor, JOB_FINDING_WORKFLOW, "assign", notice)
    if not notice.is_open or notice.plan_service != "jobcoach_job_finding":
        raise TransitionRefused(_("Leg eerst het plan 'Jobfinding door de jobcoach' vast."))
    if any(a.status in OPEN_JOB_FINDING_STATES for a in assignments_of(notice)):
        raise TransitionRefused(_("Er loopt al een opdracht jobfinding voor deze melding."))
    links = {link.coach_id: link for link in db.session.scalars(coaches_of(notice.employment_id)).all()}
    errors = {}
    if coach_id not in links:
        errors["coach_id"] = _("Kies de jobcoach.")
    if hours is None or not Decimal(1) <= hours <= Decimal(500):
        errors["hours"] = _("Vul een aantal uren tussen 1 en 500 in.")
    if start is None:
        errors["start_date"] = _("Vul in wanneer de opdracht start.")
    if end is None:
        errors["end_date"] = _("Vul in wanneer de opdracht stopt.")
    elif start is not None and end < start:
        errors["end_date"] = _("De einddatum ligt voor de startdatum.")
    elif end < today:
        errors["end_date"] = _("De einddatum ligt in het verleden.")
    if errors or coach_id is None or start is None or end is None or hours is None:
        raise InputRejected(errors)
    assignment = JobFindingAssignment(notice=notice, coach=links[coach_id].coach, hours=hours, start_date=start,
                                      end_date=end, status="offered", created_by_id=actor.id)
    db.session.add(assignment)
    with force_locale("nl"):
        note = f"{links[coach_id].coach.name}, {hours} uur, {date_long(start)} t/m {date_long(end)}"
    record_creation(JOB_FINDING_WORKFLOW, assignment, "assign", actor, note=note)
    coach_messages.job_finding_assigned(assignment)
    db.session.flush()
    return assignment


def accept_job_finding(actor, assignment: JobFindingAssignment, visible: bool = False) -> None:
    check_may(actor, JOB_FINDING_WORKFLOW, "accept", assignment, visible=visible)
    apply_transition(JOB_FINDING_WORKFLOW, assignment, "accept", actor)
    coach_messages.job_finding_step(assignment, "accept")


def record_job_finding_result(actor, assignment: JobFindingAssignment, result: str, note: str,
                              visible: bool = False) -> None:
    if result not in JOB_FINDING_RESULTS:
        raise InputRejected({"result": _("Kies het resultaat.")})
    check_may(actor, JOB_FINDING_WORKFLOW, result, assignment, visible=visible)
    note = (note or "").strip()
    if len(note) > 2000:
        raise InputRejected({"note": _("Gebruik hoogstens %(limit)s tekens.", limit=2000)})
    apply_transition(JOB_FINDING_WORKFLOW, assignment, result, actor, note=note, result_note=note)
    coach_messages.job_finding_step(assignment, result)
