"""The national dataset at a small scale: its candidate pool follows the pool's rules, and the
pool and match pages work on it as they do on data the services wrote."""
import re

import pytest
from sqlalchemy import func, select, update

from portal import seed_national
from portal.extensions import db
from portal.models import (
    POOL_STATES,
    CandidateProfile,
    ContractEndNotice,
    Employee,
    Employment,
    Location,
    Organisation,
    Proposal,
    RefillRequest,
    User,
    WorkflowEvent,
    profile_regions,
    user_regions,
)
from tests import factories
from tests.conftest import login


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
