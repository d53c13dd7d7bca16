"""Holes a review found in the first version of issue 15: each test shows one closed."""
from datetime import date, timedelta
from decimal import Decimal

import pytest
import time_machine
from sqlalchemy import func, select, update

from portal.extensions import db
from portal.formatting import local_today
from portal.models import AuditEvent, ContractEndNotice, Employment, Proposal, WorkflowEvent
from portal.notices import outcome_service as outcomes
from portal.notices.follow_up_service import FollowUpAnswer, answer, follow_ups_of
from portal.notices.outcome_rules import OutcomeInput
from portal.pool import hire_service
from portal.unit_of_work import unit_of_work
from portal.workflows import TransitionRefused
from tests.conftest import login
from tests.pool_helpers import introduced
from tests.test_follow_up import at, closed_without_job


@pytest.fixture
def clock():
    with time_machine.travel(at(date(2026, 12, 1)), tick=False) as traveller:
        yield traveller


def test_a_notice_closed_by_a_hire_through_the_pool_cannot_be_reopened(world):
    proposal, _ = introduced(world)
    with unit_of_work():
        hire_service.hire(world.wsp_amsterdam, proposal, local_today() + timedelta(days=70), Decimal("24"), "temporary")
    notice = db.session.get(Proposal, proposal.id).profile.notice
    with pytest.raises(TransitionRefused) as refused:
        outcomes.reopen(world.ad1, notice, "Toch niet begonnen.")
    assert "kandidatenpool aangenomen" in str(refused.value)
    db.session.rollback()
    assert db.session.get(ContractEndNotice, notice.id).status == "closed"


def test_a_job_found_at_nazorg_keeps_the_closing_note_and_is_on_the_notice_timeline(clock, world):
    notice = closed_without_job(world)
    task = follow_ups_of(notice)[0]
    clock.move_to(at(date(2026, 12, 30)))
    job = OutcomeInput("new_job", start_date=date(2027, 1, 4), employer_name="Bakkerij Om de Hoek",
                       hours=Decimal("20"), contract_type="temporary")
    answer(world.ad1, task, FollowUpAnswer("found_job", job=job), date(2026, 12, 30))
    db.session.commit()
    db.session.expire_all()
    notice = db.session.get(ContractEndNotice, notice.id)
    assert notice.outcome == "later_job" and notice.outcome_note == "Zoekt werk via Naar werk."
    event = db.session.scalars(select(WorkflowEvent).where(
        WorkflowEvent.subject_type == "notice", WorkflowEvent.subject_id == notice.id,
        WorkflowEvent.action == "new_job_found")).one()
    assert event.actor_id == world.ad1.id and "4 januari 2027" in event.note


def test_nazorg_for_a_contract_that_became_a_trial_placement_later_gives_no_500(clock, world, client):
    notice = closed_without_job(world)
    task = follow_ups_of(notice)[0]
    # An import changed the contract type after closing: the notice has no trial answer.
    db.session.execute(update(Employment).where(Employment.id == notice.employment_id)
                       .values(contract_type="trial_placement"))
    db.session.commit()
    clock.move_to(at(date(2026, 12, 30)))
    login(client, world.ad1)
    page = client.post(f"/nazorg/{task.id}", data={"answer": "found_job", "start_date": "2027-01-04",
                                                   "employer_name": "Bakkerij Om de Hoek", "hours": "20",
                                                   "contract_type": "temporary"})
    assert page.status_code == 302
    assert db.session.get(ContractEndNotice, notice.id).new_job_start_date == date(2027, 1, 4)


def test_every_look_at_a_nazorg_question_is_in_the_access_log(clock, world, client, app):
    notice = closed_without_job(world)
    task = follow_ups_of(notice)[0]
    # The access log is append-only, also between tests on PostgreSQL: look at this test's rows.
    before = db.session.scalar(select(func.coalesce(func.max(AuditEvent.id), 0)))
    login(client, world.ad1)
    assert client.get(f"/nazorg/{task.id}").status_code == 200
    employer = app.test_client()
    login(employer, world.employer_a)  # the former employer sees the outcome, not the nazorg
    assert employer.get(f"/nazorg/{task.id}").status_code in (403, 404)
    rows = db.session.scalars(select(AuditEvent).where(AuditEvent.object_type == "follow_up", AuditEvent.id > before)
                              .order_by(AuditEvent.id)).all()
    assert [(r.action, r.result, r.subject_employee_id) for r in rows][:1] == [
        ("view_follow_up", "allowed", notice.employment.employee_id)]
    assert any(r.result == "denied" for r in rows)


