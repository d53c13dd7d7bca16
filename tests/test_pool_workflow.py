"""Van werk naar werk: profile, proposals and the hire, through the services (and a few pages)."""
from __future__ import annotations

import threading
from datetime import timedelta
from decimal import Decimal

import pytest
from sqlalchemy import func, select, update

from portal.extensions import db
from portal.formatting import local_today
from portal.models import CandidateProfile, ContractEndNotice, Employee, Employment, Proposal, RefillRequest, User
from portal.notices import notice_service as notices
from portal.pool import hire_service
from portal.pool import profile_service as profiles
from portal.pool import proposal_service as proposals
from portal.pool.hire_service import HireRejected
from portal.pool.profile_service import ProfileRejected
from portal.unit_of_work import unit_of_work
from portal.workflows import TransitionRefused
from tests.conftest import login
from tests.pool_helpers import introduced, profile_input, proposed, published_profile, read_notice, vacancy


def test_draft_is_prefilled_from_the_handover_notes_and_publishing_needs_the_profile_consent(world):
    notice = read_notice(world)
    with unit_of_work():
        profile = profiles.start_draft(world.ad1, notice)
    assert profile.status == "draft" and profile.code.startswith("K-")
    assert profile.suitable_work == "Magazijn of orders picken" and profile.strengths == "Zeer nauwkeurig"
    assert [r.code for r in profile.regions] == ["AM18"] and profile.available_from == notice.expected_end_date
    with pytest.raises(TransitionRefused, match="toestemming"):
        profiles.publish(world.ad1, profile)
    db.session.rollback()
    assert db.session.get(CandidateProfile, profile.id).status == "draft"


def test_the_profile_may_not_name_the_person_or_the_former_employer(world):
    profile = published_profile(world, publish=False)
    with pytest.raises(ProfileRejected) as rejected:
        profiles.edit(world.ad1, profile, profile_input(profile, summary="Daan is een harde werker",
                                                        strengths=f"Bij {world.org_a.name} erg gewaardeerd"))
    assert set(rejected.value.errors) == {"summary", "strengths"}
    assert "Daan" in rejected.value.errors["summary"]


def test_only_one_of_two_advisers_claiming_at_once_gets_the_candidate(data_app, world):
    profile_id = published_profile(world).id
    adviser_ids = [world.wsp_amsterdam.id, world.wsp_amsterdam2.id]
    results, barrier = [], threading.Barrier(2)

    def claim(adviser_id):
        with data_app.app_context():
            adviser = db.session.get(User, adviser_id)
            profile = db.session.get(CandidateProfile, profile_id)
            barrier.wait()
            try:
                with unit_of_work():
                    profiles.claim(adviser, profile)
                results.append("won")
            except TransitionRefused:
                results.append("lost")

    threads = [threading.Thread(target=claim, args=(a,)) for a in adviser_ids]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(results) == ["lost", "won"]
    db.session.expire_all()
    assert db.session.get(CandidateProfile, profile_id).claimed_by_id in adviser_ids


def test_a_hire_closes_both_cases_and_creates_the_new_employment(world):
    proposal, employer = introduced(world)
    start = local_today() + timedelta(days=70)  # within a month of the old end date (60 days ahead)
    with unit_of_work():
        hire_service.hire(world.wsp_amsterdam, proposal, start, Decimal("24"), "temporary")
    db.session.expire_all()
    proposal = db.session.get(Proposal, proposal.id)
    notice = proposal.profile.notice
    assert proposal.status == "hired" and proposal.start_date == start
    assert proposal.refill.status == "filled" and proposal.refill.filled_from_pool
    assert notice.status == "closed" and notice.outcome == "job_to_job" and notice.new_job_start_date == start
    assert notice.new_employer_id == proposal.refill.organisation_id
    assert proposal.profile.status == "ended"
    employment = proposal.new_employment
    assert employment.location_id == proposal.refill.location_id and employment.employee.name == "Daan de Jong"
    assert employment.employee.organisation_id == proposal.refill.organisation_id
    assignment = employment.employee.current_assignment
    assert (assignment.ad_id, assignment.backup_ad_id) == (world.ad1.id, world.ad2.id)
    # The former employer's record stays its own.
    assert world.emp_a1.employee.organisation_id == world.org_a.id


def test_job_to_job_is_derived_from_the_dates(world):
    proposal, _ = introduced(world)
    with unit_of_work():
        hire_service.hire(world.wsp_amsterdam, proposal, local_today() + timedelta(days=200), Decimal("20"), "permanent")
    assert db.session.get(Proposal, proposal.id).profile.notice.outcome == "later_job"


def test_bad_hire_input_is_refused_and_changes_nothing(world):
    proposal, _ = introduced(world)
    with pytest.raises(HireRejected) as rejected:
        hire_service.hire(world.wsp_amsterdam, proposal, local_today() - timedelta(days=3), Decimal("0"), "vast")
    assert set(rejected.value.errors) == {"start_date", "hours", "contract_type"}
    db.session.rollback()
    with unit_of_work():
        hire_service.hire(world.wsp_amsterdam, proposal, local_today() + timedelta(days=61), Decimal("24"), "permanent")
    with pytest.raises(TransitionRefused):
        hire_service.hire(world.wsp_amsterdam, db.session.get(Proposal, proposal.id), local_today(), Decimal("24"),
                          "permanent")


def test_the_hire_is_all_or_nothing(world):
    """The refill request was closed a moment ago (behind this session's back): the hire's later
    step is refused, and the earlier ones (profile, proposal) are undone with it."""
    proposal, _ = introduced(world)
    db.session.execute(update(RefillRequest).where(RefillRequest.id == proposal.refill_id).values(status="not_filled"))
    db.session.commit()
    employments_before = db.session.scalar(select(func.count()).select_from(Employment))
    with pytest.raises(TransitionRefused), unit_of_work():
        hire_service.hire(world.wsp_amsterdam, proposal, local_today() + timedelta(days=61), Decimal("24"),
                          "permanent")
    db.session.expire_all()
    proposal = db.session.get(Proposal, proposal.id)
    assert proposal.status == "introduction" and proposal.profile.status == "claimed"
    assert proposal.profile.notice.status == "acknowledged"
    assert db.session.scalar(select(func.count()).select_from(Employment)) == employments_before


def test_two_hires_of_one_candidate_at_once_exactly_one_wins(data_app, world):
    first, first_employer = introduced(world)
    refill, employer = vacancy(world, job_title="Inpakker")
    with unit_of_work():
        second = proposals.propose(world.wsp_amsterdam, refill, first.profile)
    with unit_of_work():
        proposals.answer(employer, second, True, "")
    with unit_of_work():
        proposals.record_introduction_consent(world.ad1, second, local_today(), local_today())
    ids, results, barrier = [first.id, second.id], [], threading.Barrier(2)

    def hire(proposal_id):
        with data_app.app_context():
            adviser = db.session.get(User, world.wsp_amsterdam.id)
            proposal = db.session.get(Proposal, proposal_id)
            barrier.wait()
            try:
                with unit_of_work():
                    hire_service.hire(adviser, proposal, local_today() + timedelta(days=61), Decimal("24"), "permanent")
                results.append("won")
            except TransitionRefused:
                results.append("lost")

    threads = [threading.Thread(target=hire, args=(i,)) for i in ids]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(results) == ["lost", "won"]
    db.session.expire_all()
    states = sorted(db.session.get(Proposal, i).status for i in ids)
    assert states == ["hired", "withdrawn"]  # the loser lapsed with the winner's hire
    assert db.session.scalar(select(func.count()).select_from(Employee).where(Employee.name == "Daan de Jong")) == 2


def test_withdrawing_the_notice_ends_the_profile_and_its_proposals(world):
    proposal, _ = proposed(world)
    notice = db.session.get(ContractEndNotice, proposal.profile.notice_id)
    with unit_of_work():
        notices.withdraw(world.employer_a, notice, "Contract toch verlengd")
    db.session.expire_all()
    proposal = db.session.get(Proposal, proposal.id)
    assert proposal.profile.status == "ended" and proposal.status == "withdrawn"


def test_rejecting_needs_a_reason_and_the_employer_sees_the_name_only_after_the_consent(client, world):
    proposal, employer = proposed(world)
    login(client, employer)
    page = client.get(f"/voorstellen/{proposal.id}").get_data(as_text=True)
    assert proposal.profile.code in page and "Daan" not in page
    response = client.post(f"/voorstellen/{proposal.id}/afwijzen", data={"reason": "  "})
    assert response.status_code == 200 and "Schrijf kort waarom" in response.get_data(as_text=True)
    client.post(f"/voorstellen/{proposal.id}/kennismaken")
    assert "Daan" not in client.get(f"/voorstellen/{proposal.id}").get_data(as_text=True)
    db.session.expire_all()
    with unit_of_work():
        proposals.record_introduction_consent(world.ad1, db.session.get(Proposal, proposal.id), local_today(),
                                              local_today())
    page = client.get(f"/voorstellen/{proposal.id}").get_data(as_text=True)
    assert "Daan de Jong" in page and world.ad1.email in page
