"""The route meta-tests for /api/v1, from the route table itself: every API route refuses a call
without a token, or without the permission, as problem+json and without changing anything; and
no GET changes the database."""
from __future__ import annotations

from portal.auth.permissions import API_CLIENT, PUBLIC
from tests.api_helpers import api_session, assert_problem
from tests.factories import make_notice
from tests.pool_helpers import published_profile
from tests.test_mutants_get_routes import fingerprint


def api_rules(app):
    return sorted((rule for rule in app.url_map.iter_rules() if rule.endpoint.startswith("api.")),
                  key=lambda rule: rule.rule)


def url(rule, notice, profile) -> str:
    values = {"notice_id": notice.id, "refill_id": notice.refill_request.id, "profile_id": profile.id}
    path = rule.rule
    for argument in rule.arguments:
        path = path.replace(f"<int:{argument}>", str(values[argument]))
    return path


def calls(app, notice, profile):
    for rule in api_rules(app):
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            yield rule, method, url(rule, notice, profile)


def objects(world):
    """A notice with its refill request (De Linde, Amsterdam), and a profile in the Amsterdam pool."""
    return make_notice(world.employer_a, world.emp_a2), published_profile(world)


def test_every_api_route_is_public_or_needs_a_client(app):
    rules = {rule.endpoint: getattr(app.view_functions[rule.endpoint], "access_rule", None) for rule in api_rules(app)}
    assert {endpoint for endpoint, rule in rules.items() if rule == (PUBLIC,)} == {"api.token", "api.openapi"}
    assert all(rule in ((PUBLIC,), (API_CLIENT,)) for rule in rules.values())


def test_without_a_token_or_permission_every_call_is_refused_and_changes_nothing(app, client, world):
    notice, profile = objects(world)
    _, no_permission = api_session(client, "national", permissions={"refill_requests": "read"})
    _, read_only = api_session(client, "national", permissions={"notices": "read", "refill_requests": "read",
                                                                 "assignments": "read", "employments": "read"})
    before = fingerprint()
    for rule, method, path in calls(app, notice, profile):
        view = app.view_functions[rule.endpoint]
        if getattr(view, "access_rule", None) != (API_CLIENT,):
            continue
        assert_problem(client.open(path, method=method, json={}), 401)
        resource, level = view.api_permission
        if resource != "refill_requests":
            assert_problem(client.open(path, method=method, json={}, headers=no_permission), 403)
        if level == "write":
            assert_problem(client.open(path, method=method, json={}, headers=read_only), 403)
    assert fingerprint() == before


def test_no_api_get_changes_the_database(app, client, world):
    notice, profile = objects(world)
    _, national = api_session(client, "national")
    _, wsp = api_session(client, "regions", regions=["AM18"])
    before = fingerprint()
    for _rule, method, path in calls(app, notice, profile):
        if method != "GET":
            continue
        answers = [client.get(path, headers=headers).status_code for headers in (national, wsp)]
        assert 200 in answers, path  # the view itself ran, for one of the two
    assert fingerprint() == before
