"""A job coach's concern signal on the regie clock, with time travel (issue 16.2): due 3 working
days after it was sent (a weekend does not count); on the deadline the AD is reminded, two working
days later it escalates to the backup, and two more to the team lead. Handled in time: nothing."""
from datetime import UTC, date, datetime

import pytest
import time_machine
from sqlalchemy import select

from portal.extensions import db
from portal.jobs.runner import run_due_jobs
from portal.models import ConcernSignal, OutboxEmail, WorkflowEvent
from portal.unit_of_work import unit_of_work
from tests.conftest import login
from tests.factories import make_user


def at(day: date, hour: int = 9):
    return datetime(day.year, day.month, day.day, hour, tzinfo=UTC)



def mails(kind):
    return db.session.scalars(select(OutboxEmail).where(OutboxEmail.kind == kind).order_by(OutboxEmail.id)).all()


def clock_events(signal):
    return [e.action for e in db.session.scalars(
        select(WorkflowEvent).where(WorkflowEvent.subject_type == "concern", WorkflowEvent.subject_id == signal.id)
        .order_by(WorkflowEvent.id))]


def run_jobs_on(traveller, day: date):
    traveller.move_to(at(day, 6))
    with unit_of_work():
        run_due_jobs()
    db.session.expire_all()


@pytest.fixture
def signal(client, world):
    """Sent on Friday 4 December 2026 by coach_a about emp_a1 (AD ad1, backup ad2, team lead Tamara)."""
    world.ad1.team_lead = make_user("ad", "Tamara Teamleider")
    db.session.commit()
    with time_machine.travel(at(date(2026, 12, 4)), tick=False) as traveller:
        login(client, world.coach_a)
        response = client.post(f"/jobcoach/dienstverbanden/{world.emp_a1.id}/signaal",
                               data={"kind": "may_not_renew", "text": "De werkgever twijfelt over verlengen."})
        assert response.status_code == 302
        yield db.session.scalar(select(ConcernSignal)), traveller


def test_deadline_counts_working_days(signal):
    concern, _ = signal
    assert concern.response_due == date(2026, 12, 9)  # Fri + 3 working days: Mon, Tue, Wed


def test_reminder_then_escalation_to_backup_then_team_lead(signal, world):
    concern, traveller = signal
    run_jobs_on(traveller, date(2026, 12, 8))
    assert clock_events(concern) == ["report"] and not mails("concern_overdue")
    run_jobs_on(traveller, date(2026, 12, 9))
    assert clock_events(concern) == ["report", "remind"]
    assert mails("concern_overdue")[0].recipients == world.ad1.email
    run_jobs_on(traveller, date(2026, 12, 10))
    assert clock_events(concern) == ["report", "remind"]  # once per deadline
    run_jobs_on(traveller, date(2026, 12, 11))
    assert clock_events(concern) == ["report", "remind", "escalate"]
    assert world.ad2.email in mails("concern_escalated")[0].recipients
    run_jobs_on(traveller, date(2026, 12, 15))
    assert clock_events(concern)[-1] == "escalate_further"
    assert mails("concern_escalated_further")[0].recipients == world.ad1.team_lead.email


def test_handled_in_time_is_not_reminded(signal, client, world):
    concern, traveller = signal
    traveller.move_to(at(date(2026, 12, 8), 10))
    client.post("/uitloggen")
    login(client, world.ad1)
    assert client.post(f"/signalen/{concern.id}", data={"response": "Ik bel vandaag."}).status_code == 302
    run_jobs_on(traveller, date(2026, 12, 16))
    assert clock_events(concern) == ["report", "handle"]
    assert not mails("concern_overdue") and not mails("concern_escalated")
