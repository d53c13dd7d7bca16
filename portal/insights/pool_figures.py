"""Van werk naar werk in figures, from the workflow events of profiles, proposals and notices."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import and_, case, func, select
from sqlalchemy.orm import aliased

from portal.extensions import db
from portal.insights.scope import Scope
from portal.insights.sql import date_days_between, days_between, percentiles
from portal.models import CandidateProfile, ContractEndNotice, Proposal, WorkflowEvent


@dataclass
class PoolFigures:
    published: int = 0  # profiles published (first time) in the period: the pool's intake
    notice_to_profile_median: float | None = None
    profile_to_proposal_median: float | None = None
    proposals: int = 0
    proposals_per_candidate: float | None = None
    accepted_share: float | None = None  # answered proposals the employer wanted to meet
    hires: int = 0
    job_to_job_share: float | None = None
    next_job_median: float | None = None  # days from the old end date to the real new start


def _first(action: str, subject_type: str):
    event = aliased(WorkflowEvent)
    return (select(event.subject_id.label("id"), func.min(event.created_at).label("at"))
            .where(event.subject_type == subject_type, event.action == action).group_by(event.subject_id).subquery())


def _count(subject_type: str, actions, start, end, subject_ids) -> int:
    return db.session.scalar(select(func.count()).select_from(WorkflowEvent).where(
        WorkflowEvent.subject_type == subject_type, WorkflowEvent.action.in_(actions),
        WorkflowEvent.created_at >= start, WorkflowEvent.created_at < end, WorkflowEvent.subject_id.in_(subject_ids))) or 0


def compute(scope: Scope, start, end) -> PoolFigures:
    dialect = db.session.get_bind().dialect.name
    figures = PoolFigures()
    notice_ids: Any = scope.notice_ids  # a select of notice ids (typed loosely in Scope)
    profiles = select(CandidateProfile.id).where(CandidateProfile.notice_id.in_(notice_ids))
    proposals = select(Proposal.id).where(Proposal.profile_id.in_(profiles))
    published, submitted, proposed = _first("publish", "profile"), _first("submit", "notice"), _first("propose", "proposal")
    in_period = and_(published.c.at >= start, published.c.at < end, published.c.id.in_(profiles))
    figures.published = db.session.scalar(select(func.count()).select_from(published).where(in_period)) or 0
    to_profile = (select(days_between(published.c.at, submitted.c.at, dialect).label("days"))
                  .select_from(published).join(CandidateProfile, CandidateProfile.id == published.c.id)
                  .join(submitted, submitted.c.id == CandidateProfile.notice_id).where(in_period).subquery())
    figures.notice_to_profile_median = percentiles(db.session, to_profile, "days", (50,))[50]
    first_proposal = (select(Proposal.profile_id.label("id"), func.min(proposed.c.at).label("at"))
                      .join(proposed, proposed.c.id == Proposal.id).group_by(Proposal.profile_id).subquery())
    to_proposal = (select(days_between(first_proposal.c.at, published.c.at, dialect).label("days"))
                   .select_from(published).join(first_proposal, first_proposal.c.id == published.c.id)
                   .where(in_period).subquery())
    figures.profile_to_proposal_median = percentiles(db.session, to_proposal, "days", (50,))[50]
    figures.proposals = _count("proposal", ("propose",), start, end, proposals)
    candidates = db.session.scalar(select(func.count(func.distinct(Proposal.profile_id)))
                                   .join(proposed, proposed.c.id == Proposal.id)
                                   .where(proposed.c.at >= start, proposed.c.at < end, Proposal.id.in_(proposals)))
    figures.proposals_per_candidate = round(figures.proposals / candidates, 1) if candidates else None
    interested = _count("proposal", ("interested",), start, end, proposals)
    answered = interested + _count("proposal", ("reject",), start, end, proposals)
    figures.accepted_share = interested / answered if answered else None
    figures.hires = _count("proposal", ("hire",), start, end, proposals)
    hired = aliased(WorkflowEvent)
    closed_by_hire = (
        select(ContractEndNotice.outcome.label("outcome"),
               date_days_between(ContractEndNotice.new_job_start_date, ContractEndNotice.expected_end_date,
                                 dialect).label("days"))
        .select_from(hired).join(Proposal, Proposal.id == hired.subject_id)
        .join(CandidateProfile, CandidateProfile.id == Proposal.profile_id)
        .join(ContractEndNotice, ContractEndNotice.id == CandidateProfile.notice_id)
        .where(hired.subject_type == "proposal", hired.action == "hire", hired.created_at >= start,
               hired.created_at < end, Proposal.id.in_(proposals))
        .subquery()
    )
    if figures.hires:
        share = db.session.scalar(select(func.avg(case((closed_by_hire.c.outcome == "job_to_job", 1.0), else_=0.0))))
        figures.job_to_job_share = float(share) if share is not None else None
        figures.next_job_median = percentiles(db.session, closed_by_hire, "days", (50,))[50]
    return figures


def pool_rows(current: PoolFigures, previous: PoolFigures, label) -> list[tuple[str, object, object, str]]:
    """(label, this period, previous period, unit), like the key figures."""
    return [
        (label("Kandidaten in de pool gezet"), current.published, previous.published, ""),
        (label("Tijd van melding tot profiel (mediaan)"), current.notice_to_profile_median,
         previous.notice_to_profile_median, "dagen"),
        (label("Tijd van profiel tot eerste voorstel (mediaan)"), current.profile_to_proposal_median,
         previous.profile_to_proposal_median, "dagen"),
        (label("Voorstellen"), current.proposals, previous.proposals, ""),
        (label("Voorstellen per kandidaat"), current.proposals_per_candidate, previous.proposals_per_candidate, ""),
        (label("Aandeel voorstellen waarop de werkgever wil kennismaken"), current.accepted_share,
         previous.accepted_share, "%"),
        (label("Aangenomen via de pool"), current.hires, previous.hires, ""),
        (label("Direct van werk naar werk (binnen een maand)"), current.job_to_job_share, previous.job_to_job_share, "%"),
        (label("Tijd van einde werk tot nieuwe baan (mediaan)"), current.next_job_median, previous.next_job_median,
         "dagen"),
    ]
