"""Draft clean-up by the scheduled jobs, at its boundaries: an untouched draft gets a reminder at
23 days and is removed at 30 days, but never sooner than 7 days after that reminder."""
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from flask import current_app
from sqlalchemy import func, select

from portal.extensions import db
from portal.jobs.runner import run_due_jobs
from portal.models import NoticeDraft, OutboxEmail
from tests.conftest import login

SECOND = timedelta(seconds=1)


@pytest.fixture
def clock():
    # Frozen near the real now: the world's contracts are dated from today.
    start = datetime.now(UTC).replace(microsecond=0)
    with time_machine.travel(start, tick=False) as traveller:
        traveller.start = start
        yield traveller


def save_draft(client, world):
    login(client, world.employer_a)
    response = client.post(f"/contracten/{world.emp_a1.id}/einde-melden/overdracht",
                           data={"later": "1", "notes_strengths": "half af"})
    assert response.status_code == 302


def drafts() -> int:
    return db.session.scalar(select(func.count()).select_from(NoticeDraft))


def reminders() -> list[OutboxEmail]:
    return db.session.scalars(select(OutboxEmail).where(OutboxEmail.kind == "draft_reminder")).all()


def run_at(clock, moment):
    clock.move_to(moment)
    result = run_due_jobs()
    db.session.commit()
    db.session.expire_all()
    return result


def test_reminded_at_23_days_kept_until_exactly_30_days(client, world, clock):
    save_draft(client, world)
    start = clock.start
    assert run_at(clock, start + timedelta(days=23) - SECOND).draft_reminders == 0
    assert run_at(clock, start + timedelta(days=23)).draft_reminders == 1
    [reminder] = reminders()
    assert reminder.recipient_list == [world.employer_a.email]
    assert run_at(clock, start + timedelta(days=30) - SECOND).drafts_removed == 0
    assert drafts() == 1
    assert run_at(clock, start + timedelta(days=30)).drafts_removed == 1
    assert drafts() == 0


def test_the_30_day_rule_holds_on_its_own_after_an_early_reminder(client, world, clock, monkeypatch):
    """A reminder sent long before (the reminder setting was 20 days then): the 7 days after it
    have passed, so only "untouched for 30 days" keeps the draft until day 30."""
    save_draft(client, world)
    start = clock.start
    with monkeypatch.context() as patched:
        patched.setitem(current_app.config, "DRAFT_REMINDER_DAYS", 20)
        assert run_at(clock, start + timedelta(days=20)).draft_reminders == 1
    for days in (27, 28, 29):
        assert run_at(clock, start + timedelta(days=days)).drafts_removed == 0, days
    assert run_at(clock, start + timedelta(days=30) - SECOND).drafts_removed == 0
    assert drafts() == 1
    assert run_at(clock, start + timedelta(days=30)).drafts_removed == 1
    assert drafts() == 0


def test_an_old_draft_gets_7_days_after_its_first_reminder(client, world, clock):
    """The jobs did not run for weeks: a 40-day-old draft is not removed at once, but 7 days
    after the reminder that announces it."""
    save_draft(client, world)
    reminded_at = clock.start + timedelta(days=40)
    result = run_at(clock, reminded_at)
    assert (result.draft_reminders, result.drafts_removed) == (1, 0)
    assert len(reminders()) == 1
    assert run_at(clock, reminded_at + timedelta(days=7) - SECOND).drafts_removed == 0
    assert drafts() == 1
    assert run_at(clock, reminded_at + timedelta(days=7)).drafts_removed == 1
    assert drafts() == 0
    assert len(reminders()) == 1  # one reminder, never repeated


def test_touching_a_draft_starts_the_30_days_again(client, world, clock):
    save_draft(client, world)
    start = clock.start
    run_at(clock, start + timedelta(days=23))
    clock.move_to(start + timedelta(days=25))
    save_draft(client, world)  # a colleague carries on typing
    assert run_at(clock, start + timedelta(days=30)).drafts_removed == 0
    assert run_at(clock, start + timedelta(days=25 + 23)).draft_reminders == 1  # a new reminder
    assert run_at(clock, start + timedelta(days=25 + 30) - SECOND).drafts_removed == 0
    assert run_at(clock, start + timedelta(days=25 + 30)).drafts_removed == 1
