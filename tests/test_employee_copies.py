"""Notices, contract-end questions and nazorg questions carry their employee's id, and the questions
their organisation (issue 21): the AD's inbox and the employer's dashboard list through those
copies, so a wrong copy would hide work."""
from datetime import date

from sqlalchemy import text

from portal.extensions import db
from portal.jobs.runner import run_due_jobs
from portal.notices.follow_up_service import follow_ups_of
from tests.conftest import login
from tests.factories import make_employment
from tests.test_follow_up import clock, closed_without_job  # noqa: F401 (clock is a fixture)

# table (a trailing space for a second check of a table): rows whose copy differs from its source
MISMATCHES = {
    "contract_end_notices": "SELECT count(*) FROM contract_end_notices n JOIN employments e ON e.id = n.employment_id"
                            " WHERE n.employee_id <> e.employee_id",
    "contract_end_prompts": "SELECT count(*) FROM contract_end_prompts p JOIN employments e ON e.id = p.employment_id"
                            " WHERE p.employee_id <> e.employee_id",
    "contract_end_prompts ": "SELECT count(*) FROM contract_end_prompts p JOIN employees e ON e.id = p.employee_id"
                             " WHERE p.organisation_id <> e.organisation_id",
    "follow_up_tasks": "SELECT count(*) FROM follow_up_tasks t JOIN contract_end_notices n ON n.id = t.notice_id"
                       " WHERE t.employee_id <> n.employee_id",
}


def test_the_services_copy_the_employee_and_the_lists_find_the_work(app, client, clock, world):  # noqa: F811
    notice = closed_without_job(world)  # filed, acknowledged, closed without a new job: three nazorg questions
    ending = make_employment(world.org_a, world.loc_a, world.ad1, name="Tess Willems", contract_type="temporary",
                             end=date(2027, 2, 15))
    run_due_jobs()  # the regie clock asks whether Tess's contract is renewed

    assert notice.employee_id == notice.employment.employee_id == world.emp_a1.employee_id
    assert {task.employee_id for task in follow_ups_of(notice)} == {notice.employee_id}
    counts = {table: db.session.scalar(text(f"SELECT count(*) FROM {table.strip()}")) for table in MISMATCHES}
    assert all(counts.values()), counts  # each table has rows to compare
    assert {table: db.session.scalar(text(sql)) for table, sql in MISMATCHES.items()} == dict.fromkeys(MISMATCHES, 0)

    clock.move_to("2026-12-30 09:00Z")  # the first nazorg question opens
    login(client, world.ad1)
    inbox = client.get("/inbox").get_data(as_text=True)
    assert f"/nazorg/{follow_ups_of(notice)[0].id}" in inbox
    assert f"/medewerkers/{ending.employee_id}" in inbox and "Tess Willems" in inbox

    employer = app.test_client()
    login(employer, world.employer_a)
    dashboard = employer.get("/medewerkers").get_data(as_text=True)
    # The employer's first five open questions, found the long way (contract, employee) and not by the copy.
    expected = db.session.scalars(text(
        "SELECT p.id FROM contract_end_prompts p JOIN employments c ON c.id = p.employment_id"
        " JOIN employees e ON e.id = c.employee_id WHERE e.organisation_id = :org AND p.status = 'open'"
        " ORDER BY p.end_date, p.id LIMIT 5"), {"org": world.org_a.id}).all()
    assert expected and all(f"/vragen/{prompt_id}/verlengd" in dashboard for prompt_id in expected)
