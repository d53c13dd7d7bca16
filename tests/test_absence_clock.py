"""Absence over Christmas 2026 with time travel: new work lands with the backup, deadlines count
working days (25/26 December and 1 January are holidays), and a deadline the backup misses goes
to the team lead, with a "vertraagd" mail to the employer."""
from datetime import UTC, date, datetime

import pytest
import time_machine
from sqlalchemy import select

from portal.extensions import db
from portal.jobs.runner import run_due_jobs
from portal.models import ContractEndPrompt, OutboxEmail, WorkflowEvent
from tests.conftest import login
from tests.factories import make_employment, make_notice, make_user


def at(day: date, hour: int = 9):
    return datetime(day.year, day.month, day.day, hour, tzinfo=UTC)


@pytest.fixture
def clock():
    with time_machine.travel(at(date(2026, 12, 18)), tick=False) as traveller:
        yield traveller



def mails(kind):
    return db.session.scalars(select(OutboxEmail).where(OutboxEmail.kind == kind).order_by(OutboxEmail.id)).all()


def clock_events(notice):
    return [(e.action, e.note) for e in db.session.scalars(
        select(WorkflowEvent).where(WorkflowEvent.subject_type == "notice", WorkflowEvent.subject_id == notice.id,
                                    WorkflowEvent.action.in_(("remind", "escalate"))).order_by(WorkflowEvent.id))]


def record_absence_through_the_page(client, ad, first, last):
    login(client, ad)
    response = client.post("/account/afwezigheid", data={"absent_from": first, "absent_until": last})
    assert response.status_code == 302
    client.post("/uitloggen")


@pytest.fixture
def christmas(client, clock, world):
    """ad1 (backup ad2, team lead Tamara) is away from 21 December 2026 up to and including 4 January 2027."""
    lead = make_user("ad", "Tamara Teamleider")
    world.ad1.team_lead = lead
    db.session.commit()
    record_absence_through_the_page(client, world.ad1, "2026-12-21", "2027-01-04")
    return lead


def test_notice_filed_during_the_absence_lands_with_the_backup_and_escalates_to_the_team_lead(
        client, clock, world, christmas):
    lead = christmas
    clock.move_to(at(date(2026, 12, 22)))
    notice = make_notice(world.employer_a, world.emp_a1)
    # 23, 24, 28, 29, 30 December: Christmas, Boxing Day and the weekend do not count.
    assert notice.response_due == date(2026, 12, 30)

    login(client, world.ad2)
    inbox = client.get("/inbox").get_data(as_text=True)
    assert f"Voor {world.ad1.name}, afwezig tot en met maandag 4 januari 2027" in inbox
    client.post("/uitloggen")

    for day in (date(2026, 12, 24), date(2026, 12, 29)):
        clock.move_to(at(day))
        run_due_jobs()
    assert clock_events(notice) == []

    clock.move_to(at(date(2026, 12, 30)))  # the deadline: the reminder goes to the backup, not the absent AD
    run_due_jobs()
    assert clock_events(notice) == [("remind", f"aan {world.ad2.name}")]
    [reminder] = mails("notice_overdue")
    assert reminder.recipient_list == [world.ad2.email]

    clock.move_to(at(date(2026, 12, 31)))  # one working day after: not yet
    run_due_jobs()
    assert len(clock_events(notice)) == 1

    clock.move_to(at(date(2027, 1, 4)))  # New Year's Day and the weekend skipped: two working days after
    run_due_jobs()
    run_due_jobs()  # once only
    assert clock_events(notice)[1] == ("escalate", f"naar teamleider {lead.name}")
    [escalation] = mails("notice_escalated")
    assert escalation.recipient_list == [lead.email]
    [delayed] = mails("notice_delayed")
    assert delayed.recipient_list == [world.employer_a.email]
    assert delayed.subject == "Vertraagd: uw melding over Daan de Jong"
    assert "U krijgt uiterlijk donderdag 7 januari 2027 een reactie." in delayed.body_text

    login(client, world.employer_a)
    page = client.get(f"/meldingen/{notice.id}").get_data(as_text=True)
    assert "Vertraagd. U krijgt uiterlijk donderdag 7 januari 2027 een reactie." in page
    assert f"{world.ad1.name} is afwezig tot en met maandag 4 januari 2027; uw contact is {world.ad2.name}." in page


def test_after_the_absence_the_ad_owns_the_work_again(client, clock, world, christmas):
    clock.move_to(at(date(2027, 1, 5)))
    notice = make_notice(world.employer_a, world.emp_a1)
    clock.move_to(at(notice.response_due))
    run_due_jobs()
    assert clock_events(notice) == [("remind", f"aan {world.ad1.name}")]
    login(client, world.employer_a)
    assert "is afwezig" not in client.get(f"/meldingen/{notice.id}").get_data(as_text=True)


def test_the_contract_end_prompt_of_the_absence_goes_to_the_backup(client, clock, world, christmas):
    employment = make_employment(world.org_a, world.loc_a, world.ad1, world.ad2, name="Tess Tijdelijk",
                                 end=date(2027, 3, 22))
    clock.move_to(at(date(2026, 12, 22)))
    run_due_jobs()
    assert db.session.scalar(select(ContractEndPrompt).where(ContractEndPrompt.employment_id == employment.id))
    prompt_mails = [m for m in mails("prompt_ad") if "Tess Tijdelijk" in m.subject]
    assert [m.recipient_list for m in prompt_mails] == [[world.ad2.email]]


def test_backup_absent_too_and_no_team_lead_goes_to_the_region_mailbox_never_back(client, clock, world):
    region = world.loc_a.municipality.region
    region.uwv_email = "uwv@grootamsterdam.test"
    db.session.commit()
    record_absence_through_the_page(client, world.ad1, "2026-12-21", "2027-01-04")
    record_absence_through_the_page(client, world.ad2, "2026-12-21", "2027-01-08")
    clock.move_to(at(date(2026, 12, 22)))
    notice = make_notice(world.employer_a, world.emp_a1)
    clock.move_to(at(date(2027, 1, 4)))
    run_due_jobs()
    assert clock_events(notice) == [
        ("remind", "aan de UWV-mailbox van de regio (uwv@grootamsterdam.test)"),
        ("escalate", "naar de UWV-mailbox van de regio (uwv@grootamsterdam.test)"),
    ]
    for mail in mails("notice_overdue") + mails("notice_escalated"):
        assert world.ad1.email not in mail.recipient_list and world.ad2.email not in mail.recipient_list


def test_present_ad_without_backup_escalates_to_the_team_lead_not_to_themselves(clock, world):
    lead = make_user("ad", "Tamara Teamleider")
    world.ad2.team_lead = lead
    db.session.commit()
    clock.move_to(at(date(2026, 12, 21)))
    notice = make_notice(world.employer_a, world.emp_a2)  # ad2, no backup
    clock.move_to(at(date(2026, 12, 31)))
    run_due_jobs()
    assert clock_events(notice) == [("remind", f"aan {world.ad2.name}"), ("escalate", f"naar teamleider {lead.name}")]


def test_the_team_lead_opens_the_escalated_notice_another_ad_does_not(client, clock, world, christmas):
    lead = christmas
    clock.move_to(at(date(2026, 12, 22)))
    notice = make_notice(world.employer_a, world.emp_a1)
    clock.move_to(at(date(2027, 1, 4)))
    run_due_jobs()
    [escalation] = mails("notice_escalated")
    assert f"/meldingen/{notice.id}" in escalation.body_text
    login(client, lead)
    assert client.get(f"/meldingen/{notice.id}").status_code == 200
    assert f"/meldingen/{notice.id}\"" not in client.get("/inbox").get_data(as_text=True)  # lists stay their own
    client.post("/uitloggen")
    login(client, world.ad3)  # not in the chain
    assert client.get(f"/meldingen/{notice.id}").status_code == 404


def test_a_team_leads_unread_count_is_of_their_own_work(client, clock, world):
    from portal.threads import thread_service
    from portal.unit_of_work import unit_of_work

    lead = make_user("ad", "Tamara Teamleider")
    world.ad1.team_lead = lead
    db.session.commit()
    notice = make_notice(world.employer_a, world.emp_a1)
    with unit_of_work():
        thread_service.post_message(world.employer_a, "notice", notice, "Kunt u mij bellen?")
    assert thread_service.unread_count(world.ad1, "notice") == 1
    assert thread_service.unread_count(lead, "notice") == 0


def test_a_prompt_with_everyone_away_goes_to_the_region_mailbox(client, clock, world):
    world.loc_a.municipality.region.uwv_email = "uwv@grootamsterdam.test"
    db.session.commit()
    record_absence_through_the_page(client, world.ad1, "2026-12-21", "2027-01-04")
    record_absence_through_the_page(client, world.ad2, "2026-12-21", "2027-01-04")
    make_employment(world.org_a, world.loc_a, world.ad1, world.ad2, name="Tess Tijdelijk", end=date(2027, 3, 22))
    clock.move_to(at(date(2026, 12, 22)))
    run_due_jobs()
    prompt_mails = [m for m in mails("prompt_ad") if "Tess Tijdelijk" in m.subject]
    assert [m.recipient_list for m in prompt_mails] == [["uwv@grootamsterdam.test"]]
