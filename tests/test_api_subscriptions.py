"""A client manages its own webhook subscriptions through the API (issue 20.4), and reads what a
notification links to: an employee's AD assignment, a proposal of its regions."""
from __future__ import annotations

from sqlalchemy import select

from portal.extensions import db
from portal.models import AuditEvent, WebhookDelivery, WebhookSubscription
from tests.api_helpers import api_session, assert_problem
from tests.factories import make_notice
from tests.pool_helpers import proposed

HOOK = "https://hooks.example.nl/meldingen"


def subscribe(http, headers, **body):
    return http.post("/api/v1/abonnementen", json={"callbackUrl": HOOK, "kanalen": ["notices"], **body},
                     headers=headers)


def test_a_client_subscribes_lists_reads_and_deletes_its_subscription(client, world):
    uwv, headers = api_session(client, "national")
    created = subscribe(client, headers, regios=["am18"])
    assert created.status_code == 201, created.get_data(as_text=True)
    body = created.get_json()
    assert body["geheim"].startswith("whsec_") and body["kanalen"] == ["notices"] and body["regios"] == ["AM18"]
    assert created.headers["Location"] == body["_links"]["self"]["href"]
    stored = db.session.get(WebhookSubscription, body["id"])
    assert (stored.client_id, stored.secret) == (uwv.id, body["geheim"])

    listed = client.get("/api/v1/abonnementen", headers=headers).get_json()
    assert [s["id"] for s in listed["resultaten"]] == [body["id"]]
    assert "geheim" not in listed["resultaten"][0]  # the secret is shown once
    one = client.get(f"/api/v1/abonnementen/{body['id']}", headers=headers)
    assert one.status_code == 200 and "geheim" not in one.get_json()

    make_notice(world.employer_a, world.emp_a1)  # Amsterdam: a delivery waits
    assert client.delete(f"/api/v1/abonnementen/{body['id']}", headers=headers).status_code == 204
    assert_problem(client.get(f"/api/v1/abonnementen/{body['id']}", headers=headers), 404)
    assert_problem(client.delete(f"/api/v1/abonnementen/{body['id']}", headers=headers), 404)
    assert client.get("/api/v1/abonnementen", headers=headers).get_json()["totaal"] == 0
    db.session.expire_all()
    assert [d.status for d in db.session.scalars(select(WebhookDelivery))] == ["cancelled"]


def test_another_clients_subscription_is_not_found_and_stays(client, world):
    _, owner = api_session(client, "national", name="Eigenaar")
    _, other = api_session(client, "national", name="Ander")
    subscription_id = subscribe(client, owner).get_json()["id"]
    assert_problem(client.get(f"/api/v1/abonnementen/{subscription_id}", headers=other), 404)
    assert_problem(client.delete(f"/api/v1/abonnementen/{subscription_id}", headers=other), 404)
    assert client.get("/api/v1/abonnementen", headers=other).get_json()["totaal"] == 0
    assert db.session.get(WebhookSubscription, subscription_id).deleted_at is None


def test_only_channels_and_filters_within_the_clients_permissions_and_scope(client, world):
    _, hr = api_session(client, "organisation", organisation=world.org_a)
    refused = assert_problem(subscribe(client, hr, kanalen=["assignments"]), 422)
    assert refused["invalidParams"][0]["name"] == "kanalen"
    foreign = assert_problem(subscribe(client, hr, werkgeverKvk=world.org_b.kvk_number), 422)
    assert {p["name"] for p in foreign["invalidParams"]} == {"werkgeverKvk"}
    assert subscribe(client, hr, werkgeverKvk=world.org_a.kvk_number).status_code == 201

    _, wsp = api_session(client, "regions", regions=["AM18"])
    outside = assert_problem(subscribe(client, wsp, kanalen=["refill_requests"], regios=["AM22"]), 422)
    assert outside["invalidParams"] == [{"name": "regios", "reason": "U kunt alleen filteren op de regio's van uw koppeling."}]
    assert db.session.scalar(select(db.func.count()).select_from(WebhookSubscription)) == 1


def test_bad_input_is_refused_as_problem_json_and_changes_nothing(client, world):
    _, headers = api_session(client, "national")
    assert_problem(subscribe(client, headers, geheim="x"), 400)  # an unknown field
    assert_problem(subscribe(client, headers, kanalen=["alles"]), 400)
    assert_problem(subscribe(client, headers, kanalen=[]), 400)
    plain = assert_problem(subscribe(client, headers, callbackUrl="http://hooks.example.nl/x"), 422)
    assert plain["invalidParams"] == [{"name": "callbackUrl", "reason": "Het adres moet met https:// beginnen."}]
    assert_problem(subscribe(client, headers, regios=["XX99"]), 422)
    assert_problem(client.post("/api/v1/abonnementen", data="kanalen=notices", headers=headers), 415)
    assert db.session.scalars(select(WebhookSubscription)).all() == []


def test_a_client_without_a_readable_channel_may_not_subscribe(client, world):
    _, headers = api_session(client, "national", permissions={"employments": "read"})
    assert_problem(client.get("/api/v1/abonnementen", headers=headers), 403)
    assert_problem(subscribe(client, headers), 403)


def test_subscription_calls_are_in_the_access_log_with_the_client_as_actor(client, world):
    uwv, headers = api_session(client, "national")
    since = db.session.scalar(select(db.func.max(AuditEvent.id))) or 0
    subscribe(client, headers)
    client.get("/api/v1/abonnementen", headers=headers)
    rows = db.session.scalars(select(AuditEvent).where(AuditEvent.actor_client_id == uwv.id, AuditEvent.id > since)
                              .order_by(AuditEvent.id)).all()
    assert [(row.action, row.object_type, row.result) for row in rows] == [
        ("api_call", "create_subscription", "allowed"), ("api_call", "subscriptions", "allowed")]


# --- what notifications link to ----------------------------------------------------------

def test_one_employees_assignment_by_its_internal_id(client, world):
    uwv, headers = api_session(client, "national")
    since = db.session.scalar(select(db.func.max(AuditEvent.id))) or 0
    answer = client.get(f"/api/v1/toewijzingen/{world.emp_a1.employee_id}", headers=headers)
    assert answer.status_code == 200
    body = answer.get_json()
    assert (body["werkgeverKvk"], body["arbeidsdeskundige"]["email"]) == (world.org_a.kvk_number, world.ad1.email)
    assert_problem(client.get("/api/v1/toewijzingen/2000000", headers=headers), 404)
    looks = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "view_assignment", AuditEvent.id > since)
                               .order_by(AuditEvent.id)).all()
    assert [(row.actor_client_id, row.subject_employee_id, row.result) for row in looks] == [
        (uwv.id, world.emp_a1.employee_id, "allowed"), (uwv.id, None, "denied")]
    _, no_assignments = api_session(client, "national", permissions={"notices": "read"})
    assert_problem(client.get(f"/api/v1/toewijzingen/{world.emp_a1.employee_id}", headers=no_assignments), 403)


def test_a_proposal_is_read_by_the_wsp_of_its_region_only_and_without_a_name(client, world):
    proposal, _employer = proposed(world)  # a vacancy in Amstelveen (AM18)
    _, amsterdam = api_session(client, "regions", regions=["AM18"])
    _, rijnmond = api_session(client, "regions", regions=["AM22"])
    answer = client.get(f"/api/v1/voorstellen/{proposal.id}", headers=amsterdam)
    assert answer.status_code == 200
    body = answer.get_json()
    assert body["status"] == "proposed" and body["_links"]["kandidaat"]["href"].endswith(f"/kandidaten/{proposal.profile_id}")
    # State and links only: no name, no note, no outside candidate's description.
    assert set(body) == {"id", "status", "statusOmschrijving", "voorgesteldOp", "reactieUiterlijk",
                         "kandidaatVanBuiten", "startdatum", "_links"}
    assert_problem(client.get(f"/api/v1/voorstellen/{proposal.id}", headers=rijnmond), 404)
    _, national = api_session(client, "national")
    assert_problem(client.get(f"/api/v1/voorstellen/{proposal.id}", headers=national), 403)  # no pool for UWV
