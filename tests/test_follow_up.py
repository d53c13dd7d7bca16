"""Nazorg (issue 15.2): a notice closed without a new job asks its AD at end date +1, +3 and +6
months "Heeft <naam> werk gevonden?", with a deadline, reminder and escalation by the regie clock."""
from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
import time_machine
from flask import current_app
from sqlalchemy import select

from portal.auth.permissions import Forbidden
from portal.extensions import db
from portal.jobs.runner import run_due_jobs
from portal.models import ContractEndNotice, FollowUpTask, OutboxEmail, WorkflowEvent
from portal.notices import notice_service as notices
from portal.notices import outcome_service as outcomes
from portal.notices.follow_up_service import FollowUpAnswer, answer, follow_up_dates, follow_ups_of
from portal.notices.notice_service import NoticeRejected
from portal.notices.outcome_rules import OutcomeInput
from portal.workflows import TransitionRefused
from tests.conftest import login
from tests.factories import make_notice, new_job

END = date(2026, 11, 30)  # the work ended on Monday 30 November 2026


def at(day: date, hour: int = 9):
    return datetime(day.year, day.month, day.day, hour, tzinfo=UTC)


@pytest.fixture
def clock():
    with time_machine.travel(at(date(2026, 12, 1)), tick=False) as traveller:  # a Tuesday
        yield traveller


def closed_without_job(world, outcome="back_on_benefit", end=END):
    notice = make_notice(world.employer_a, world.emp_a1, expected_end_date=end)
    notices.acknowledge(world.ad1, notice)
    outcomes.close(world.ad1, notice, OutcomeInput(outcome, "Zoekt werk via Naar werk."), date(2026, 12, 1))
    db.session.commit()
    return notice


def mails(kind):
    return db.session.scalars(select(OutboxEmail).where(OutboxEmail.kind == kind).order_by(OutboxEmail.id)).all()


def follow_up_events(notice):
    ids = [task.id for task in follow_ups_of(notice)]
    return [(e.action, e.to_state) for e in db.session.scalars(
        select(WorkflowEvent).where(WorkflowEvent.subject_type == "follow_up", WorkflowEvent.subject_id.in_(ids))
        .order_by(WorkflowEvent.id))]


def test_closing_without_a_new_job_asks_at_one_three_and_six_months(clock, world):
    notice = closed_without_job(world)
    tasks = follow_ups_of(notice)
    assert [(t.months_after_end, t.opens_on, t.status) for t in tasks] == [
        (1, date(2026, 12, 30), "open"), (3, date(2027, 2, 28), "open"), (6, date(2027, 5, 30), "open")]
    # Ten working days from the day it is asked: New Year's Day and the weekends do not count.
    assert tasks[0].response_due == date(2027, 1, 14)
    assert follow_up_events(notice) == [("schedule", "open")] * 3


@pytest.mark.parametrize("outcome", ["extended"])
def test_no_questions_when_the_contract_went_on(clock, world, outcome):
    notice = closed_without_job(world, outcome)
    assert follow_ups_of(notice) == []


def test_no_questions_after_a_new_job(clock, world):
    notice = make_notice(world.employer_a, world.emp_a1, expected_end_date=END)
    notices.acknowledge(world.ad1, notice)
    outcomes.close(world.ad1, notice, new_job(notice, 20), date(2026, 12, 1))
    assert follow_ups_of(notice) == []


def test_a_late_closing_asks_the_missed_questions_once_today():
    today = date(2026, 12, 1)
    assert follow_up_dates(date(2026, 6, 1), today, [1, 3, 6]) == [(6, today)]
    assert follow_up_dates(date(2026, 8, 10), today, [1, 3, 6]) == [(3, today), (6, date(2027, 2, 10))]


def test_the_months_are_a_setting(clock, world, monkeypatch):
    monkeypatch.setitem(current_app.config, "FOLLOW_UP_MONTHS", "2")
    notice = closed_without_job(world)
    assert [(t.months_after_end, t.opens_on) for t in follow_ups_of(notice)] == [(2, date(2027, 1, 30))]


def test_the_question_reaches_the_inbox_on_its_day(client, clock, world):
    notice = closed_without_job(world)
    login(client, world.ad1)
    assert "Heeft Daan de Jong werk gevonden?" not in client.get("/inbox").get_data(as_text=True)
    task = follow_ups_of(notice)[0]
    assert "Deze vraag komt op" in client.get(f"/nazorg/{task.id}").get_data(as_text=True)
    clock.move_to(at(date(2026, 12, 30)))
    login(client, world.ad1)
    inbox = client.get("/inbox").get_data(as_text=True)
    assert "Heeft Daan de Jong werk gevonden?" in inbox and f"/nazorg/{task.id}" in inbox
    assert "donderdag 14 januari" in inbox  # the deadline
    client.post("/uitloggen")
    login(client, world.ad3)  # not this employee's AD
    assert "Heeft Daan de Jong werk gevonden?" not in client.get("/inbox").get_data(as_text=True)


def test_reminder_on_the_deadline_then_escalation_to_the_backup_once(clock, world):
    notice = closed_without_job(world)
    task = follow_ups_of(notice)[0]
    clock.move_to(at(date(2027, 1, 13)))
    run_due_jobs()
    assert mails("follow_up_overdue") == []
    clock.move_to(at(date(2027, 1, 14)))
    run_due_jobs()
    run_due_jobs()  # a second run, or a second machine: nothing twice
    [reminder] = mails("follow_up_overdue")
    assert reminder.recipients == world.ad1.email and "Daan de Jong" in reminder.subject
    assert f"/nazorg/{task.id}" in reminder.body_text
    clock.move_to(at(date(2027, 1, 18)))
    run_due_jobs()
    run_due_jobs()
    [escalation] = mails("follow_up_escalated")
    assert escalation.recipients == world.ad2.email  # the backup AD, as for notices
    assert follow_up_events(notice).count(("remind", "open")) == 1
    assert follow_up_events(notice).count(("escalate", "open")) == 1
    assert mails("notice_overdue") == [] and mails("follow_up_overdue") == [reminder]


def test_not_yet_needs_the_next_step_and_its_date(clock, world):
    notice = closed_without_job(world)
    task = follow_ups_of(notice)[0]
    clock.move_to(at(date(2026, 12, 30)))
    with pytest.raises(NoticeRejected) as rejected:
        answer(world.ad1, task, FollowUpAnswer("not_yet"), date(2026, 12, 30))
    assert rejected.value.errors == {"next_step": "Schrijf wat de volgende stap is.",
                                     "next_step_date": "Vul in wanneer de volgende stap is."}
    with pytest.raises(NoticeRejected) as past:
        answer(world.ad1, task, FollowUpAnswer("not_yet", next_step="Gesprek", next_step_date=date(2026, 12, 1)),
               date(2026, 12, 30))
    assert "verleden" in past.value.errors["next_step_date"]
    answer(world.ad1, task, FollowUpAnswer("not_yet", next_step="Start Naar werk", next_step_date=date(2027, 1, 11)),
           date(2026, 12, 30))
    assert task.status == "not_yet" and task.next_step == "Start Naar werk" and task.response_due is None
    assert [t.status for t in follow_ups_of(notice)] == ["not_yet", "open", "open"]


def test_no_follow_up_needed_needs_a_reason_and_ends_the_rest(clock, world):
    notice = closed_without_job(world)
    task = follow_ups_of(notice)[0]
    clock.move_to(at(date(2026, 12, 30)))
    with pytest.raises(NoticeRejected) as rejected:
        answer(world.ad1, task, FollowUpAnswer("stop"), date(2026, 12, 30))
    assert rejected.value.errors == {"reason": "Schrijf waarom er geen nazorg meer nodig is."}
    answer(world.ad2, task, FollowUpAnswer("stop", reason="Verhuisd naar het buitenland."), date(2026, 12, 30))
    assert [t.status for t in follow_ups_of(notice)] == ["stopped", "lapsed", "lapsed"]


def test_yes_records_the_job_as_at_closing_and_the_notice_outcome_becomes_a_new_job(clock, world):
    notice = closed_without_job(world)
    task = follow_ups_of(notice)[0]
    clock.move_to(at(date(2026, 12, 30)))
    with pytest.raises(NoticeRejected) as rejected:
        answer(world.ad1, task, FollowUpAnswer("found_job", job=OutcomeInput("new_job")), date(2026, 12, 30))
    assert set(rejected.value.errors) == {"start_date", "employer_id", "hours", "contract_type"}
    job = OutcomeInput("new_job", start_date=date(2027, 1, 4), employer_id=world.org_b.id, hours=Decimal("32"),
                       contract_type="permanent")
    answer(world.ad1, task, FollowUpAnswer("found_job", job=job), date(2026, 12, 30))
    db.session.expire_all()
    notice = db.session.get(ContractEndNotice, notice.id)
    assert notice.status == "closed" and notice.outcome == "later_job"  # more than a month after the end
    assert notice.new_job_start_date == date(2027, 1, 4) and notice.new_employer_id == world.org_b.id
    assert notice.new_job_hours == Decimal("32") and notice.new_job_contract_type == "permanent"
    assert [t.status for t in follow_ups_of(notice)] == ["found_job", "lapsed", "lapsed"]


def test_a_question_is_answered_once_and_not_before_its_day(clock, world):
    notice = closed_without_job(world)
    first, second, _ = follow_ups_of(notice)
    with pytest.raises(TransitionRefused) as early:
        answer(world.ad1, first, FollowUpAnswer("stop", reason="x"), date(2026, 12, 1))
    assert early.value.message == "Deze vraag komt pas op woensdag 30 december 2026."
    clock.move_to(at(date(2026, 12, 30)))
    answer(world.ad1, first, FollowUpAnswer("stop", reason="Werkt als vrijwilliger"), date(2026, 12, 30))
    with pytest.raises(TransitionRefused):
        answer(world.ad1, second, FollowUpAnswer("stop", reason="x"), date(2027, 3, 1))


def test_reopening_the_notice_ends_its_open_questions(clock, world):
    notice = closed_without_job(world)
    outcomes.reopen(world.ad1, notice, "Toch nog een plan nodig.")
    assert {t.status for t in follow_ups_of(notice)} == {"lapsed"}


@pytest.mark.parametrize("outsider", ["employer_a", "ad3", "wsp_amsterdam", "admin"])
def test_only_the_ad_and_backup_answer(clock, world, outsider):
    notice = closed_without_job(world)
    task = follow_ups_of(notice)[0]
    with pytest.raises(Forbidden):
        answer(getattr(world, outsider), task, FollowUpAnswer("stop", reason="x"), date(2026, 12, 30))
    assert task.status == "open"


def test_answer_page_access_and_the_form_in_the_browser(client, clock, world):
    notice = closed_without_job(world)
    task = follow_ups_of(notice)[0]
    clock.move_to(at(date(2026, 12, 30)))
    url = f"/nazorg/{task.id}"
    login(client, world.ad3)
    assert client.get(url).status_code == 404
    client.post("/uitloggen")
    login(client, world.employer_a)
    assert client.get(url).status_code == 403
    page = client.get(f"/meldingen/{notice.id}").get_data(as_text=True)
    assert "Nazorg" not in page  # UWV's work; the former employer sees the outcome only
    client.post("/uitloggen")
    login(client, world.ad1)
    page = client.get(url).get_data(as_text=True)
    assert "Heeft Daan de Jong werk gevonden?" in page
    response = client.post(url, data={"answer": "not_yet", "next_step": "Sollicitatie bij de bakker"})
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and "Vul in wanneer de volgende stap is." in page
    assert 'value="Sollicitatie bij de bakker"' in page
    response = client.post(url, data={"answer": "not_yet", "next_step": "Sollicitatie bij de bakker",
                                      "next_step_date": "2027-01-08"}, follow_redirects=True)
    page = response.get_data(as_text=True)
    assert "De volgende vraag komt vanzelf in uw inbox." in page
    assert "Nazorg: nog geen werk" in page and "Volgende stap: Sollicitatie bij de bakker" in page


@pytest.mark.parametrize("form", [
    {"answer": "found_job", "employer_id": "9" * 40, "hours": "veel", "start_date": "gisteren"},
    {"answer": "<b>", "next_step_date": "32-13-2027"},
    {},
])
def test_hostile_answers_never_give_a_500(client, clock, world, form):
    notice = closed_without_job(world)
    task = follow_ups_of(notice)[0]
    clock.move_to(at(date(2026, 12, 30)))
    login(client, world.ad1)
    response = client.post(f"/nazorg/{task.id}", data=form)
    assert response.status_code == 200 and "error-summary" in response.get_data(as_text=True)
    assert db.session.get(FollowUpTask, task.id).status == "open"


def test_the_question_page_loads_the_case_with_the_task(app, client, clock, world):
    """The name, the former employer and the AD's right to answer come with the task: one
    statement, not a load each for the notice, contract, employee, workplace and employer."""
    from tests.test_query_counts import statements_for

    notice = closed_without_job(world)
    task = follow_ups_of(notice)[0]
    clock.move_to(at(date(2026, 12, 30)))
    login(client, world.ad1)
    statements, page = statements_for(app, client, f"/nazorg/{task.id}")
    assert "Daan de Jong" in page and "De Linde" in page
    assert 'name="answer"' in page  # the AD of the case may answer
    loads = [s for s in statements if s.lstrip().startswith((
        "SELECT contract_end_notices.", "SELECT employments.", "SELECT employees.", "SELECT locations.",
        "SELECT organisations.id, organisations.name, organisations.kvk_number"))]  # not the list of employers
    assert loads == []
