"""The regie clock for pool candidates: a published candidate not picked up by its deadline shows
as late, its region's advisers get a reminder through the outbox, and two working days later the
WSP mailbox and the coordinators; once an adviser has claimed the candidate, nothing more."""
from datetime import UTC, date, datetime

import pytest
import time_machine
from sqlalchemy import select, update

from portal.extensions import db
from portal.jobs.runner import run_due_jobs
from portal.models import OutboxEmail, WorkflowEvent, user_regions
from portal.pool import profile_service as profiles
from portal.unit_of_work import unit_of_work
from tests.conftest import login
from tests.pool_helpers import NOTES_CANARY, published_profile


def at(day: date, hour: int = 9):
    return datetime(day.year, day.month, day.day, hour, tzinfo=UTC)


@pytest.fixture
def clock():
    with time_machine.travel(at(date(2026, 12, 1)), tick=False) as traveller:  # a Tuesday
        yield traveller


def mails(kind):
    return db.session.scalars(select(OutboxEmail).where(OutboxEmail.kind == kind).order_by(OutboxEmail.id)).all()


def clock_events(profile):
    return [(e.action, e.note) for e in db.session.scalars(
        select(WorkflowEvent).where(WorkflowEvent.subject_type == "profile", WorkflowEvent.subject_id == profile.id,
                                    WorkflowEvent.action.in_(("remind", "escalate"))).order_by(WorkflowEvent.id))]


def test_the_pool_list_shows_the_deadline_and_late_candidates(client, clock, world):
    profile = published_profile(world)
    assert profile.response_due == date(2026, 12, 8)  # five working days
    login(client, world.wsp_amsterdam)
    page = client.get("/wsp/kandidaten").get_data(as_text=True)
    assert "dinsdag 8 december" in page and profile.code in page
    assert "Te laat" not in page
    clock.move_to(at(date(2026, 12, 9)))
    login(client, world.wsp_amsterdam)  # the session has timed out meanwhile
    assert "Te laat" in client.get("/wsp/kandidaten").get_data(as_text=True)


def test_reminder_to_the_advisers_then_escalation_to_the_mailbox_and_coordinators(clock, world):
    world.loc_a.municipality.region.wsp_email = "wsp@grootamsterdam.test"
    db.session.execute(update(user_regions).where(user_regions.c.user_id == world.wsp_amsterdam2.id)
                       .values(is_coordinator=True))
    db.session.commit()
    profile = published_profile(world)
    clock.move_to(at(date(2026, 12, 7)))
    run_due_jobs()
    assert clock_events(profile) == [] and mails("profile_overdue") == []

    clock.move_to(at(date(2026, 12, 8)))  # the deadline
    run_due_jobs()
    run_due_jobs()
    assert clock_events(profile) == [("remind", "aan de adviseurs van de regio")]
    [reminder] = mails("profile_overdue")
    assert world.wsp_amsterdam.email in reminder.recipients and world.wsp_amsterdam2.email in reminder.recipients
    assert profile.code in reminder.subject
    # The WSP hears the pseudonym code, never the name or the handover notes.
    name = profile.notice.employment.employee.name
    assert name not in reminder.subject + reminder.body_text and NOTES_CANARY not in reminder.body_text
    assert mails("profile_escalated") == []

    clock.move_to(at(date(2026, 12, 10)))  # two working days after the deadline
    run_due_jobs()
    run_due_jobs()
    assert [a for a, _ in clock_events(profile)] == ["remind", "escalate"]
    [escalation] = mails("profile_escalated")
    assert "wsp@grootamsterdam.test" in escalation.recipients and world.wsp_amsterdam2.email in escalation.recipients
    assert world.wsp_amsterdam.email not in escalation.recipients


def test_no_reminder_once_an_adviser_has_claimed_the_candidate(client, clock, world):
    profile = published_profile(world)
    clock.move_to(at(date(2026, 12, 4)))
    with unit_of_work():
        profiles.claim(world.wsp_amsterdam, profile)
    assert profile.response_due is None
    for day in (date(2026, 12, 8), date(2026, 12, 10), date(2026, 12, 15)):
        clock.move_to(at(day))
        run_due_jobs()
    assert clock_events(profile) == [] and mails("profile_overdue") == [] and mails("profile_escalated") == []
    login(client, world.wsp_amsterdam)
    assert "Te laat" not in client.get("/wsp/kandidaten?toon=mijn").get_data(as_text=True)


def test_the_wsp_menu_leads_to_the_pool_and_no_other_role_has_it(client, world):
    login(client, world.wsp_amsterdam)
    page = client.get("/wsp/verzoeken").get_data(as_text=True)
    assert 'href="/wsp/kandidaten"' in page and "Kandidatenpool" in page
    for user in (world.employer_a, world.ad1, world.admin):
        client.post("/uitloggen")
        login(client, user)
        assert 'href="/wsp/kandidaten"' not in client.get("/").get_data(as_text=True)
