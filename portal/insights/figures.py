"""The figures, each one SQL query (or two) over the workflow events."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy import Date, and_, case, cast, func, select
from sqlalchemy.orm import aliased

from portal.extensions import db
from portal.insights.scope import Scope
from portal.insights.sql import days_between, percentiles
from portal.models import OPEN_NOTICE_STATES, OUTCOMES, REASONS, ContractEndNotice, RefillRequest, WorkflowEvent

THREE_MONTHS_DAYS = 91  # "at least three months ahead"


@dataclass
class Figures:
    notices: int = 0
    lead_median: float | None = None
    lead_share_3_months: float | None = None
    read_median: float | None = None
    read_p90: float | None = None
    plan_median: float | None = None
    plan_p90: float | None = None
    refills: int = 0
    claimed_in_time_share: float | None = None
    fill_median: float | None = None
    outcomes: dict[str, int] = field(default_factory=dict)
    reasons: dict[str, int] = field(default_factory=dict)


def _event(action: str, subject_type: str = "notice"):
    event = aliased(WorkflowEvent)
    return event, and_(event.action == action, event.subject_type == subject_type)


def _dialect() -> str:
    return db.session.get_bind().dialect.name


def compute(scope: Scope, start: datetime, end: datetime) -> Figures:
    dialect = _dialect()
    figures = Figures()
    submit, is_submit = _event("submit")
    in_period = and_(is_submit, submit.created_at >= start, submit.created_at < end,
                     submit.subject_id.in_(scope.notice_ids))

    # Notices filed in the period, and how far ahead of the end date.
    lead = days_between(ContractEndNotice.expected_end_date, submit.created_at, dialect)
    leads = (
        select(lead.label("days"))
        .select_from(submit)
        .join(ContractEndNotice, ContractEndNotice.id == submit.subject_id)
        .where(in_period)
        .subquery()
    )
    figures.notices = db.session.scalar(select(func.count()).select_from(leads)) or 0
    if figures.notices:
        figures.lead_median = percentiles(db.session, leads, "days", (50,))[50]
        ahead = db.session.scalar(select(func.avg(case((leads.c.days >= THREE_MONTHS_DAYS, 1.0), else_=0.0))))
        figures.lead_share_3_months = float(ahead or 0)

    # Time to "gelezen", and from "gelezen" to the first plan.
    ack, is_ack = _event("acknowledge")
    reads = (
        select(days_between(ack.created_at, submit.created_at, dialect).label("days"))
        .select_from(submit)
        .join(ack, and_(is_ack, ack.subject_id == submit.subject_id))
        .where(in_period)
        .subquery()
    )
    p = percentiles(db.session, reads, "days")
    figures.read_median, figures.read_p90 = p[50], p[90]
    plan, is_plan = _event("record_plan")
    first_plan = (
        select(plan.subject_id.label("notice_id"), func.min(plan.created_at).label("at"))
        .where(is_plan, plan.created_at >= start)  # plans come after filing, so after the start
        .group_by(plan.subject_id)
        .subquery()
    )
    plans = (
        select(days_between(first_plan.c.at, ack.created_at, dialect).label("days"))
        .select_from(submit)
        .join(ack, and_(is_ack, ack.subject_id == submit.subject_id))
        .join(first_plan, first_plan.c.notice_id == submit.subject_id)
        .where(in_period)
        .subquery()
    )
    p = percentiles(db.session, plans, "days")
    figures.plan_median, figures.plan_p90 = p[50], p[90]

    _refill_figures(figures, scope, start, end, dialect)

    figures.reasons = dict(
        db.session.execute(
            select(ContractEndNotice.reason_category, func.count())
            .select_from(submit)
            .join(ContractEndNotice, ContractEndNotice.id == submit.subject_id)
            .where(in_period)
            .group_by(ContractEndNotice.reason_category)
        ).all()
    )
    close, is_close = _event("close")
    figures.outcomes = dict(
        (outcome, count) for outcome, count in db.session.execute(
            select(ContractEndNotice.outcome, func.count())
            .select_from(close)
            .join(ContractEndNotice, ContractEndNotice.id == close.subject_id)
            .where(is_close, close.created_at >= start, close.created_at < end,
                   close.subject_id.in_(scope.notice_ids))
            .group_by(ContractEndNotice.outcome)
        ).all() if outcome is not None  # closed notices always have one
    )
    return figures


def _refill_figures(figures: Figures, scope: Scope, start, end, dialect) -> None:
    opened, is_open = _event("open", "refill")
    in_period = and_(is_open, opened.created_at >= start, opened.created_at < end,
                     opened.subject_id.in_(scope.refill_ids))
    figures.refills = db.session.scalar(select(func.count()).select_from(opened).where(in_period)) or 0
    claim, is_claim = _event("claim", "refill")
    # In time: claimed before the end of the deadline day that was running (kept on the event).
    claimed_on = cast(claim.created_at, Date) if dialect == "postgresql" else func.date(claim.created_at)
    in_time = case((claimed_on <= claim.due_before, 1.0), else_=0.0)
    if figures.refills:
        share = db.session.scalar(
            select(func.avg(case((claim.id.is_(None), 0.0), else_=in_time)))
            .select_from(opened)
            .outerjoin(claim, and_(is_claim, claim.subject_id == opened.subject_id))
            .where(in_period)
        )
        figures.claimed_in_time_share = float(share) if share is not None else None
    fill, is_fill = _event("fill", "refill")
    fills = (
        select(days_between(fill.created_at, opened.created_at, dialect).label("days"))
        .select_from(opened)
        .join(fill, and_(is_fill, fill.subject_id == opened.subject_id))
        .where(in_period)
        .subquery()
    )
    figures.fill_median = percentiles(db.session, fills, "days", (50,))[50]


def overdue_now(scope: Scope, today: date) -> dict[str, int]:
    notices = db.session.scalar(
        select(func.count()).where(
            ContractEndNotice.id.in_(scope.notice_ids),
            ContractEndNotice.status.in_(OPEN_NOTICE_STATES),
            ContractEndNotice.response_due < today,
        )
    )
    refills = db.session.scalar(
        select(func.count()).where(
            RefillRequest.id.in_(scope.refill_ids), RefillRequest.status == "open", RefillRequest.response_due < today
        )
    )
    return {"notices": notices or 0, "refills": refills or 0}


LABELS = {"reasons": REASONS, "outcomes": OUTCOMES}
