"""The pool's figures come from the events and export as CSV."""
from datetime import timedelta
from decimal import Decimal

from portal.formatting import local_today
from portal.pool import hire_service
from portal.unit_of_work import unit_of_work
from tests.conftest import login
from tests.pool_helpers import introduced


def test_pool_figures_count_the_hire_and_job_to_job(client, world):
    proposal, _ = introduced(world)
    with unit_of_work():
        hire_service.hire(world.wsp_amsterdam, proposal, local_today() + timedelta(days=65), Decimal("24"), "temporary")
    login(client, world.ad1)
    page = client.get("/inzicht").get_data(as_text=True)
    assert "Aangenomen via de pool" in page
    csv = client.get("/inzicht/kandidatenpool.csv").get_data(as_text=True)
    rows = {line.split(";")[0]: line.split(";")[1:] for line in csv.splitlines()[1:]}
    assert rows["Aangenomen via de pool"][0] == "1"
    assert rows["Kandidaten in de pool gezet"][0] == "1"
    assert rows["Voorstellen"][0] == "1"
    assert rows["Direct van werk naar werk (binnen een maand)"][0] == "100,0"
    assert rows["Aandeel voorstellen waarop de werkgever wil kennismaken"][0] == "100,0"
    assert rows["Tijd van einde werk tot nieuwe baan (mediaan)"][0] == "5,0"
