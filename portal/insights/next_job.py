"""The seed report's own measures (chapter 3), from the notices and their events: the time to the
next job as a Kaplan–Meier curve split by job coach, the share job-to-job, how long the ended jobs
lasted and how soon the AD's plan started after the end.

Cohort: notices in the viewer's scope whose job ended in the period (and by today). Withdrawn
notices and contracts extended after all are left out: those jobs did not end.

Each ended job is followed from its end date until the new job starts (an event) or, without a
new job, until today (censored): open cases and cases closed without a new job alike, since the
portal knows of no job for them (the AD's follow-up after closing is where a later one gets
recorded). Counting them as still looking is what keeps the curve honest: a curve of closed cases
only leaves out everyone who has not found work yet. Censoring at the closing date instead looked
right, but on the national dataset, where cases without a job close within weeks of the end, it
made the curve reach 100% in the second month: closing without a job says something about the
person, so it cannot be treated as a random end of observation.
"""
from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import and_, func, not_, select
from sqlalchemy.orm import aliased

from portal.extensions import db
from portal.formatting import local_date
from portal.insights.scope import Scope
from portal.models import ContractEndNotice, Employment, WorkflowEvent
from portal.notices.notice_service import add_months
from portal.pool.hire_service import outcome_for

GROUPS = ("all", "none", "internal", "external")  # "all" first; then Employment.job_coach_type
JOB_OUTCOMES = ("job_to_job", "later_job")
CURVE_MONTHS = 24
DAYS_PER_MONTH = 365.25 / 12
DIRECT_DAYS = 7  # the report's "direct": a new job within a week of the end (table 3.1)


def month_days(month: int) -> int:
    """The curve's point for a month, in days after the end; month 0 is 'directly'."""
    return DIRECT_DAYS if month == 0 else int(month * DAYS_PER_MONTH)


@dataclass
class EndedJob:
    coach: str
    job_start: date
    end: date
    observed_until: date  # the new job's start (found_job) or the last day we know about
    found_job: bool
    start_from_closing: bool  # an older "new job" closing without its start date: the closing date counts
    plan_start: date | None

    @property
    def days(self) -> int:
        """Days from the end to the new job (or to the last day known), never below 0."""
        return max(0, (self.observed_until - self.end).days)


@dataclass
class GroupMeasures:
    ended: int = 0
    job_to_job_share: float | None = None  # of the jobs that ended at least a month ago
    duration_mean_months: float | None = None
    duration_under_3_months_share: float | None = None
    plan_median_days: float | None = None  # from the end to the plan's start (before the end: negative)
    plan_within_month_share: float | None = None  # of the jobs that ended at least a month ago


@dataclass
class NextJobFigures:
    months: list[int] = field(default_factory=lambda: list(range(CURVE_MONTHS + 1)))
    curves: dict[str, list[float | None]] = field(default_factory=dict)  # share with a new job per month
    at_risk: list[int] = field(default_factory=list)  # all groups: still followed without a new job
    measures: dict[str, GroupMeasures] = field(default_factory=dict)
    starts_from_closing: int = 0


def cumulative_share(observations: list[tuple[int, bool]], at_days: list[int]) -> list[float | None]:
    """1 − the Kaplan–Meier survival at each day: the estimated share with a new job by then.

    observations: (days, found_job). A censored case is at risk up to and including its last
    day (on a tie, events come first). Past the last day anyone was followed the estimate is
    unknown (None), unless everyone had found work by then.
    """
    if not observations:
        return [None for _ in at_days]
    times = sorted(days for days, _ in observations)
    events = Counter(days for days, found in observations if found)
    step_days, survival_after = [], []
    survival = 1.0
    for day in sorted(events):
        at_risk = len(times) - bisect_left(times, day)
        survival *= 1 - events[day] / at_risk
        step_days.append(day)
        survival_after.append(survival)
    shares: list[float | None] = []
    for day in at_days:
        index = bisect_right(step_days, day)
        value = survival_after[index - 1] if index else 1.0
        shares.append(None if day > times[-1] and value > 0 else 1 - value)
    return shares


def _share(hits: int, total: int) -> float | None:
    return hits / total if total else None


def _nearest_rank_median(values: list[int]) -> float | None:
    """As the other figures (percentile_disc): the middle value, the lower one of an even count."""
    if not values:
        return None
    ordered = sorted(values)
    return float(ordered[(len(ordered) + 1) // 2 - 1])


def measures_of(jobs: list[EndedJob], today: date) -> GroupMeasures:
    settled = [j for j in jobs if add_months(j.end, 1) <= today]  # a month has passed: job-to-job is known
    durations = [(j.end - j.job_start).days for j in jobs]
    plans = [(j.plan_start - j.end).days for j in jobs if j.plan_start is not None]
    return GroupMeasures(
        ended=len(jobs),
        job_to_job_share=_share(sum(1 for j in settled if j.found_job
                                    and outcome_for(j.end, j.observed_until) == "job_to_job"), len(settled)),
        duration_mean_months=(sum(durations) / len(durations) / DAYS_PER_MONTH) if durations else None,
        duration_under_3_months_share=_share(sum(1 for j in jobs if j.end < add_months(j.job_start, 3)), len(jobs)),
        plan_median_days=_nearest_rank_median(plans),
        plan_within_month_share=_share(sum(1 for j in settled if j.plan_start is not None
                                           and j.plan_start <= add_months(j.end, 1)), len(settled)),
    )


def ended_jobs(scope: Scope, first_end: date, last_end: date, today: date) -> list[EndedJob]:
    notice = ContractEndNotice
    close = aliased(WorkflowEvent)
    # Per cohort row through the (subject_type, subject_id) index: grouping every closing in the
    # country first took half a second on the national dataset.
    last_close = (
        select(func.max(close.created_at))
        .where(close.subject_type == "notice", close.subject_id == notice.id, close.action == "close")
        .scalar_subquery()
    )
    rows = db.session.execute(
        select(Employment.job_coach_type, Employment.start_date, notice.expected_end_date, notice.status,
               notice.outcome, notice.new_job_start_date, notice.plan_start_date, last_close)
        .join(Employment, Employment.id == notice.employment_id)
        .where(
            notice.id.in_(scope.notice_ids),
            notice.status != "withdrawn",
            not_(and_(notice.status == "closed", notice.outcome == "extended")),
            notice.expected_end_date >= first_end,
            notice.expected_end_date <= min(last_end, today),
        )
    ).all()
    return [_ended_job(row, today) for row in rows]


def _ended_job(row, today: date) -> EndedJob:
    coach, job_start, end, status, outcome, new_start, plan_start, closed_at = row
    closed_on = local_date(closed_at) if closed_at is not None else None
    from_closing = False
    start: date | None = new_start or closed_on
    if status == "closed" and outcome in JOB_OUTCOMES and start is not None:
        from_closing = new_start is None
        found, until = (True, start) if start <= today else (False, today)  # a job that starts later: not yet
    else:
        found, until = False, today  # open, or closed without a new job: still looking
    return EndedJob(coach=coach if coach in GROUPS else "none", job_start=job_start, end=end,
                    observed_until=until, found_job=found, start_from_closing=from_closing, plan_start=plan_start)


def compute(scope: Scope, first_end: date, last_end: date, today: date) -> NextJobFigures:
    jobs = ended_jobs(scope, first_end, last_end, today)
    figures = NextJobFigures(starts_from_closing=sum(1 for j in jobs if j.start_from_closing))
    days = [month_days(m) for m in figures.months]
    for group in GROUPS:
        members = jobs if group == "all" else [j for j in jobs if j.coach == group]
        figures.curves[group] = cumulative_share([(j.days, j.found_job) for j in members], days)
        figures.measures[group] = measures_of(members, today)
    times = sorted(j.days for j in jobs)
    figures.at_risk = [len(times) - bisect_left(times, day) for day in days]
    return figures
