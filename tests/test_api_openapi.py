"""The OpenAPI document is true: it lists exactly the API's routes, and schemathesis calls every
operation with data generated from it: no server error, and every answer (status, content type,
body) is one the document promises."""
from __future__ import annotations

import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from portal.api.openapi import document
from portal.auth.permissions import API_CLIENT
from portal.unit_of_work import unit_of_work
from portal.webhooks.subscription_service import create_subscription
from tests.api_helpers import api_session, basic, make_api_client
from tests.factories import make_notice
from tests.pool_helpers import proposed

CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]
# Enough to reach each operation's answers (found, not found, refused, bad input) within a
# modest run time: about 20 seconds on SQLite for all operations together.
EXAMPLES = 25


def test_the_document_lists_exactly_the_api_routes(app):
    with app.test_request_context():
        documented = {(path, method.upper()) for path, item in document()["paths"].items() for method in item}
    routed = set()
    for rule in app.url_map.iter_rules():
        if rule.endpoint.startswith("api."):
            path = rule.rule.replace("<int:", "{").replace(">", "}")
            routed |= {(path, method) for method in rule.methods - {"HEAD", "OPTIONS"}}
    assert routed == documented
    # Each operation's documented permission is the one its route enforces.
    for rule in app.url_map.iter_rules():
        view = app.view_functions[rule.endpoint]
        if getattr(view, "access_rule", None) == (API_CLIENT,):
            path = rule.rule.replace("<int:", "{").replace(">", "}")
            for method in rule.methods - {"HEAD", "OPTIONS"}:
                resource, level = view.api_permission
                assert document()["paths"][path][method.lower()]["x-permission"] == f"{resource}:{level}"


def test_every_operation_keeps_to_the_document(app, client, world):
    make_notice(world.employer_b, world.emp_b1)
    proposed(world)  # De Linde's leaver, in the Amsterdam pool, proposed to an Amstelveen vacancy
    national_client, national = api_session(client, "national")
    with unit_of_work():  # one to find, read and delete
        create_subscription(national_client, "https://hooks.example.nl/uwv", ["notices"])
    wsp = api_session(client, "regions", regions=["AM18"])[1]
    hr = api_session(client, "organisation", organisation=world.org_a)[1]
    token_client, secret = make_api_client("national", name="Token")
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)

    def headers_for(operation) -> dict:
        if operation.path == "/api/v1/oauth/token":
            return basic(token_client.client_key, secret)
        if operation.path.startswith(("/api/v1/kandidaten", "/api/v1/voorstellen")) or (
                operation.path.startswith("/api/v1/herbezettingsverzoeken/") and operation.method.upper() == "POST"):
            return wsp
        if operation.path == "/api/v1/dienstverbanden" and operation.method.upper() == "POST":
            return hr
        return national

    operations = [result.ok() for result in schema.get_all_operations()]
    # Every operation but the document itself (schemathesis leaves out the schema's own URL).
    assert len(operations) == 23
    for operation in operations:
        exercise(operation, headers_for(operation))


def exercise(operation, headers: dict) -> None:
    @settings(max_examples=EXAMPLES, deadline=None, database=None, suppress_health_check=list(HealthCheck))
    @given(case=operation.as_strategy())
    def call(case):
        case.call_and_validate(headers=headers, checks=CHECKS)

    call()
