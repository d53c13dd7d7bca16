"""Writes through the API take the screens' paths: the workflow services, the admin's
reassignment (its e-mails), the CSV import's checks. Bad input is a problem+json and changes nothing."""
from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from portal.extensions import db
from portal.formatting import local_today
from portal.models import ContractEndNotice, Employee, OutboxEmail, RefillRequest, WorkflowEvent
from tests.api_helpers import api_session, assert_problem
from tests.conftest import login
from tests.factories import make_notice
from tests.test_mutants_get_routes import fingerprint


def status_of(model, object_id: int) -> str:
    db.session.expire_all()
    return db.session.get(model, object_id).status


def test_uwv_acknowledges_for_the_ad_and_the_employer_sees_it_read(client, world):
    notice = make_notice(world.employer_a, world.emp_a1)
    _, headers = api_session(client, "national")
    response = client.post(f"/api/v1/meldingen/{notice.id}/gelezen", json={"arbeidsdeskundige": world.ad1.email},
                           headers=headers)
    assert response.status_code == 200, response.get_data(as_text=True)
    assert response.get_json()["status"] == "acknowledged"
    event = db.session.scalars(select(WorkflowEvent).where(WorkflowEvent.action == "acknowledge")).one()
    assert event.actor_id == world.ad1.id  # the person, as when the AD clicks
    employer = client.application.test_client()
    login(employer, world.employer_a)
    assert f"Gelezen door {world.ad1.name}" in employer.get(f"/meldingen/{notice.id}").get_data(as_text=True)
    # A second time: the workflow refuses the step, as on the screen.
    assert_problem(client.post(f"/api/v1/meldingen/{notice.id}/gelezen",
                               json={"arbeidsdeskundige": world.ad1.email}, headers=headers), 409)


def test_only_the_ad_of_the_employee_can_be_named(client, world):
    notice = make_notice(world.employer_a, world.emp_a1)
    _, headers = api_session(client, "national")
    assert_problem(client.post(f"/api/v1/meldingen/{notice.id}/gelezen", json={"arbeidsdeskundige": world.ad3.email},
                               headers=headers), 403)
    body = assert_problem(client.post(f"/api/v1/meldingen/{notice.id}/gelezen",
                                      json={"arbeidsdeskundige": world.wsp_amsterdam.email}, headers=headers), 422)
    assert body["invalidParams"][0]["name"] == "arbeidsdeskundige"
    assert status_of(ContractEndNotice, notice.id) == "submitted"


def test_plan_and_close_through_the_workflow(client, world):
    notice = make_notice(world.employer_a, world.emp_a1, expected_end_date=local_today() - timedelta(days=1))
    _, headers = api_session(client, "national")
    ad = {"arbeidsdeskundige": world.ad1.email}
    client.post(f"/api/v1/meldingen/{notice.id}/gelezen", json=ad, headers=headers)
    missing_date = client.post(f"/api/v1/meldingen/{notice.id}/plan", json={**ad, "dienst": "naar_werk"}, headers=headers)
    assert assert_problem(missing_date, 422)["invalidParams"][0]["name"] == "startdatum"
    planned = client.post(f"/api/v1/meldingen/{notice.id}/plan",
                          json={**ad, "dienst": "naar_werk", "startdatum": local_today().isoformat()}, headers=headers)
    assert planned.status_code == 200 and planned.get_json()["plan"]["dienst"] == "naar_werk"
    closed = client.post(f"/api/v1/meldingen/{notice.id}/afronden",
                         json={**ad, "uitkomst": "back_on_benefit", "toelichting": "Geen werk gevonden"}, headers=headers)
    assert closed.status_code == 200, closed.get_data(as_text=True)
    assert closed.get_json()["uitkomst"] == "back_on_benefit"
    assert [s["actie"] for s in closed.get_json()["tijdlijn"]] == ["submit", "acknowledge", "record_plan", "close"]


def test_a_wsp_system_claims_proposes_and_closes_for_its_advisers(client, world):
    refill = make_notice(world.employer_a, world.emp_a1).refill_request
    _, headers = api_session(client, "regions", regions=["AM18"])
    path = f"/api/v1/herbezettingsverzoeken/{refill.id}"
    adviser = {"adviseur": world.wsp_amsterdam.email}
    # An adviser of another region cannot be named by this region's system.
    assert_problem(client.post(f"{path}/oppakken", json={"adviseur": world.wsp_rijnmond.email}, headers=headers), 422)
    assert client.post(f"{path}/oppakken", json=adviser, headers=headers).get_json()["status"] == "claimed"
    # The colleague cannot take over what the first adviser holds.
    assert_problem(client.post(f"{path}/kandidaten", json={"adviseur": world.wsp_amsterdam2.email,
                                                          "toelichting": "Twee kandidaten"}, headers=headers), 403)
    assert client.post(f"{path}/kandidaten", json={**adviser, "toelichting": "Twee kandidaten"},
                       headers=headers).get_json()["status"] == "candidates_proposed"
    assert_problem(client.post(f"{path}/afsluiten", json={**adviser, "vervuld": False}, headers=headers), 422)
    closed = client.post(f"{path}/afsluiten", json={**adviser, "vervuld": False, "reden": "Geen geschikte kandidaat"},
                         headers=headers)
    assert closed.get_json()["status"] == "not_filled"
    assert status_of(RefillRequest, refill.id) == "not_filled"


def test_putting_an_assignment_mails_as_the_admins_reassignment_does(client, world):
    _, headers = api_session(client, "national")
    before = db.session.scalar(select(func.count()).select_from(OutboxEmail))
    response = client.put("/api/v1/toewijzingen", headers=headers, json={
        "werkgeverKvk": world.org_a.kvk_number, "personeelsnummer": world.emp_a1.employee.personnel_number,
        "arbeidsdeskundige": world.ad3.email, "achtervang": world.ad1.email, "reden": "workload"})
    assert response.status_code == 200, response.get_data(as_text=True)
    body = response.get_json()
    assert body["arbeidsdeskundige"]["email"] == world.ad3.email and body["achtervang"]["email"] == world.ad1.email
    mails = db.session.scalars(select(OutboxEmail).order_by(OutboxEmail.id).offset(before)).all()
    assert {mail.kind for mail in mails} == {"caseworker_changed", "caseworker_changed_uwv"}
    recipients = {address for mail in mails for address in mail.recipient_list}
    assert {world.employer_a.email, world.ad3.email} <= recipients


def line(number: str, **changes) -> dict:
    today = local_today()
    values = {"personeelsnummer": number, "naam": "Werknemer Api", "functie": "Medewerker groen",
              "uren_per_week": "24", "contractsoort": "tijdelijk", "begindatum": (today - timedelta(days=30)).isoformat(),
              "einddatum": (today + timedelta(days=300)).isoformat(), "werkplek": "Kwekerij Noord",
              "postcode": "1031 KS", "gemeente": "Amsterdam"}
    values.update(changes)
    return values


def test_an_hr_system_creates_and_updates_employments(client, world):
    _, headers = api_session(client, "organisation", organisation=world.org_a)
    created = client.post("/api/v1/dienstverbanden", json={"dienstverbanden": [line("N100"), line("N101")]},
                          headers=headers)
    assert created.status_code == 200, created.get_data(as_text=True)
    assert created.get_json()["aangemaakt"] == 2
    updated = client.post("/api/v1/dienstverbanden", headers=headers,
                          json={"werkgeverKvk": world.org_a.kvk_number, "dienstverbanden": [line("N100", uren_per_week="32")]})
    assert updated.get_json()["bijgewerkt"] == 1
    listed = client.get("/api/v1/dienstverbanden?paginagrootte=100", headers=headers).get_json()["resultaten"]
    assert {(e["personeelsnummer"], e["urenPerWeek"]) for e in listed} >= {("N100", 32.0), ("N101", 24.0)}


BAD_BATCHES = {  # built in the test: the dates need the app's time zone
    "unknown field": (lambda: {"dienstverbanden": [line("N200", salaris="3000")]}, 400, "dienstverbanden.0.salaris"),
    "wrong type": (lambda: {"dienstverbanden": [line("N200", uren_per_week=24)]}, 400, "dienstverbanden.0.uren_per_week"),
    "one bad row": (lambda: {"dienstverbanden": [line("N200"), line("N201", contractsoort="soms")]}, 422,
                    "dienstverbanden.1"),
    "not a list": (lambda: {"dienstverbanden": "N200"}, 400, "dienstverbanden"),
}


@pytest.mark.parametrize("case", sorted(BAD_BATCHES))
def test_a_bad_batch_changes_nothing(client, world, case):
    make_body, status, field = BAD_BATCHES[case]
    body = make_body()
    _, headers = api_session(client, "organisation", organisation=world.org_a)
    before = fingerprint()
    problem = assert_problem(client.post("/api/v1/dienstverbanden", json=body, headers=headers), status)
    assert field in {param["name"] for param in problem["invalidParams"]}
    assert fingerprint() == before
    assert db.session.scalar(select(Employee).where(Employee.personnel_number == "N200")) is None


def test_another_organisation_is_forbidden_and_changes_nothing(client, world):
    _, headers = api_session(client, "organisation", organisation=world.org_a)
    before = fingerprint()
    assert_problem(client.post("/api/v1/dienstverbanden", headers=headers,
                               json={"werkgeverKvk": world.org_b.kvk_number, "dienstverbanden": [line("N300")]}), 403)
    # A national client names an employee it may see, but a wrong type is refused before anything.
    _, uwv = api_session(client, "national")
    assert_problem(client.put("/api/v1/toewijzingen", headers=uwv, json={
        "werkgeverKvk": world.org_a.kvk_number, "personeelsnummer": 17, "arbeidsdeskundige": world.ad3.email,
        "reden": "workload"}), 400)
    assert_problem(client.post("/api/v1/dienstverbanden", headers=headers, data="geen json",
                               content_type="application/json"), 400)
    assert_problem(client.post("/api/v1/dienstverbanden", headers=headers, data="a=b"), 415)
    before.pop("api_clients"), before.pop("api_client_secrets")
    after = fingerprint()
    after.pop("api_clients"), after.pop("api_client_secrets")
    assert after == before
