"""The regie clock, with time driven by time-machine: prompts, deadlines, reminders, escalation."""
import threading
from datetime import UTC, date, datetime

import pytest
import time_machine
from sqlalchemy import func, select

from portal.clock import add_working_days
from portal.extensions import db
from portal.jobs.runner import run_due_jobs
from portal.models import ContractEndPrompt, Employment, OutboxEmail, WorkflowEvent
from portal.notices import notice_service as notices
from tests.conftest import login
from tests.factories import make_employment, make_notice


def at(day: date, hour: int = 9):
    return datetime(day.year, day.month, day.day, hour, tzinfo=UTC)


@pytest.fixture
def clock():
    with time_machine.travel(at(date(2026, 12, 1)), tick=False) as traveller:
        yield traveller


def prompts():
    return db.session.scalars(select(ContractEndPrompt)).all()


def mails_to(address, kind=None):
    query = select(OutboxEmail).where(OutboxEmail.recipients.contains(address))
    if kind:
        query = query.where(OutboxEmail.kind == kind)
    return db.session.scalars(query).all()


def clock_events(subject_type, subject_id):
    return [
        (e.action, e.note)
        for e in db.session.scalars(
            select(WorkflowEvent)
            .where(WorkflowEvent.subject_type == subject_type, WorkflowEvent.subject_id == subject_id,
                   WorkflowEvent.action.in_(("remind", "escalate")))
            .order_by(WorkflowEvent.id)
        )
    ]


# --- working days --------------------------------------------------------------------------

@pytest.mark.parametrize("start,days,expected", [
    (date(2026, 11, 27), 1, date(2026, 11, 30)),  # Friday + 1 -> Monday
    (date(2026, 11, 23), 5, date(2026, 11, 30)),  # a full week, over the weekend
    (date(2026, 12, 23), 5, date(2026, 12, 31)),  # Christmas Day and Boxing Day do not count
    (date(2026, 12, 31), 1, date(2027, 1, 4)),  # New Year's Day, then the weekend
    (date(2027, 4, 23), 2, date(2027, 4, 28)),  # King's Day (Tuesday 27 April 2027)
    (date(2026, 4, 24), 1, date(2026, 4, 28)),  # King's Day on Monday 27 April 2026
])
def test_working_days_skip_weekends_and_dutch_holidays(start, days, expected):
    assert add_working_days(start, days) == expected


# --- contract-end prompts -----------------------------------------------------------------

def test_prompt_comes_exactly_once_at_the_three_month_boundary(clock, world):
    employment = make_employment(world.org_a, world.loc_a, world.ad1, world.ad2, name="Tess Tijdelijk",
                                 end=date(2027, 3, 2))
    clock.move_to(at(date(2026, 12, 1)))
    run_due_jobs()
    prompted = {p.employment_id for p in prompts()}
    assert world.emp_a1.id in prompted and employment.id not in prompted  # emp_a1 ends within 60 days

    clock.move_to(at(date(2026, 12, 2)))
    run_due_jobs()
    clock.move_to(at(date(2026, 12, 3)))
    run_due_jobs()
    mine = [p for p in prompts() if p.employment_id == employment.id]
    assert len(mine) == 1 and mine[0].end_date == date(2027, 3, 2)
    assert len(mails_to(world.employer_a.email, "prompt_employer")) == 2  # emp_a1 and Tess
    assert len(mails_to(world.employer_a2.email, "prompt_employer")) == 2
    assert len(mails_to(world.ad1.email, "prompt_ad")) == 2
    assert all("Tess" not in m.subject for m in mails_to(world.employer_b.email))


def test_no_prompt_for_permanent_contracts_or_when_a_notice_exists(clock, world):
    make_notice(world.employer_b, world.emp_b1)  # temporary, ends within 3 months, but notice filed
    run_due_jobs()
    prompted = {p.employment_id for p in prompts()}
    assert world.emp_a2.id not in prompted  # permanent
    assert world.emp_b1.id not in prompted
    assert world.emp_a1.id in prompted


def test_employer_answers_renewed_in_two_clicks(client, clock, world):
    run_due_jobs()
    prompt = next(p for p in prompts() if p.employment_id == world.emp_a1.id)
    login(client, world.employer_a)
    page = client.get("/medewerkers").get_data(as_text=True)
    assert "Uw taken" in page and "Wordt verlengd" in page and "Wordt niet verlengd" in page

    page = client.post(f"/vragen/{prompt.id}/verlengd", data={"choice": "new_end_date"}).get_data(as_text=True)
    assert "Vul de nieuwe einddatum in." in page
    response = client.post(f"/vragen/{prompt.id}/verlengd", data={"choice": "new_end_date",
                                                                 "new_end_date": "2027-12-31"})
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(ContractEndPrompt, prompt.id).status == "renewed"
    assert db.session.get(Employment, world.emp_a1.id).end_date == date(2027, 12, 31)
    assert "Uw taken" not in client.get("/medewerkers").get_data(as_text=True)

    # At the new end date's own boundary the question comes again, once.
    clock.move_to(at(date(2027, 10, 1)))
    run_due_jobs()
    run_due_jobs()
    assert [p.end_date for p in prompts() if p.employment_id == world.emp_a1.id] == [date(2027, 1, 30),
                                                                                      date(2027, 12, 31)]


def test_renewal_as_permanent_contract(client, clock, world):
    run_due_jobs()
    prompt = next(p for p in prompts() if p.employment_id == world.emp_a1.id)
    login(client, world.employer_a)
    client.post(f"/vragen/{prompt.id}/verlengd", data={"choice": "permanent"})
    db.session.expire_all()
    employment = db.session.get(Employment, world.emp_a1.id)
    assert employment.contract_type == "permanent" and employment.end_date is None


def test_not_renewed_opens_the_notice_form_and_filing_answers_the_prompt(client, clock, world):
    run_due_jobs()
    prompt = next(p for p in prompts() if p.employment_id == world.emp_a1.id)
    login(client, world.employer_a)
    page = client.get(f"/contracten/{world.emp_a1.id}/einde-melden").get_data(as_text=True)
    assert f'class="date-input date-input-jaar" value="{world.emp_a1.end_date.year}"' in page  # prefilled
    make_notice(world.employer_a, world.emp_a1)
    db.session.expire_all()
    assert db.session.get(ContractEndPrompt, prompt.id).status == "notice_filed"


def test_other_organisations_cannot_answer_a_prompt(client, clock, world):
    run_due_jobs()
    prompt = next(p for p in prompts() if p.employment_id == world.emp_a1.id)
    login(client, world.employer_b)
    assert client.get(f"/vragen/{prompt.id}/verlengd").status_code == 404


def test_the_ad_sees_prompts_in_the_inbox(client, clock, world):
    run_due_jobs()
    login(client, world.ad1)
    page = client.get("/inbox").get_data(as_text=True)
    assert "Contracten die binnen 3 maanden stoppen" in page and "Daan de Jong" in page


def test_two_concurrent_job_runs_give_one_prompt(clock, world, data_app):
    barrier = threading.Barrier(2)
    errors = []

    def run():
        try:
            with data_app.app_context():
                barrier.wait()
                run_due_jobs()
        except Exception as error:  # surfaced below
            errors.append(error)

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    db.session.expire_all()
    per_employment = db.session.execute(
        select(ContractEndPrompt.employment_id, func.count()).group_by(ContractEndPrompt.employment_id)
    ).all()
    assert per_employment and all(n == 1 for _, n in per_employment)
    assert len(mails_to(world.employer_a.email, "prompt_employer")) == 1


# --- deadlines, reminders, escalation -------------------------------------------------------

def test_deadline_is_visible_to_everyone_and_counts_working_days(client, clock, world):
    clock.move_to(at(date(2026, 12, 21)))  # Monday before Christmas
    notice = make_notice(world.employer_a, world.emp_a1)
    assert notice.response_due == date(2026, 12, 29)
    assert notice.refill_request.response_due == date(2026, 12, 29)
    for user, path in ((world.employer_a, f"/meldingen/{notice.id}"), (world.ad1, f"/meldingen/{notice.id}"),
                       (world.wsp_amsterdam, f"/herbezetting/{notice.refill_request.id}")):
        login(client, user)
        assert "Reactie uiterlijk dinsdag 29 december" in client.get(path).get_data(as_text=True)
        client.post("/uitloggen")

    clock.move_to(at(date(2026, 12, 23)))
    notices.acknowledge(world.ad1, notice)
    assert notice.response_due == date(2027, 1, 8)  # 10 working days to record a plan


def test_reminder_at_the_deadline_then_escalation_two_working_days_later(client, clock, world):
    clock.move_to(at(date(2026, 12, 21)))
    notice = make_notice(world.employer_a, world.emp_a1)
    refill = notice.refill_request
    for day in (date(2026, 12, 24), date(2026, 12, 28)):
        clock.move_to(at(day))
        run_due_jobs()
    assert clock_events("notice", notice.id) == []

    clock.move_to(at(date(2026, 12, 29)))  # the deadline
    run_due_jobs()
    run_due_jobs()
    assert clock_events("notice", notice.id) == [("remind", f"aan {world.ad1.name}")]
    assert len(mails_to(world.ad1.email, "notice_overdue")) == 1
    assert len(mails_to(world.wsp_amsterdam.email, "refill_overdue")) == 1

    clock.move_to(at(date(2026, 12, 30)))
    run_due_jobs()
    assert len(clock_events("notice", notice.id)) == 1

    clock.move_to(at(date(2026, 12, 31)))  # two working days after the deadline
    run_due_jobs()
    assert clock_events("notice", notice.id) == [("remind", f"aan {world.ad1.name}"),
                                                 ("escalate", f"naar vervanger {world.ad2.name}")]
    assert len(mails_to(world.ad2.email, "notice_escalated")) == 1
    assert [a for a, _ in clock_events("refill", refill.id)] == ["remind", "escalate"]

    login(client, world.employer_a)
    page = client.get(f"/meldingen/{notice.id}").get_data(as_text=True)
    assert page.index("Herinnering: de termijn is verlopen") < page.index("Termijn verlopen: doorgezet")
    assert "Te laat" in page


def test_refill_escalation_goes_to_the_wsp_mailbox_and_coordinators(clock, world):
    from sqlalchemy import update

    from portal.models import user_regions

    world.loc_a.municipality.region.wsp_email = "wsp@grootamsterdam.test"
    db.session.execute(update(user_regions).where(user_regions.c.user_id == world.wsp_amsterdam2.id)
                       .values(is_coordinator=True))
    db.session.commit()
    clock.move_to(at(date(2026, 12, 21)))
    make_notice(world.employer_a, world.emp_a1)
    clock.move_to(at(date(2026, 12, 31)))
    run_due_jobs()
    [escalation] = db.session.scalars(select(OutboxEmail).where(OutboxEmail.kind == "refill_escalated")).all()
    assert escalation.recipient_list == sorted(["wsp@grootamsterdam.test", world.wsp_amsterdam2.email])


def test_acting_in_time_stops_the_clock(clock, world):
    clock.move_to(at(date(2026, 12, 21)))
    notice = make_notice(world.employer_a, world.emp_a1)
    notices.acknowledge(world.ad1, notice)
    clock.move_to(at(date(2026, 12, 31)))
    run_due_jobs()
    assert clock_events("notice", notice.id) == []


def test_inbox_sorts_by_deadline_and_marks_overdue(client, clock, world):
    clock.move_to(at(date(2026, 12, 1)))
    early = make_notice(world.employer_a, world.emp_a1)
    clock.move_to(at(date(2026, 12, 3)))
    late = make_notice(world.employer_a, world.emp_a2)  # ad2 is AD of emp_a2 and backup of emp_a1
    clock.move_to(at(date(2026, 12, 10)))
    login(client, world.ad2)
    page = client.get("/inbox").get_data(as_text=True)
    assert page.index(f"/meldingen/{early.id}\"") < page.index(f"/meldingen/{late.id}\"")
    assert page.count("Te laat") == 1  # early was due 8 December; late is due 10 December


def test_wsp_queue_sorts_by_claim_deadline_and_marks_overdue(client, clock, world):
    clock.move_to(at(date(2026, 12, 1)))
    first = make_notice(world.employer_a, world.emp_a1).refill_request
    clock.move_to(at(date(2026, 12, 4)))
    second = make_notice(world.employer_a, world.emp_a2).refill_request
    clock.move_to(at(date(2026, 12, 9)))
    login(client, world.wsp_amsterdam)
    page = client.get("/wsp/verzoeken").get_data(as_text=True)
    assert page.index(f"/herbezetting/{first.id}\"") < page.index(f"/herbezetting/{second.id}\"")
    assert page.count("Te laat") == 1  # first was due 8 December, second is due 11 December
