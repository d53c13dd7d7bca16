"""The employer's notice list (issue 21): counted through the notice's own copy of the employee,
the count agrees with the notices each kind of user may see, and the list is planned per
organisation."""
from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select

from portal.auth.permissions import count_notices_visible_to, notices_visible_to
from portal.extensions import db
from portal.formatting import local_today
from tests.conftest import login
from tests.factories import make_employment, make_notice, make_user
from tests.test_absence import away
from tests.test_query_counts import statements_for


def test_the_count_agrees_with_the_visible_notices_for_every_kind_of_user(world):
    make_notice(world.employer_a, world.emp_a1)
    make_notice(world.employer_a, world.emp_a2)
    make_notice(world.employer_b, world.emp_b1)
    # A team lead who owns ad1's work today (ad1 and the backup ad2 both away) sees that notice too.
    lead = make_user("ad", "Tamara Teamleider")
    world.ad1.team_lead = lead
    today = local_today()
    away(world.ad1, today - timedelta(days=1), today + timedelta(days=5))
    away(world.ad2, today - timedelta(days=1), today + timedelta(days=5))
    expected = {world.employer_a: 2, world.employer_b: 1, world.ad1: 1, world.ad2: 2, world.ad3: 1, lead: 1,
                world.admin: 0, world.wsp_amsterdam: 0, world.coach_a: 0}
    for user, count in expected.items():
        listed = db.session.scalar(select(func.count()).select_from(notices_visible_to(user).subquery()))
        assert (listed, db.session.scalar(count_notices_visible_to(user))) == (count, count), user.name


def test_the_employer_list_shows_the_total(client, world):
    for _ in range(26):
        make_notice(world.employer_a, make_employment(world.org_a, world.loc_a, world.ad1, None))
    make_notice(world.employer_b, world.emp_b1)
    login(client, world.employer_a)
    page = client.get("/meldingen").get_data(as_text=True)
    assert "1–25 van 26" in page and "Pagina 1 van 2" in page


def test_the_employer_list_is_planned_for_its_own_organisation(app, client, world):
    make_notice(world.employer_a, world.emp_a1)
    make_notice(world.employer_b, world.emp_b1)
    login(client, world.employer_a)
    statements, page = statements_for(app, client, "/meldingen")
    assert "Daan de Jong" in page and "Yara Kaya" not in page
    rows = [s for s in statements if "FROM contract_end_notices" in s and "LIMIT" in s]
    assert len(rows) == 1 and f"employees.organisation_id = {world.org_a.id}" in " ".join(rows[0].split()), rows
