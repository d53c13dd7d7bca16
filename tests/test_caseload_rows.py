"""The AD's caseload shows each employee's current contract: the latest started one that has not
ended (issue 21 moved its lookup into the select list, so it runs for the rows shown only)."""
from __future__ import annotations

import re
from datetime import timedelta
from decimal import Decimal

from portal.extensions import db
from portal.formatting import date_long, local_today
from portal.models import Employment
from tests.conftest import login
from tests.factories import make_employment


def _row(page: str, employee_id: int) -> str:
    link = re.escape(f'<a href="/medewerkers/{employee_id}">')
    return re.search(r"<tr>\s*<td[^>]*>" + link + r".*?</tr>", page, re.S).group(0)


def _contract(employee, location, *, start, end, coach_type="none", coach_name="", coach_organisation=""):
    employment = Employment(employee=employee, location=location, job_title="Medewerker", hours_per_week=Decimal("20"),
                            contract_type="temporary", start_date=start, end_date=end, job_coach_type=coach_type,
                            job_coach_name=coach_name, job_coach_organisation=coach_organisation)
    db.session.add(employment)
    db.session.commit()
    return employment


def test_the_row_shows_the_latest_started_contract_that_has_not_ended(client, world):
    today = local_today()
    first = make_employment(world.org_a, world.loc_a, world.ad1, None, name="Mila Twee Contracten",
                            start=today - timedelta(days=700), end=today - timedelta(days=30))
    employee = first.employee
    _contract(employee, world.loc_a, start=today - timedelta(days=400), end=today + timedelta(days=200),
              coach_type="internal", coach_name="Oud Coach")
    _contract(employee, world.loc_a, start=today - timedelta(days=20), end=today + timedelta(days=90),
              coach_type="external", coach_name="Nieuw Coach", coach_organisation="Werkfit BV")
    no_contract = make_employment(world.org_a, world.loc_a, world.ad1, None, name="Sem Zonder Contract",
                                  start=today - timedelta(days=500), end=today - timedelta(days=1))

    login(client, world.ad1)
    page = client.get("/caseload").get_data(as_text=True)
    row = _row(page, employee.id)
    assert date_long(today + timedelta(days=90)) in row and "Nieuw Coach, Werkfit BV" in row
    assert "Oud Coach" not in row and date_long(today + timedelta(days=200)) not in row
    ended = _row(page, no_contract.employee_id)
    assert "Geen</span>" in ended and date_long(today - timedelta(days=1)) not in ended
