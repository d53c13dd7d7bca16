"""Nazorg: a notice closed without a new job asks its AD, some months after the end date,
"Heeft <naam> werk gevonden?" (issue 15.2). Answers: yes (the job, checked as at closing, and the
notice's outcome becomes that new job), not yet (the next step and its date), or no follow-up
needed (a reason; the remaining questions lapse).

Deadlines, reminders and escalations are the regie clock's (portal/jobs/deadlines.py).
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date

from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import select, update

from portal.auth.permissions import check_may
from portal.clock import add_working_days
from portal.extensions import changed_rows, db
from portal.formatting import date_long
from portal.models import NEW_JOB_OUTCOMES, ContractEndNotice, FollowUpTask
from portal.notices.notice_service import NoticeRejected, add_months
from portal.notices.outcome_rules import NEW_JOB, OutcomeInput, check_outcome, outcome_note
from portal.workflows import (
    FOLLOW_UP_WORKFLOW,
    NOTICE_WORKFLOW,
    TransitionRefused,
    apply_transition,
    record_creation,
    record_event,
)

# Outcomes after which nobody needs to ask: a new job, or the old contract went on after all.
NO_FOLLOW_UP_OUTCOMES = (*NEW_JOB_OUTCOMES, "extended")
ANSWERS = ("found_job", "not_yet", "stop")


@dataclass
class FollowUpAnswer:
    answer: str  # one of ANSWERS
    job: OutcomeInput = field(default_factory=lambda: OutcomeInput(NEW_JOB))
    next_step: str = ""
    next_step_date: date | None = None
    reason: str = ""


def follow_up_months() -> list[int]:
    return sorted({int(part) for part in str(current_app.config["FOLLOW_UP_MONTHS"]).split(",") if part.strip()})


def follow_up_dates(end: date, today: date, months: list[int]) -> list[tuple[int, date]]:
    """(months after the end, day the question is asked). A day already past is asked today, once:
    a notice closed late does not get a pile of questions at the same moment."""
    dates: dict[date, int] = {}
    for month in sorted(months):  # the latest step asked on a day names it
        dates[max(add_months(end, month), today)] = month
    return sorted(((month, day) for day, month in dates.items()), key=lambda pair: pair[1])


def schedule(notice: ContractEndNotice, today: date) -> list[FollowUpTask]:
    """Part of the closing's transaction: the questions for a notice closed without a new job."""
    if notice.outcome in NO_FOLLOW_UP_OUTCOMES:
        return []
    config = current_app.config
    tasks = []
    for month, opens_on in follow_up_dates(notice.expected_end_date, today, follow_up_months()):
        task = FollowUpTask(notice=notice, employee_id=notice.employee_id, status=FOLLOW_UP_WORKFLOW.transition("schedule").target,
                            months_after_end=month, opens_on=opens_on)
        db.session.add(task)
        with force_locale("nl"):
            record_creation(FOLLOW_UP_WORKFLOW, task, "schedule", None,
                            note=_("vraag op %(date)s", date=date_long(opens_on)))
        # The deadline counts from the day the question is asked, not from today.
        task.response_due = add_working_days(opens_on, config["FOLLOW_UP_WORKING_DAYS"], config["HOLIDAY_COUNTRY"])
        tasks.append(task)
    db.session.flush()
    return tasks


def follow_ups_of(notice: ContractEndNotice) -> list[FollowUpTask]:
    return list(db.session.scalars(select(FollowUpTask).where(FollowUpTask.notice_id == notice.id)
                                   .order_by(FollowUpTask.opens_on, FollowUpTask.id)).all())


def lapse_open(notice: ContractEndNotice, note: str) -> None:
    """The remaining questions are no longer needed (a job found, follow-up stopped, reopened)."""
    for task in db.session.scalars(select(FollowUpTask).where(
            FollowUpTask.notice_id == notice.id, FollowUpTask.status == "open").order_by(FollowUpTask.id)).all():
        apply_transition(FOLLOW_UP_WORKFLOW, task, "lapse", None, note=note)


def answer(actor, task: FollowUpTask, data: FollowUpAnswer, today: date, visible: bool = False) -> None:
    action = data.answer if data.answer in ANSWERS else "found_job"  # who may: the same for every answer
    check_may(actor, FOLLOW_UP_WORKFLOW, action, task, visible=visible)
    if not task.is_open:
        raise TransitionRefused(_("Dit kan niet meer: de status is nu '%(state)s'.",
                                  state=FOLLOW_UP_WORKFLOW.states[task.status].lower()))
    if task.opens_on > today:
        raise TransitionRefused(_("Deze vraag komt pas op %(date)s.", date=date_long(task.opens_on)))
    if data.answer == "found_job":
        _found_job(actor, task, data.job, today)
    elif data.answer == "not_yet":
        _not_yet(actor, task, data, today)
    elif data.answer == "stop":
        _stop(actor, task, data)
    else:
        raise NoticeRejected({"answer": _("Kies een antwoord.")})
    db.session.flush()


def _found_job(actor, task: FollowUpTask, job: OutcomeInput, today: date) -> None:
    notice = task.notice
    # The trial answer was given at closing; a contract that became a trial placement later (an
    # import) had no trial answer: the person was not hired there, or nazorg would not ask.
    job.outcome, job.trial_hired = NEW_JOB, bool(notice.trial_hired)
    checked, errors = check_outcome(notice, job, today)
    if errors or checked is None:
        raise NoticeRejected(errors)
    note = outcome_note(checked)
    apply_transition(FOLLOW_UP_WORKFLOW, task, "found_job", actor, note=note, answered_by_id=actor.id)
    # The notice stays closed; its outcome becomes the new job (compare-and-set: still without one).
    # The AD's closing note stays: the nazorg answer is told by its own event on the notice.
    values = {key: value for key, value in asdict(checked).items() if key not in ("trial_hired", "outcome_note")}
    result = db.session.execute(
        update(ContractEndNotice)
        .where(ContractEndNotice.id == notice.id, ContractEndNotice.status == "closed",
               ContractEndNotice.outcome.not_in(NEW_JOB_OUTCOMES))
        .values(**values)
        .execution_options(synchronize_session=False)
    )
    if changed_rows(result) != 1:
        raise TransitionRefused(_("Iemand anders was u net voor. Bekijk de nieuwe stand hieronder."))
    db.session.refresh(notice)
    with force_locale("nl"):  # event notes are stored in Dutch, like the other timeline notes
        start = date_long(checked.new_job_start_date) if checked.new_job_start_date else ""
    record_event(NOTICE_WORKFLOW, notice, "new_job_found", f"{note}, per {start}" if start else note, actor)
    lapse_open(notice, "werk gevonden")


def _not_yet(actor, task: FollowUpTask, data: FollowUpAnswer, today: date) -> None:
    errors = {}
    if not data.next_step.strip():
        errors["next_step"] = _("Schrijf wat de volgende stap is.")
    if data.next_step_date is None:
        errors["next_step_date"] = _("Vul in wanneer de volgende stap is.")
    elif data.next_step_date < today:
        errors["next_step_date"] = _("De volgende stap kan niet in het verleden liggen.")
    if errors:
        raise NoticeRejected(errors)
    with force_locale("nl"):
        note = f"{data.next_step.strip()} ({date_long(data.next_step_date)})"
    apply_transition(FOLLOW_UP_WORKFLOW, task, "not_yet", actor, note=note, answered_by_id=actor.id,
                     next_step=data.next_step.strip(), next_step_date=data.next_step_date)


def _stop(actor, task: FollowUpTask, data: FollowUpAnswer) -> None:
    if not data.reason.strip():
        raise NoticeRejected({"reason": _("Schrijf waarom er geen nazorg meer nodig is.")})
    apply_transition(FOLLOW_UP_WORKFLOW, task, "stop", actor, note=data.reason.strip(), answered_by_id=actor.id,
                     stop_reason=data.reason.strip())
    lapse_open(task.notice, "geen nazorg meer nodig")
