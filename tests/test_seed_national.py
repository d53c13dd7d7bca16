"""The national dataset at a small scale: its candidate pool follows the pool's rules, and the
pool and match pages work on it as they do on data the services wrote."""
import re
from datetime import date, timedelta

import pytest
from sqlalchemy import func, select, update

from portal import seed_national
from portal.extensions import db
from portal.formatting import local_date, local_today
from portal.insights import next_job
from portal.insights.scope import Scope
from portal.models import (
    CONTRACT_TYPES,
    NEW_JOB_OUTCOMES,
    POOL_STATES,
    CandidateProfile,
    ContractEndNotice,
    Employee,
    Employment,
    FollowUpTask,
    Location,
    Organisation,
    Proposal,
    RefillRequest,
    User,
    WorkflowEvent,
    profile_regions,
    user_regions,
)
from portal.notices.outcome_rules import outcome_for
from tests import factories
from tests.conftest import login

FOLLOW_UP_ACTION = {"found_job": "found_job", "not_yet": "not_yet", "stopped": "stop", "lapsed": "lapse"}


@pytest.fixture
def national():
    result = seed_national.load(db.session, scale=0.03, seed=7, password=factories.PASSWORD)
    db.session.commit()
    return result


def test_every_candidate_comes_from_a_read_notice_with_profile_consent(national):
    profiles = db.session.execute(
        select(CandidateProfile, ContractEndNotice).join(ContractEndNotice, ContractEndNotice.id == CandidateProfile.notice_id)
    ).all()
    assert len(profiles) >= 50
    assert {p.status for p, _ in profiles} >= {"published", "claimed"}
    for profile, notice in profiles:
        assert notice.status in ("acknowledged", "plan_recorded")
        assert notice.profile_consent_date is not None and notice.profile_consent_recorded_by_id is not None
        assert re.fullmatch(r"K-[A-HJ-NP-Z2-9]{6}", profile.code)
        assert profile.available_from == notice.expected_end_date
        assert (profile.claimed_by_id is not None) == (profile.status in ("claimed", "paused"))
        events = db.session.scalars(select(WorkflowEvent.action).where(
            WorkflowEvent.subject_type == "profile", WorkflowEvent.subject_id == profile.id).order_by(WorkflowEvent.id)).all()
        # A notice read in the last days may still have its profile in draft, as in real life.
        assert events[:2] == (["create"] if profile.status == "draft" else ["create", "publish"])


def test_no_candidate_text_names_the_person_or_the_former_employer(national):
    rows = db.session.execute(
        select(CandidateProfile, Employee.name, Organisation.name)
        .join(ContractEndNotice, ContractEndNotice.id == CandidateProfile.notice_id)
        .join(Employment, Employment.id == ContractEndNotice.employment_id)
        .join(Employee, Employee.id == Employment.employee_id)
        .join(Organisation, Organisation.id == Employee.organisation_id)
    ).all()
    for profile, person, employer in rows:
        text = " ".join([profile.suitable_work, profile.strengths, profile.adaptations, profile.travel, profile.summary])
        assert person not in text and employer not in text


def test_proposals_go_to_other_employers_jobs_in_the_candidates_regions(national):
    proposals = db.session.execute(
        select(Proposal, RefillRequest, Location.organisation_id)
        .join(RefillRequest, RefillRequest.id == Proposal.refill_id)
        .join(CandidateProfile, CandidateProfile.id == Proposal.profile_id)
        .join(ContractEndNotice, ContractEndNotice.id == CandidateProfile.notice_id)
        .join(Employment, Employment.id == ContractEndNotice.employment_id)
        .join(Location, Location.id == Employment.location_id)
    ).all()
    assert proposals
    assert len({p.status for p, _, _ in proposals}) >= 3
    for proposal, refill, former_organisation in proposals:
        assert refill.organisation_id != former_organisation
        regions = set(db.session.scalars(select(profile_regions.c.region_id)
                                         .where(profile_regions.c.profile_id == proposal.profile_id)))
        assert refill.region_id in regions
        assert (proposal.introduction_consent_date is not None) == (proposal.status in ("introduction", "trial_placement"))


def test_pool_and_match_pages_work_on_the_national_data(national, client):
    region_id, count = db.session.execute(
        select(profile_regions.c.region_id, func.count()).join(CandidateProfile)
        .where(CandidateProfile.status.in_(POOL_STATES)).group_by(profile_regions.c.region_id)
        .order_by(func.count().desc()).limit(1)
    ).one()
    adviser = db.session.scalar(select(User).join(user_regions, user_regions.c.user_id == User.id)
                                .where(user_regions.c.region_id == region_id).order_by(User.id).limit(1))
    db.session.execute(update(User).where(User.id == adviser.id).values(totp_secret=factories.TOTP_SECRET))
    db.session.commit()
    login(client, adviser)
    page = client.get("/wsp/kandidaten")
    assert page.status_code == 200
    assert len(set(re.findall(r"K-[A-HJ-NP-Z2-9]{6}", page.get_data(as_text=True)))) >= min(count, 10)
    candidate = db.session.scalar(
        select(CandidateProfile.id).join(profile_regions).where(profile_regions.c.region_id == region_id,
                                                                CandidateProfile.status.in_(POOL_STATES)).limit(1))
    assert client.get(f"/kandidaten/{candidate}").status_code == 200
    refill = db.session.scalar(select(RefillRequest.id).where(RefillRequest.region_id == region_id,
                                                              RefillRequest.status.in_(("claimed", "candidates_proposed"))).limit(1))
    matches = client.get(f"/herbezetting/{refill}/kandidaten-zoeken")
    assert matches.status_code == 200
    assert "K-" in matches.get_data(as_text=True)


def test_new_jobs_have_their_start_and_details_and_fit_the_outcome(national):
    closed = db.session.scalars(select(ContractEndNotice).where(ContractEndNotice.status == "closed")).all()
    with_job = [n for n in closed if n.outcome in NEW_JOB_OUTCOMES]
    assert len(with_job) >= 100
    assert {n.outcome for n in with_job} == set(NEW_JOB_OUTCOMES)
    for notice in with_job:
        assert notice.new_job_start_date is not None
        assert notice.outcome == outcome_for(notice.expected_end_date, notice.new_job_start_date)
        assert (notice.new_employer_id is None) != (notice.new_employer_name == "")
        assert notice.new_employer_id != notice.employment.location.organisation_id
        assert 1 <= notice.new_job_hours <= 60 and notice.new_job_contract_type in CONTRACT_TYPES
        assert notice.new_job_start_date >= notice.employment.start_date
    for notice in closed:
        if notice.outcome not in NEW_JOB_OUTCOMES:
            assert notice.new_job_start_date is None and notice.new_job_hours is None
    # Closed before the end date only with a new job that had not started yet (outcome_rules).
    closings = dict(db.session.execute(select(WorkflowEvent.subject_id, WorkflowEvent.created_at).where(
        WorkflowEvent.subject_type == "notice", WorkflowEvent.action == "close")).all())
    for notice in closed:
        closed_on = local_date(closings[notice.id])
        if closed_on < notice.expected_end_date:
            assert notice.has_new_job and notice.new_job_start_date >= closed_on


def test_notices_closed_without_a_new_job_get_their_follow_up_questions(national):
    tasks = db.session.scalars(select(FollowUpTask)).all()
    by_notice: dict[int, list] = {}
    for task in tasks:
        by_notice.setdefault(task.notice_id, []).append(task)
    closings = dict(db.session.execute(select(WorkflowEvent.subject_id, WorkflowEvent.note).where(
        WorkflowEvent.subject_type == "notice", WorkflowEvent.action == "close")).all())
    closed = db.session.scalars(select(ContractEndNotice).where(ContractEndNotice.status == "closed")).all()
    asked = 0
    for notice in closed:
        closed_with_job = closings[notice.id] in ("Direct een nieuwe baan", "Later een nieuwe baan")
        if closed_with_job or notice.outcome == "extended":
            assert notice.id not in by_notice
            continue
        asked += 1
        own = sorted(by_notice[notice.id], key=lambda t: t.opens_on)
        assert [t.months_after_end for t in own][-1] == 6
        found = [t for t in own if t.status == "found_job"]
        assert len(found) <= 1
        # A "yes" made the job the notice's outcome; the later questions lapsed.
        assert notice.has_new_job == bool(found)
        if found:
            assert notice.new_job_start_date <= found[0].opens_on + timedelta(days=30)
            assert all(t.status == "lapsed" for t in own if t.opens_on > found[0].opens_on)
        for task in own:
            events = db.session.scalars(select(WorkflowEvent.action).where(
                WorkflowEvent.subject_type == "follow_up", WorkflowEvent.subject_id == task.id)
                .order_by(WorkflowEvent.created_at, WorkflowEvent.id)).all()
            assert events[0] == "schedule"
            answers = [e for e in events if e not in ("schedule", "remind", "escalate")]
            assert answers == ([] if task.status == "open" else [FOLLOW_UP_ACTION[task.status]])
            assert (task.answered_by_id is not None) == (task.status in ("found_job", "not_yet", "stopped"))
    assert asked >= 50
    assert {t.status for t in tasks} >= {"open", "found_job", "not_yet", "lapsed"}


def test_the_national_curve_follows_the_report(national):
    """Roughly: a small scale is a small sample. The full dataset's figures are in the README."""
    today = local_today()
    scope = Scope("landelijk", select(ContractEndNotice.id), select(RefillRequest.id), ("nation",))
    figures = next_job.compute(scope, date(2000, 1, 1), today, today)
    everyone = figures.curves["all"]
    assert 0.2 <= everyone[0] <= 0.4 and 0.45 <= everyone[6] <= 0.7 and 0.55 <= everyone[12] <= 0.8
    measures = figures.measures["all"]
    assert 0.15 <= measures.duration_under_3_months_share <= 0.37
    assert measures.plan_within_month_share < 0.08
    assert figures.starts_from_closing == 0
