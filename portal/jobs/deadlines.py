"""Missed deadlines (notices, refill requests, pool candidates, nazorg questions, "ik twijfel"
questions, job coaches' concern signals): a reminder to the owner on the deadline, an escalation
two working days later. An AD's deadline (a notice, a nazorg question, an "ik twijfel" question, a
concern signal) still missed as long again after that escalates once more, to the next rung of
caseload/responsibility.py's ladder (the team lead after the backup, the region's UWV mailbox,
functioneel beheer)."""
from __future__ import annotations

from typing import cast

from sqlalchemy import select

from portal.clock import escalation_date, further_escalation_date
from portal.extensions import db
from portal.formatting import local_today
from portal.jobs.once import claim_once
from portal.models import (
    CandidateProfile,
    ConcernSignal,
    ContractEndNotice,
    EarlyQuestion,
    FollowUpTask,
    RefillRequest,
)
from portal.notifications import coach_messages, follow_up_messages, messages, pool_messages, question_messages
from portal.unit_of_work import unit_of_work
from portal.workflows import (
    CONCERN_WORKFLOW,
    FOLLOW_UP_WORKFLOW,
    NOTICE_WORKFLOW,
    PROFILE_WORKFLOW,
    QUESTION_WORKFLOW,
    REFILL_WORKFLOW,
    record_event,
)


def _due(model, workflow, today):
    return db.session.scalars(
        select(model.id)
        .where(model.status.in_(workflow.deadlines), model.response_due <= today)
        .order_by(model.response_due, model.id)
    ).all()


def _step(kind: str, workflow, obj, notify) -> bool:
    """Once per deadline (a unique job key): notify, and put it on the timeline. `notify` returns
    the note, or (note, the person an escalation named), or None when there is nobody further."""
    key = f"{kind}:{workflow.subject_type}:{obj.id}:{obj.status}:{obj.response_due.isoformat()}"
    with unit_of_work():
        if not claim_once(key):
            return False
        result = notify(obj)
        if result is None:
            return False
        note, person = result if isinstance(result, tuple) else (result, None)
        record_event(workflow, obj, kind, note, escalated_to=person)
    return True


# The AD's deadlines, which escalate a second time: workflow -> how.
FURTHER = {
    NOTICE_WORKFLOW.subject_type: messages.notice_escalated_further,
    FOLLOW_UP_WORKFLOW.subject_type: follow_up_messages.follow_up_escalated_further,
    QUESTION_WORKFLOW.subject_type: question_messages.question_escalated_further,
    CONCERN_WORKFLOW.subject_type: coach_messages.concern_escalated_further,
}


def remind_and_escalate() -> tuple[int, int]:
    today = local_today()
    reminders = escalations = 0
    for workflow, model, remind, escalate in (
        (NOTICE_WORKFLOW, ContractEndNotice, messages.notice_overdue, messages.notice_escalated),
        (REFILL_WORKFLOW, RefillRequest, messages.refill_overdue, messages.refill_escalated),
        # Pool candidates not picked up in time, like refill requests (issue 14).
        (PROFILE_WORKFLOW, CandidateProfile, pool_messages.profile_overdue, pool_messages.profile_escalated),
        # Nazorg questions not answered in time (issue 15): the notices' recipients.
        (FOLLOW_UP_WORKFLOW, FollowUpTask, follow_up_messages.follow_up_overdue, follow_up_messages.follow_up_escalated),
        # "Ik twijfel" questions the AD has not answered in time (issue 16.3).
        (QUESTION_WORKFLOW, EarlyQuestion, question_messages.question_overdue, question_messages.question_escalated),
        # A job coach's concern signal the AD did not answer in time (issue 16.2): the same ladder.
        (CONCERN_WORKFLOW, ConcernSignal, coach_messages.concern_overdue, coach_messages.concern_escalated),
    ):
        for object_id in _due(model, workflow, today):
            obj = cast(ContractEndNotice | RefillRequest | CandidateProfile | FollowUpTask | EarlyQuestion
                       | ConcernSignal | None, db.session.get(model, object_id))
            if obj is None or obj.response_due is None:  # changed since the list was read
                continue
            reminders += _step("remind", workflow, obj, remind)
            if today >= escalation_date(obj.response_due):
                escalations += _step("escalate", workflow, obj, escalate)
            further = FURTHER.get(workflow.subject_type)
            if further is not None and today >= further_escalation_date(obj.response_due):
                escalations += _step("escalate_further", workflow, obj, further)
    return reminders, escalations
