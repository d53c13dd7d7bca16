"""The route meta-tests for /api/v1, from the route table itself: every API route refuses a call
without a token, or without the permission, as problem+json and without changing anything; and
no GET changes the database."""
from __future__ import annotations

from portal.auth.permissions import API_CLIENT, PUBLIC, SUBSCRIBER_PERMISSION
from portal.unit_of_work import unit_of_work
from portal.webhooks.subscription_service import create_subscription
from tests.api_helpers import api_session, assert_problem
from tests.factories import make_notice
from tests.pool_helpers import proposed
from tests.test_mutants_get_routes import fingerprint


def api_rules(app):
    return sorted((rule for rule in app.url_map.iter_rules() if rule.endpoint.startswith("api.")),
                  key=lambda rule: rule.rule)


def url(rule, values: dict) -> str:
    path = rule.rule
    for argument in rule.arguments:
        path = path.replace(f"<int:{argument}>", str(values[argument]))
    return path


def calls(app, values: dict):
    for rule in api_rules(app):
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            yield rule, method, url(rule, values)


def objects(world, subscriber=None) -> dict:
    """The ids for every route's arguments: a notice with its refill request (De Linde, Amsterdam),
    a profile in the Amsterdam pool proposed to a vacancy in Amstelveen, and a subscription of
    `subscriber` (else an id no one has)."""
    proposal, _employer = proposed(world)
    notice = make_notice(world.employer_a, world.emp_a2)
    subscription_id = 2_000_000
    if subscriber is not None:
        with unit_of_work():
            subscription_id = create_subscription(subscriber, "https://hooks.example.nl/uwv", ["notices"])[0].id
    return {"notice_id": notice.id, "refill_id": notice.refill_request.id, "profile_id": proposal.profile_id,
            "employee_id": notice.employment.employee_id, "proposal_id": proposal.id, "subscription_id": subscription_id}


def test_every_api_route_is_public_or_needs_a_client(app):
    rules = {rule.endpoint: getattr(app.view_functions[rule.endpoint], "access_rule", None) for rule in api_rules(app)}
    assert {endpoint for endpoint, rule in rules.items() if rule == (PUBLIC,)} == {"api.token", "api.openapi"}
    assert all(rule in ((PUBLIC,), (API_CLIENT,)) for rule in rules.values())


def test_without_a_token_or_permission_every_call_is_refused_and_changes_nothing(app, client, world):
    values = objects(world)
    _, no_permission = api_session(client, "national", permissions={"refill_requests": "read"})
    _, read_only = api_session(client, "national", permissions={"notices": "read", "refill_requests": "read",
                                                                 "assignments": "read", "employments": "read"})
    before = fingerprint()
    for rule, method, path in calls(app, values):
        view = app.view_functions[rule.endpoint]
        if getattr(view, "access_rule", None) != (API_CLIENT,):
            continue
        assert_problem(client.open(path, method=method, json={}), 401)
        resource, level = view.api_permission
        # Subscribing needs any readable channel: refill requests are one.
        if (resource, level) != SUBSCRIBER_PERMISSION and resource != "refill_requests":
            assert_problem(client.open(path, method=method, json={}, headers=no_permission), 403)
        if level == "write":
            assert_problem(client.open(path, method=method, json={}, headers=read_only), 403)
    assert fingerprint() == before


def test_no_api_get_changes_the_database(app, client, world):
    national_client, national = api_session(client, "national")
    _, wsp = api_session(client, "regions", regions=["AM18"])
    values = objects(world, subscriber=national_client)
    before = fingerprint()
    for _rule, method, path in calls(app, values):
        if method != "GET":
            continue
        answers = [client.get(path, headers=headers).status_code for headers in (national, wsp)]
        assert 200 in answers, path  # the view itself ran, for one of the two
    assert fingerprint() == before
