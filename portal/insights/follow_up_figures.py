"""Nazorg in figures (issue 15.2): the follow-up questions about the notices in the viewer's scope,
from the tasks and their workflow events.

- asked: questions whose day came in the period (a question is asked from its `opens_on` day,
  not when the closing scheduled it, and a question that lapsed before its day was never asked);
- answered, per answer: the answer events in the period;
- people found to have work through nazorg: the distinct employees behind those "werk gevonden"
  answers;
- overdue now: open questions already asked whose deadline has passed (as the other "overdue").
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import and_, func, or_, select

from portal.extensions import db
from portal.formatting import local_date
from portal.insights.scope import Scope
from portal.models import ContractEndNotice, Employment, FollowUpTask, WorkflowEvent

ANSWERS = {
    "found_job": _l("Antwoord: werk gevonden"),
    "not_yet": _l("Antwoord: nog geen werk"),
    "stop": _l("Antwoord: geen nazorg meer nodig"),
}


@dataclass
class FollowUpFigures:
    asked: int = 0
    answered: dict[str, int] = field(default_factory=lambda: dict.fromkeys(ANSWERS, 0))
    people_found_work: int = 0


def _tasks(scope: Scope):
    notice_ids: Any = scope.notice_ids  # a select of notice ids (typed loosely in Scope)
    return select(FollowUpTask.id).where(FollowUpTask.notice_id.in_(notice_ids))


def compute(scope: Scope, start: datetime, end: datetime, today: date) -> FollowUpFigures:
    """For the period [start, end) (local midnights, as the other figures); nothing is asked after today."""
    figures = FollowUpFigures()
    tasks = _tasks(scope)
    first_day, last_day = local_date(start), min(local_date(end), date.fromordinal(today.toordinal() + 1))
    lapsed = (select(WorkflowEvent.subject_id, func.min(WorkflowEvent.created_at).label("at"))
              .where(WorkflowEvent.subject_type == "follow_up", WorkflowEvent.action == "lapse")
              .group_by(WorkflowEvent.subject_id).subquery())
    figures.asked = db.session.scalar(
        select(func.count()).select_from(FollowUpTask).outerjoin(lapsed, lapsed.c.subject_id == FollowUpTask.id)
        .where(FollowUpTask.id.in_(tasks), FollowUpTask.opens_on >= first_day, FollowUpTask.opens_on < last_day,
               # A question that lapsed before its day (the person had work by then) was never asked.
               # (The lapse's UTC date: off by a day only for a lapse between local midnight and 1 or 2 am.)
               or_(lapsed.c.at.is_(None), func.date(lapsed.c.at) >= FollowUpTask.opens_on))
    ) or 0
    in_period = and_(WorkflowEvent.subject_type == "follow_up", WorkflowEvent.created_at >= start,
                     WorkflowEvent.created_at < end, WorkflowEvent.subject_id.in_(tasks))
    for action, count in db.session.execute(
        select(WorkflowEvent.action, func.count()).where(in_period, WorkflowEvent.action.in_(ANSWERS))
        .group_by(WorkflowEvent.action)
    ):
        figures.answered[action] = count
    figures.people_found_work = db.session.scalar(
        select(func.count(func.distinct(Employment.employee_id)))
        .select_from(WorkflowEvent)
        .join(FollowUpTask, FollowUpTask.id == WorkflowEvent.subject_id)
        .join(ContractEndNotice, ContractEndNotice.id == FollowUpTask.notice_id)
        .join(Employment, Employment.id == ContractEndNotice.employment_id)
        .where(in_period, WorkflowEvent.action == "found_job")
    ) or 0
    return figures


def overdue_now(scope: Scope, today: date) -> int:
    return db.session.scalar(select(func.count()).where(
        FollowUpTask.id.in_(_tasks(scope)), FollowUpTask.status == "open", FollowUpTask.opens_on <= today,
        FollowUpTask.response_due < today)) or 0


def follow_up_rows(current: FollowUpFigures, previous: FollowUpFigures, overdue: int) -> list[tuple]:
    """(label, this period, previous period, unit), like the key figures; overdue is a count of now."""
    return [
        (_l("Nazorgvragen gesteld"), current.asked, previous.asked, ""),
        *[(label, current.answered[action], previous.answered[action], "") for action, label in ANSWERS.items()],
        (_l("Mensen met werk gevonden via nazorg"), current.people_found_work, previous.people_found_work, ""),
        (_l("Nazorgvragen met verlopen termijn (nu)"), overdue, None, ""),
    ]
