"""Insight figures kept per scope and period for INSIGHTS_MAX_AGE seconds (issue 21): the page
says when they were computed, and figures kept for one viewer's scope never reach another's."""
from __future__ import annotations

import pytest

from portal.stale_counts import kept_figures
from tests.conftest import login
from tests.factories import make_employment, make_notice
from tests.test_insights import cell

PERIOD = {"date_from": "2026-01-01", "date_until": "2026-12-31"}


@pytest.fixture
def figures_kept(data_app, app):
    for application in {app, data_app}:
        application.config["INSIGHTS_MAX_AGE"] = 600
    kept_figures.clear()
    yield
    for application in {app, data_app}:
        application.config["INSIGHTS_MAX_AGE"] = 0
    kept_figures.clear()


def _notices(page: str) -> int:
    return int(cell(page, "Meldingen"))


def test_figures_are_kept_per_scope_and_say_when_they_were_computed(client, world, figures_kept):
    make_notice(world.employer_a, world.emp_a1)
    login(client, world.employer_a)
    first = client.get("/inzicht").get_data(as_text=True)
    assert _notices(first) == 1
    assert "Berekend op " in first and "Na 10 minuten rekenen we de cijfers opnieuw uit." in first

    make_notice(world.employer_a, world.emp_a2)
    assert _notices(client.get("/inzicht").get_data(as_text=True)) == 1  # kept: ten minutes old at most
    assert _notices(client.get("/inzicht", query_string=PERIOD).get_data(as_text=True)) == 2  # another period
    client.post("/uitloggen")

    # Another organisation has its own figures, not the ones kept for De Linde.
    login(client, world.employer_b)
    assert _notices(client.get("/inzicht").get_data(as_text=True)) == 0
    make_notice(world.employer_b, world.emp_b1)
    assert _notices(client.get("/inzicht").get_data(as_text=True)) == 0
    client.post("/uitloggen")

    # An AD's figures are those of the own caseload: ad1 guides Daan de Jong, not Lieke Bakker.
    login(client, world.ad1)
    assert _notices(client.get("/inzicht").get_data(as_text=True)) == 1
    client.post("/uitloggen")

    kept_figures.clear()  # what ten minutes do
    login(client, world.employer_a)
    assert _notices(client.get("/inzicht").get_data(as_text=True)) == 2


def test_without_keeping_every_request_computes(client, world):
    login(client, world.employer_a)
    page = client.get("/inzicht").get_data(as_text=True)
    assert _notices(page) == 0 and "Berekend op " in page and "rekenen we de cijfers opnieuw" not in page
    make_employment(world.org_a, world.loc_a, world.ad1, None)
    make_notice(world.employer_a, world.emp_a1)
    assert _notices(client.get("/inzicht").get_data(as_text=True)) == 1
