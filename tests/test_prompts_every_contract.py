"""Every contract that ends by itself gets the 3-month prompt, and the AD hears 'wordt verlengd'."""
from datetime import date

import pytest
import time_machine

from portal.extensions import db
from portal.jobs.runner import run_due_jobs
from portal.models import ContractEndPrompt
from tests.conftest import login
from tests.factories import make_employment
from tests.test_clock import at, mails_to, prompts


@pytest.fixture
def clock():
    with time_machine.travel(at(date(2026, 12, 1)), tick=False) as traveller:
        yield traveller


@pytest.mark.parametrize("contract_type", ["temporary", "agency", "trial_placement"])
def test_every_ending_contract_gets_the_prompt(clock, world, contract_type):
    employment = make_employment(world.org_a, world.loc_a, world.ad1, name="Tess Willems",
                                 contract_type=contract_type, end=date(2027, 2, 15))
    run_due_jobs()
    assert [p.end_date for p in prompts() if p.employment_id == employment.id] == [date(2027, 2, 15)]
    [mail] = [m for m in mails_to(world.ad1.email, "prompt_ad") if "Tess Willems" in m.subject]
    assert mail.subject == "Contract stopt binnen 3 maanden: Tess Willems"


def test_no_prompt_for_a_permanent_contract_or_an_end_further_away(clock, world):
    permanent = make_employment(world.org_a, world.loc_a, world.ad1, contract_type="permanent", end=None)
    later = make_employment(world.org_a, world.loc_a, world.ad1, contract_type="trial_placement",
                            end=date(2027, 3, 15))  # more than 3 months ahead
    run_due_jobs()
    prompted = {p.employment_id for p in prompts()}
    assert permanent.id not in prompted and later.id not in prompted


def test_the_ad_and_backup_hear_when_the_employer_renews(client, clock, world):
    run_due_jobs()
    prompt = next(p for p in prompts() if p.employment_id == world.emp_a1.id)  # AD ad1, backup ad2
    login(client, world.employer_a)
    # A refused answer writes nothing and mails no one.
    client.post(f"/vragen/{prompt.id}/verlengd", data={"choice": "new_end_date", "new_end_date": "2026-01-01"})
    assert mails_to(world.ad1.email, "contract_renewed") == []
    response = client.post(f"/vragen/{prompt.id}/verlengd", data={"choice": "new_end_date",
                                                                 "new_end_date": "2027-12-31"})
    assert response.status_code == 302
    [mail] = mails_to(world.ad1.email, "contract_renewed")
    assert set(mail.recipient_list) == {world.ad1.email, world.ad2.email}
    assert mail.subject == "Contract van Daan de Jong wordt verlengd"
    assert "De nieuwe einddatum is vrijdag 31 december 2027." in mail.body_text
    assert "Marieke Jansen" in mail.body_text
    client.post("/uitloggen")

    login(client, world.ad1)
    page = client.get("/inbox").get_data(as_text=True)
    assert "Verlengd volgens de werkgever" in page
    assert "stopt niet op zaterdag 30 januari 2027: het loopt door tot vrijdag 31 december 2027." in page
    client.post("/uitloggen")
    login(client, world.ad3)  # not this employee's AD
    assert "Daan de Jong" not in client.get("/inbox").get_data(as_text=True)


def test_a_permanent_renewal_says_so_and_leaves_the_inbox_after_a_month(client, clock, world):
    run_due_jobs()
    prompt = next(p for p in prompts() if p.employment_id == world.emp_a1.id)
    login(client, world.employer_a)
    client.post(f"/vragen/{prompt.id}/verlengd", data={"choice": "permanent"})
    [mail] = mails_to(world.ad1.email, "contract_renewed")
    assert "Daan de Jong een vast contract krijgt" in mail.body_text
    db.session.expire_all()
    assert db.session.get(ContractEndPrompt, prompt.id).status == "renewed"
    client.post("/uitloggen")
    login(client, world.ad1)
    assert "het wordt een vast contract" in client.get("/inbox").get_data(as_text=True)
    client.post("/uitloggen")
    clock.move_to(at(date(2027, 1, 2)))
    login(client, world.ad1)
    assert "Verlengd volgens de werkgever" not in client.get("/inbox").get_data(as_text=True)
