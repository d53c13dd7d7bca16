"""Insights from a small dataset whose figures are computed by hand (see the comments)."""
from datetime import UTC, date, datetime

import pytest
import time_machine
from sqlalchemy import update

from portal.extensions import db
from portal.models import user_regions
from portal.notices import notice_service as notices
from portal.notices import outcome_service as outcomes
from portal.vacancies import refill_service as vacancies
from tests.conftest import login
from tests.factories import build_world, make_notice, new_job

PERIOD = {"date_from": "2026-01-01", "date_until": "2026-12-31"}


def at(day, hour=9):
    return time_machine.travel(datetime(day.year, day.month, day.day, hour, tzinfo=UTC), tick=False)


@pytest.fixture
def dataset():
    with at(date(2026, 3, 2)):
        world = build_world()
        # N1: filed Mon 2 March 09:00, job ends 30 June -> 119.625 days ahead.
        n1 = make_notice(world.employer_a, world.emp_a1, expected_end_date=date(2026, 6, 30))
    with at(date(2026, 3, 4)):
        notices.acknowledge(world.ad1, n1)  # read after 2.0 days
    with at(date(2026, 3, 5)):
        vacancies.claim(world.wsp_amsterdam, n1.refill_request)  # due 9 March: in time
    with at(date(2026, 3, 9)):
        notices.record_plan(world.ad1, n1, "naar_werk", date(2026, 3, 16), "")  # plan 5.0 days after reading
    with at(date(2026, 4, 1)):
        vacancies.close(world.wsp_amsterdam, n1.refill_request, True, date(2026, 4, 15), "")  # filled after 30 days
        # N2: filed 1 April, ends 1 May -> 29.625 days ahead.
        n2 = make_notice(world.employer_a, world.emp_a2, expected_end_date=date(2026, 5, 1), reason_category="illness")
    with at(date(2026, 4, 7)):
        notices.acknowledge(world.ad2, n2)  # read after 6.0 days
    with at(date(2026, 4, 10)):
        notices.record_plan(world.ad2, n2, "werkfit", date(2026, 4, 20), "")  # plan 3.0 days after reading
    with at(date(2026, 4, 15)):
        vacancies.claim(world.wsp_amsterdam, n2.refill_request)  # due 8 April: late
    with at(date(2026, 5, 1)):
        outcomes.close(world.ad2, n2, new_job(n2, 0), date(2026, 5, 1))  # new job at month 0
    with at(date(2026, 5, 4)):
        # N3 (organisation B): filed 4 May, ends 4 November -> 183.625 days ahead; never read.
        n3 = make_notice(world.employer_b, world.emp_b1, expected_end_date=date(2026, 11, 4), refill=False,
                         reason_category="reorganisation")
    with at(date(2026, 9, 15)):
        outcomes.close(world.ad1, n1, new_job(n1, 77), date(2026, 9, 15))  # 77.4 days after the end: month 2
    db.session.execute(update(user_regions).where(user_regions.c.user_id == world.wsp_amsterdam2.id)
                       .values(is_coordinator=True))
    db.session.commit()
    return world, (n1, n2, n3)


def cell(page, label):
    """The 'this period' cell of a KPI row."""
    row = page.split(f'<th scope="row">{label}</th>', 1)[1]
    return row.split("<td>", 1)[1].split("</td>", 1)[0].strip()


def test_national_figures_computed_by_hand(client, dataset):
    world, _ = dataset
    with at(date(2026, 12, 31), 12):
        login(client, world.admin)
        page = client.get("/inzicht", query_string=PERIOD).get_data(as_text=True)
    assert cell(page, "Meldingen") == "3"
    assert cell(page, "Tijd tussen melding en einde werk (mediaan)") == "119,6 dagen"  # of 29.6, 119.6, 183.6
    assert cell(page, "Gemeld 3 maanden of langer vooraf") == "67%"  # 2 of 3
    assert cell(page, "Tijd tot gelezen (mediaan)") == "2,0 dagen"  # of 2 and 6 (nearest rank)
    assert cell(page, "Tijd tot gelezen (90% binnen)") == "6,0 dagen"
    assert cell(page, "Tijd van gelezen tot plan (mediaan)") == "3,0 dagen"  # of 3 and 5
    assert cell(page, "Tijd van gelezen tot plan (90% binnen)") == "5,0 dagen"
    assert cell(page, "Verzoeken om een plek opnieuw in te vullen") == "2"
    assert cell(page, "Binnen 5 werkdagen opgepakt") == "50%"
    assert cell(page, "Tijd tot de plek is ingevuld (mediaan)") == "30,0 dagen"
    # Outcomes closed in the period, and the time-to-next-job curve (2 jobs ended and closed).
    assert '<th scope="row">Direct een nieuwe baan</th><td>1</td>' in page
    assert '<th scope="row">Later een nieuwe baan</th><td>1</td>' in page
    # Time to the next job (Kaplan-Meier; tests/test_insights_next_job.py has the full check): N2 at
    # day 0, N1 at its closing (no start date: 77 days), N3 (open, ended 4 November) still looking.
    assert '<th scope="row">direct (binnen een week)</th><td>33%</td>' in page
    assert '<th scope="row">3</th><td>100%</td>' in page
    assert '<th scope="row">Ziekte of terugval</th><td>1</td>' in page
    # Previous period: nothing yet.
    assert 'Meldingen</th><td>3</td><td>0</td>' in page.replace("\n", "")


def test_each_viewer_sees_only_their_part(client, dataset):
    world, _ = dataset
    expected = {world.employer_a: "2", world.employer_b: "1", world.ad1: "1", world.wsp_amsterdam2: "2"}
    with at(date(2026, 12, 31), 12):
        for user, count in expected.items():
            login(client, user)
            assert cell(client.get("/inzicht", query_string=PERIOD).get_data(as_text=True), "Meldingen") == count
            client.post("/uitloggen")
        login(client, world.wsp_amsterdam)  # not a coordinator
        assert client.get("/inzicht").status_code == 403


def test_admin_filters_by_region(client, dataset):
    world, _ = dataset
    from tests.factories import region

    with at(date(2026, 12, 31), 12):
        login(client, world.admin)
        page = client.get("/inzicht", query_string={**PERIOD, "region": str(region("AM22").id)}).get_data(as_text=True)
    assert cell(page, "Meldingen") == "1"  # only N3, in Rotterdam


def test_charts_are_accessible_svg_with_tables(client, dataset):
    world, _ = dataset
    with at(date(2026, 12, 31), 12):
        login(client, world.admin)
        page = client.get("/inzicht", query_string=PERIOD).get_data(as_text=True)
    assert page.count('<svg role="img"') == 3
    assert page.count("<title id=") == 3 and page.count("<desc id=") == 3
    assert "<script" not in page.split("<main", 1)[1].split("</main>", 1)[0]


def test_csv_export_of_every_table(client, dataset):
    world, _ = dataset
    with at(date(2026, 12, 31), 12):
        login(client, world.employer_a)
        for table in ("kerncijfers", "redenen", "uitkomsten", "naar-werk"):
            response = client.get(f"/inzicht/{table}.csv", query_string=PERIOD)
            assert response.status_code == 200 and response.mimetype == "text/csv"
            text = response.get_data(as_text=True)
            assert text.startswith("\ufeff") and ";" in text
        kpis = client.get("/inzicht/kerncijfers.csv", query_string=PERIOD).get_data(as_text=True)
        assert "Meldingen;2;0;" in kpis
        assert client.get("/inzicht/iets-anders.csv").status_code == 404
