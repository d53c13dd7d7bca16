"""Missed deadlines (notices, refill requests, pool candidates, nazorg questions): a reminder to
the owner on the deadline, an escalation two working days later."""
from __future__ import annotations

from typing import cast

from sqlalchemy import select

from portal.clock import escalation_date
from portal.extensions import db
from portal.formatting import local_today
from portal.jobs.once import claim_once
from portal.models import CandidateProfile, ContractEndNotice, FollowUpTask, RefillRequest
from portal.notifications import follow_up_messages, messages, pool_messages
from portal.unit_of_work import unit_of_work
from portal.workflows import FOLLOW_UP_WORKFLOW, NOTICE_WORKFLOW, PROFILE_WORKFLOW, REFILL_WORKFLOW, record_event


def _due(model, workflow, today):
    return db.session.scalars(
        select(model.id)
        .where(model.status.in_(workflow.deadlines), model.response_due <= today)
        .order_by(model.response_due, model.id)
    ).all()


def _step(kind: str, workflow, obj, notify) -> bool:
    key = f"{kind}:{workflow.subject_type}:{obj.id}:{obj.status}:{obj.response_due.isoformat()}"
    with unit_of_work():
        if not claim_once(key):
            return False
        note = notify(obj)
        record_event(workflow, obj, kind, note)
    return True


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
    ):
        for object_id in _due(model, workflow, today):
            obj = cast(ContractEndNotice | RefillRequest | CandidateProfile | FollowUpTask | None,
                       db.session.get(model, object_id))
            if obj is None or obj.response_due is None:  # changed since the list was read
                continue
            reminders += _step("remind", workflow, obj, remind)
            if today >= escalation_date(obj.response_due):
                escalations += _step("escalate", workflow, obj, escalate)
    return reminders, escalations
