"""A refill request in a region without WSP advisers (issue 17): its reminder and escalation go to
the region's mailbox, or to functioneel beheer when there is none, and the timeline says to whom."""
from datetime import date

from sqlalchemy import delete, select

from portal.extensions import db
from portal.jobs.runner import run_due_jobs
from portal.models import OutboxEmail, user_regions
from tests.factories import make_notice
from tests.test_clock import at, clock, clock_events  # noqa: F401 (clock is a fixture)


def _empty_region(world, mailbox: str):
    region = world.loc_a.municipality.region
    region.wsp_email = mailbox
    db.session.execute(delete(user_regions).where(user_regions.c.region_id == region.id))
    db.session.commit()


def _run_past_both_deadlines(clock, world):
    clock.move_to(at(date(2026, 12, 21)))
    refill = make_notice(world.employer_a, world.emp_a1).refill_request
    clock.move_to(at(date(2026, 12, 31)))
    run_due_jobs()
    return refill


def _recipients(kind):
    return [e.recipient_list for e in db.session.scalars(select(OutboxEmail).where(OutboxEmail.kind == kind))]


def test_without_advisers_the_region_mailbox_gets_reminder_and_escalation(clock, world):
    _empty_region(world, "wsp@grootamsterdam.test")
    refill = _run_past_both_deadlines(clock, world)
    assert _recipients("refill_overdue") == [["wsp@grootamsterdam.test"]]
    assert _recipients("refill_escalated") == [["wsp@grootamsterdam.test"]]
    events = clock_events("refill", refill.id)
    assert [action for action, _ in events] == ["remind", "escalate"]
    assert all("wsp@grootamsterdam.test" in note for _, note in events)


def test_without_advisers_and_mailbox_the_admins_get_them(clock, world):
    _empty_region(world, "")
    refill = _run_past_both_deadlines(clock, world)
    assert _recipients("refill_overdue") == [[world.admin.email]]
    assert _recipients("refill_escalated") == [[world.admin.email]]
    notes = [note for _, note in clock_events("refill", refill.id)]
    assert notes and all("functioneel beheer" in note and "geen adviseurs" in note for note in notes)
