"""A long list's total may lag a minute (issue 21), but never disagrees with the rows on the page."""
import re
from datetime import timedelta

import pytest

from portal.extensions import db
from portal.formatting import local_today
from portal.stale_counts import StaleCounts, kept_figures, stale_counts
from tests.conftest import login
from tests.factories import make_employment, make_notice, make_organisation


class Clock:
    def __init__(self):
        self.now = 1000.0

    def __call__(self):
        return self.now


def test_a_count_is_kept_for_max_age_seconds_then_counted_again():
    clock, calls = Clock(), []
    counts = StaleCounts(clock=clock)

    def count():
        calls.append(1)
        return len(calls)

    assert counts.get("key", 60, count) == 1
    clock.now += 59
    assert counts.get("key", 60, count) == 1 and len(calls) == 1
    assert counts.get("other key", 60, count) == 2  # every key apart
    clock.now += 2
    assert counts.get("key", 60, count) == 3
    assert counts.get("key", 0, count) == 4 and counts.get("key", 60, count) == 3  # max age 0: nothing kept


def test_the_number_of_kept_counts_is_bounded():
    counts = StaleCounts(clock=Clock(), max_keys=3)
    for key in range(10):
        counts.get(key, 60, lambda: 7)
    assert len(counts._counts) == 3


@pytest.fixture
def counts_lag(data_app, app):
    for application in {app, data_app}:
        application.config["LIST_COUNT_MAX_AGE"] = 60
    stale_counts.clear()
    kept_figures.clear()
    yield
    for application in {app, data_app}:
        application.config["LIST_COUNT_MAX_AGE"] = 0
    stale_counts.clear()
    kept_figures.clear()


def _many(world, count, prefix="Zz Medewerker"):
    return [make_employment(world.org_a, world.loc_a, world.ad1, name=f"{prefix} {n:03d}", contract_type="permanent")
            for n in range(count)]


def test_the_dashboard_total_lags_but_fits_the_page_shown(client, world, counts_lag):
    _many(world, 60)
    login(client, world.employer_a)
    assert "62 medewerkers gevonden." in client.get("/medewerkers").get_data(as_text=True)
    make_employment(world.org_a, world.loc_a, world.ad1, name="Zz Medewerker 999", contract_type="permanent")
    # Page 1 looks the same with 62 or 63: the kept total stands for a minute.
    assert "62 medewerkers gevonden." in client.get("/medewerkers").get_data(as_text=True)
    # The last page holds one row more than 62 allows: counted afresh, and kept.
    last = client.get("/medewerkers?pagina=3").get_data(as_text=True)
    assert "63 medewerkers gevonden." in last and "Zz Medewerker 999" in last
    assert "63 medewerkers gevonden." in client.get("/medewerkers").get_data(as_text=True)


def test_a_list_that_was_empty_shows_its_new_rows_at_once(client, world, counts_lag):
    login(client, world.employer_a)
    assert "Lotte Zoekmij" not in client.get("/medewerkers?zoek=zoekmij").get_data(as_text=True)
    make_employment(world.org_a, world.loc_a, world.ad1, name="Lotte Zoekmij", contract_type="permanent")
    page = client.get("/medewerkers?zoek=zoekmij").get_data(as_text=True)
    assert "1 medewerker gevonden." in page and "Lotte Zoekmij" in page


def test_each_employer_gets_its_own_total(client, world, counts_lag):
    _many(world, 30)
    login(client, world.employer_a)
    assert "32 medewerkers gevonden." in client.get("/medewerkers").get_data(as_text=True)
    client.post("/uitloggen")
    login(client, world.employer_b)
    assert "32 medewerkers gevonden." not in client.get("/medewerkers").get_data(as_text=True)


def test_an_api_list_total_lags_per_client_and_the_last_page_counts_afresh(client, world, counts_lag):
    from tests.api_helpers import api_session

    make_notice(world.employer_a, world.emp_a1)
    make_notice(world.employer_a, world.emp_a2)
    _, national = api_session(client, "national")

    def total(path, headers=national):
        response = client.get(path, headers=headers)
        assert response.status_code == 200, response.get_data(as_text=True)
        return response.get_json()["totaal"], len(response.get_json()["resultaten"])

    assert total("/api/v1/meldingen?paginagrootte=1") == (2, 1)
    third = make_employment(world.org_a, world.loc_a, world.ad1, name="Derde Melding", contract_type="temporary",
                            end=local_today() + timedelta(days=40))
    make_notice(world.employer_a, third)
    assert total("/api/v1/meldingen?paginagrootte=1") == (2, 1)  # a minute old at most
    assert total("/api/v1/meldingen?paginagrootte=1&pagina=3") == (3, 1)  # a row the kept total has no room for
    _, other_client = api_session(client, "national", name="Andere koppeling")
    assert total("/api/v1/meldingen?paginagrootte=1", other_client) == (3, 1)


def _counts_per_state(client) -> dict[str, str]:
    """The admin overview's table of refill requests per state, without the states at 0."""
    table = client.get("/beheer/").get_data(as_text=True).split("per status</h2>", 1)[1].split("</table>", 1)[0]
    return {label: count for label, count in re.findall(r"<tr><td>([^<]+)</td><td>(\d+)</td></tr>", table)
            if count != "0"}


def test_the_admin_refill_total_and_counts_per_state_lag_a_minute(client, world, counts_lag):
    make_notice(world.employer_a, world.emp_a1)
    login(client, world.admin)
    assert _counts_per_state(client) == {"Wacht op een adviseur": "1"}
    make_notice(world.employer_b, world.emp_b1)
    assert _counts_per_state(client) == {"Wacht op een adviseur": "1"}  # kept for a minute
    stale_counts.clear()
    kept_figures.clear()  # what a minute does
    assert _counts_per_state(client) == {"Wacht op een adviseur": "2"}
    listing = client.get("/beheer/herbezetting").get_data(as_text=True)
    assert listing.count('href="/herbezetting/') == 2  # the rows are always fresh


def test_the_list_of_employers_to_choose_from_may_be_a_minute_old(client, world, counts_lag):
    notice = make_notice(world.employer_a, world.emp_a1)
    login(client, world.ad1)
    page = client.get(f"/meldingen/{notice.id}/afsluiten").get_data(as_text=True)
    assert f'<option value="{world.org_b.id}">{world.org_b.name}</option>' in page
    newcomer = make_organisation("Kwekerij Nieuw")  # active
    db.session.commit()
    assert newcomer.name not in client.get(f"/meldingen/{notice.id}/afsluiten").get_data(as_text=True)
    kept_figures.clear()  # what a minute does
    assert newcomer.name in client.get(f"/meldingen/{notice.id}/afsluiten").get_data(as_text=True)
