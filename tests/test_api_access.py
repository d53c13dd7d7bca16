"""The access matrix of API clients: each scope sees what the screens of its people show, and no
more; another organisation's or region's object is not found; refusals are problem+json."""
from __future__ import annotations

import pytest
from sqlalchemy import select, update

from portal.extensions import db
from portal.models import ApiClient, AuditEvent
from tests.api_helpers import api_session, assert_problem
from tests.factories import make_notice


@pytest.fixture
def cases(world):
    """A notice with consent at De Linde (Amsterdam, AM18), one without consent at Horizon (Rijnmond)."""
    a = make_notice(world.employer_a, world.emp_a1, consent=True)
    b = make_notice(world.employer_b, world.emp_b1, consent=False)
    return a, b


def ids(response) -> set[int]:
    assert response.status_code == 200, response.get_data(as_text=True)
    return {item["id"] for item in response.get_json()["resultaten"]}


def test_an_employers_system_sees_its_own_organisation_only(client, world, cases):
    a, b = cases
    _, headers = api_session(client, "organisation", organisation=world.org_a)
    assert ids(client.get("/api/v1/meldingen", headers=headers)) == {a.id}
    assert ids(client.get("/api/v1/herbezettingsverzoeken", headers=headers)) == {a.refill_request.id}
    assert ids(client.get("/api/v1/dienstverbanden", headers=headers)) == {world.emp_a1.id, world.emp_a2.id}
    assert_problem(client.get(f"/api/v1/meldingen/{b.id}", headers=headers), 404)
    assert_problem(client.get(f"/api/v1/herbezettingsverzoeken/{b.refill_request.id}", headers=headers), 404)
    # Reading only: the steps are UWV's and the WSP's, the AD assignments UWV's.
    assert_problem(client.get("/api/v1/toewijzingen", headers=headers), 403)
    assert_problem(client.post(f"/api/v1/meldingen/{a.id}/gelezen", json={"arbeidsdeskundige": world.ad1.email},
                               headers=headers), 403)
    # Its own notes, as the employer sees them on its screens.
    assert client.get(f"/api/v1/meldingen/{a.id}", headers=headers).get_json()["overdrachtsnotities"]


def test_a_wsp_system_sees_the_jobs_of_its_regions_and_never_the_person(client, world, cases):
    a, b = cases
    _, headers = api_session(client, "regions", regions=["AM18"])
    assert ids(client.get("/api/v1/herbezettingsverzoeken", headers=headers)) == {a.refill_request.id}
    assert_problem(client.get(f"/api/v1/herbezettingsverzoeken/{b.refill_request.id}", headers=headers), 404)
    for path in ("/api/v1/meldingen", f"/api/v1/meldingen/{a.id}", "/api/v1/dienstverbanden", "/api/v1/toewijzingen"):
        assert_problem(client.get(path, headers=headers), 403)
    body = client.get(f"/api/v1/herbezettingsverzoeken/{a.refill_request.id}", headers=headers).get_json()
    assert "Daan" not in str(body) and "personeelsnummer" not in body


def test_uwv_sees_every_notice_and_the_notes_only_with_consent(client, world, cases):
    a, b = cases
    _, headers = api_session(client, "national")
    assert ids(client.get("/api/v1/meldingen", headers=headers)) == {a.id, b.id}
    assert ids(client.get("/api/v1/meldingen?status=submitted", headers=headers)) == {a.id, b.id}
    assert ids(client.get("/api/v1/meldingen?status=closed", headers=headers)) == set()
    with_consent = client.get(f"/api/v1/meldingen/{a.id}", headers=headers).get_json()
    without = client.get(f"/api/v1/meldingen/{b.id}", headers=headers).get_json()
    assert with_consent["overdrachtsnotities"]["notes_strengths"] == "Zeer nauwkeurig"
    assert without["overdrachtsnotities"] is None and "Zeer nauwkeurig" not in str(without)
    assert [step["actie"] for step in with_consent["tijdlijn"]] == ["submit"]
    assert with_consent["reactieUiterlijk"]
    assert len(ids(client.get("/api/v1/dienstverbanden", headers=headers))) == 4
    # Refill requests: read-only for UWV, as on the AD's screens.
    assert_problem(client.post(f"/api/v1/herbezettingsverzoeken/{a.refill_request.id}/oppakken",
                               json={"adviseur": world.wsp_amsterdam.email}, headers=headers), 403)


def test_a_permission_the_scope_does_not_allow_gives_nothing(client, world, cases):
    """Even when granted in the database: the scope's rule decides (auth/api_client_rules.py)."""
    api_client, headers = api_session(client, "regions", regions=["AM18"])
    db.session.execute(update(ApiClient).where(ApiClient.id == api_client.id)
                       .values(permissions={"notices": "write", "refill_requests": "write"}))
    db.session.commit()
    assert_problem(client.get("/api/v1/meldingen", headers=headers), 403)


def test_a_client_without_a_permission_for_the_resource_is_refused(client, world, cases):
    _, headers = api_session(client, "national", permissions={"assignments": "read"})
    assert client.get("/api/v1/toewijzingen", headers=headers).status_code == 200
    assert_problem(client.get("/api/v1/meldingen", headers=headers), 403)
    assert_problem(client.put("/api/v1/toewijzingen", json={}, headers=headers), 403)


def test_reading_a_notice_is_logged_as_a_look_by_the_client(client, world, cases):
    a, b = cases
    api_client, headers = api_session(client, "organisation", organisation=world.org_a)
    first = db.session.scalar(select(AuditEvent.id).order_by(AuditEvent.id.desc())) or 0  # the log outlives tests
    client.get(f"/api/v1/meldingen/{a.id}", headers=headers)
    client.get(f"/api/v1/meldingen/{b.id}", headers=headers)
    rows = db.session.scalars(select(AuditEvent).where(AuditEvent.actor_client_id == api_client.id,
                                                       AuditEvent.id > first).order_by(AuditEvent.id)).all()
    assert [(r.action, r.object_id, r.result) for r in rows] == [
        ("view_notice", a.id, "allowed"), ("view_handover_notes", a.id, "allowed"), ("view_notice", b.id, "denied")]
    assert rows[0].subject_employee_id == world.emp_a1.employee_id


def test_pages_have_links_and_bad_paging_is_a_problem(client, world, cases):
    _, headers = api_session(client, "national")
    body = client.get("/api/v1/meldingen?paginagrootte=1", headers=headers).get_json()
    assert body["totaal"] == 2 and body["paginas"] == 2 and len(body["resultaten"]) == 1
    assert "next" in body["_links"] and "prev" not in body["_links"]
    second = client.get(body["_links"]["next"]["href"], headers=headers).get_json()
    assert "prev" in second["_links"] and "next" not in second["_links"]
    assert_problem(client.get("/api/v1/meldingen?paginagrootte=1000", headers=headers), 400)
    assert_problem(client.get("/api/v1/meldingen?pagina=nul", headers=headers), 400)
    assert_problem(client.get("/api/v1/meldingen?status=onzin", headers=headers), 400)
    assert_problem(client.get("/api/v1/toewijzingen?werkgeverKvk=12", headers=headers), 400)


def test_a_wsp_system_reads_the_pool_of_its_regions_without_names(client, world):
    from tests.pool_helpers import published_profile

    profile = published_profile(world)  # De Linde's leaver, in the Amsterdam pool
    draft = published_profile(world, employment=world.emp_a2, ad=world.ad2, publish=False)
    _, amsterdam = api_session(client, "regions", regions=["AM18"])
    _, rijnmond = api_session(client, "regions", regions=["AM22"])
    assert ids(client.get("/api/v1/kandidaten", headers=amsterdam)) == {profile.id}
    body = client.get(f"/api/v1/kandidaten/{profile.id}", headers=amsterdam).get_json()
    assert body["code"] == profile.code and "Daan" not in str(body) and "De Linde" not in str(body)
    assert_problem(client.get(f"/api/v1/kandidaten/{draft.id}", headers=amsterdam), 404)
    assert ids(client.get("/api/v1/kandidaten", headers=rijnmond)) == set()
    assert_problem(client.get(f"/api/v1/kandidaten/{profile.id}", headers=rijnmond), 404)
    # UWV and employers have no pool in the API: the AD works on profiles on the screens.
    _, uwv = api_session(client, "national")
    assert_problem(client.get("/api/v1/kandidaten", headers=uwv), 403)


def test_the_employer_sees_that_a_uwv_system_read_its_notice(client, world, cases):
    from tests.conftest import login

    a, _ = cases
    _, headers = api_session(client, "national", name="Planning UWV")
    client.get(f"/api/v1/meldingen/{a.id}", headers=headers)
    employer = client.application.test_client()
    login(employer, world.employer_a)
    page = employer.get(f"/meldingen/{a.id}").get_data(as_text=True)
    assert "Planning UWV (Koppeling (API))" in page
