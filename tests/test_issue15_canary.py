"""Canary for issue 15's new pages and mails: the leaver's name and the handover notes never reach
the WSP, and the notes reach no mail at all, through nazorg, absence, escalation and insights."""
from datetime import date

import pytest
import time_machine
from sqlalchemy import select, update

from portal.extensions import db
from portal.jobs.runner import run_due_jobs
from portal.models import Employee, OutboxEmail, User
from portal.notices.follow_up_service import follow_ups_of
from tests.conftest import login
from tests.test_follow_up import at, closed_without_job

NAME = "Canarius Zevenvinger"
NOTES = "CANARY-nazorg-notitie-5150"


@pytest.fixture
def clock():
    with time_machine.travel(at(date(2026, 12, 1)), tick=False) as traveller:
        yield traveller


def test_the_leavers_name_and_notes_do_not_reach_the_wsp_through_nazorg_and_escalation(clock, world, app):
    db.session.execute(update(Employee).where(Employee.id == world.emp_a1.employee_id).values(name=NAME))
    db.session.commit()
    notice = closed_without_job(world)
    notice.notes_strengths = NOTES
    # The AD is away over the deadlines: the work goes to the backup and escalates past them.
    world.ad1.absent_from, world.ad1.absent_until = date(2026, 12, 21), date(2027, 1, 31)
    db.session.commit()
    task = follow_ups_of(notice)[0]
    for day in (date(2027, 1, 14), date(2027, 1, 18), date(2027, 1, 22)):
        clock.move_to(at(day))
        run_due_jobs()
        db.session.commit()

    wsp_addresses = {u.email for u in db.session.scalars(select(User).where(User.role == "wsp"))}
    mails = db.session.scalars(select(OutboxEmail)).all()
    assert any(NAME in m.subject for m in mails)  # the canary was mailed, to UWV
    for mail in mails:
        assert NOTES not in mail.subject + mail.body_text + (mail.body_html or "")
        if set(mail.recipients.split(",")) & wsp_addresses:
            assert NAME not in mail.subject + mail.body_text + (mail.body_html or "")

    adviser = app.test_client()
    login(adviser, world.wsp_amsterdam)
    for path in ("/wsp/verzoeken", "/wsp/kandidaten", "/inzicht", f"/nazorg/{task.id}", f"/meldingen/{notice.id}"):
        page = adviser.get(path)
        assert NAME not in page.get_data(as_text=True) and NOTES not in page.get_data(as_text=True), path
    assert adviser.get(f"/nazorg/{task.id}").status_code in (403, 404)
