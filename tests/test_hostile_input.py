"""No 500 from input (issue 17, TRAPS 14), checked against the route table itself.

Every route with parameters gets huge, negative and zero ids (and over-long strings); every GET
form field and query parameter of every page gets extreme dates, huge and odd numbers and
over-long text; as each role and as a visitor. Any answer of 500 or more fails.
"""
from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
from sqlalchemy import select

from portal.bounds import BoundedIntegerConverter
from portal.extensions import db
from portal.models import AuditEvent
from tests.conftest import login
from tests.factories import make_notice

IDS = ["0", "-1", "2147483647", "2147483648", "9223372036854775808", "9999999999999999999999999", "9" * 5000]
TEXTS = ["x" * 5000, "%00", "..%2F..%2Fetc"]
QUERY_VALUES = ["0001-01-01", "9999-12-31", "1899-12-31", "2101-01-01", "0", "-1", "2147483648",
                "9" * 30, "9" * 5000, "x" * 5000, "\u00b2", "\u0663", "1e309", "%00"]
# Query parameters the pages read without a form (pagination, list filters, the invitation's organisation).
COMMON_QUERY_NAMES = {"pagina", "zoek", "sorteer", "toon", "status", "eindigt", "organisatie", "next"}
KNOWN_ARGS = {"table": "kerncijfers"}
DOWNLOAD_FILTERS = {"insights.export": "insights.index", "admin.audit_log_csv": "admin.audit_log"}
PLACEHOLDER = re.compile(r"<(?:(?P<converter>[a-z]+)(?:\([^)]*\))?:)?(?P<name>\w+)>")


class GetForms(HTMLParser):
    """The names of the fields of every <form method=get> on a page."""

    def __init__(self):
        super().__init__()
        self.names: set[str] = set()
        self._in_get_form = False

    def handle_starttag(self, tag, attrs):
        values = dict(attrs)
        if tag == "form":
            self._in_get_form = (values.get("method") or "get").lower() == "get"
        elif self._in_get_form and tag in ("input", "select", "textarea") and values.get("name"):
            self.names.add(values["name"])

    def handle_endtag(self, tag):
        if tag == "form":
            self._in_get_form = False


@pytest.fixture
def visitors(app, world):
    make_notice(world.employer_a, world.emp_a1)  # so the pages have something to list
    clients = {"visitor": app.test_client()}
    for name, user in (("employer", world.employer_a), ("ad", world.ad1), ("wsp", world.wsp_amsterdam),
                       ("admin", world.admin)):
        clients[name] = app.test_client()
        login(clients[name], user)
    return clients


def _urls_with(rule, value_for) -> str:
    return PLACEHOLDER.sub(lambda m: value_for(m.group("converter")), rule.rule)


def test_no_route_answers_500_to_huge_negative_or_zero_ids(app, visitors):
    failures, tried = [], 0
    for rule in app.url_map.iter_rules():
        if not rule.arguments or rule.endpoint == "static":
            continue
        int_args = [name for name, conv in rule._converters.items() if isinstance(conv, BoundedIntegerConverter)]
        values = IDS if int_args else TEXTS
        for value in values:
            url = _urls_with(rule, lambda converter, value=value, ids=bool(int_args): value if converter == "int" or not ids else "1")
            for method in sorted(rule.methods & {"GET", "POST"}):
                for name, client in visitors.items():
                    response = client.open(url, method=method)
                    response.close()
                    tried += 1
                    # Beyond the columns' range nothing exists: not found, whatever the role.
                    beyond = bool(int_args) and value not in ("0", "-1", "2147483647") and name != "visitor"
                    if response.status_code >= 500 or (beyond and response.status_code not in (403, 404, 405)):
                        failures.append((name, method, url[:80], response.status_code))
    assert tried > 500
    assert failures == []


def _get_pages(app):
    """GET routes without parameters, and downloads whose parameters have a known good value."""
    for rule in app.url_map.iter_rules():
        if "GET" in rule.methods and rule.endpoint != "static" and rule.arguments <= set(KNOWN_ARGS):
            yield rule.endpoint, PLACEHOLDER.sub(lambda m: KNOWN_ARGS[m.group("name")], rule.rule)


def test_no_get_form_field_or_query_parameter_answers_500(app, visitors):
    failures, fields_tried, seen = [], set(), []
    for name, client in visitors.items():
        for endpoint, url in _get_pages(app):
            page = client.get(url)
            page.close()
            if page.status_code != 200:
                continue
            parser = GetForms()
            if page.mimetype == "text/html":
                parser.feed(page.get_data(as_text=True))
            fields_tried |= {(endpoint, field) for field in parser.names}
            names = parser.names if page.mimetype == "text/html" else None
            # A page's input handling is the same for every role that sees the same form: walk it once.
            if (endpoint, frozenset(names or ())) not in {(e, frozenset(n or ())) for _, e, _, n in seen}:
                seen.append((name, endpoint, url, names))
    for name, endpoint, url, names in seen:
        client = visitors[name]
        if names is None:  # a download reads the filters of the page that links to it
            names = {field for page, field in fields_tried if page == DOWNLOAD_FILTERS.get(endpoint)}
        # Each form field alone (a form stops at its first bad field), the other parameters together.
        queries = [{field: value} for field in names for value in QUERY_VALUES]
        queries += [dict.fromkeys(COMMON_QUERY_NAMES - names, value) for value in QUERY_VALUES]
        for query in queries:
            response = client.get(url, query_string=query)
            response.close()  # CSV downloads stream
            if response.status_code >= 500:
                failures.append((name, url, sorted(query), next(iter(query.values()))[:20], response.status_code))
    # The walk found the filters it is meant to try, and the downloads that use them.
    assert {("insights.index", "date_from-dag"), ("admin.audit_log", "employee"), ("admin.audit_log", "date_until-jaar")} <= fields_tried
    assert {"insights.export", "admin.audit_log_csv"} <= {endpoint for _, endpoint, _, _ in seen}
    assert failures == []


def test_a_huge_id_is_a_404_in_the_access_log(client, world):
    login(client, world.employer_a)
    before = db_max_audit_id()
    assert client.get("/meldingen/9999999999999999999999999").status_code == 404
    assert client.get("/medewerkers/2147483648").status_code == 404
    events = _events_after(before)
    assert [(e.action, e.object_type, e.object_id, e.result) for e in events] == [
        ("view_notice", "notice", 0, "denied"), ("view_employee", "employee", 0, "denied")]
    assert events[0].actor_id == world.employer_a.id


@pytest.mark.parametrize("value", ["0001-01-01", "1899-12-31", "2101-01-01", "9999-12-31"])
def test_dates_outside_1900_2100_get_a_clear_dutch_error(client, world, value):
    login(client, world.admin)
    for url in (f"/inzicht?date_from={value}", f"/beheer/toegangslog?date_until={value}"):
        response = client.get(url)
        assert response.status_code == 200
        assert "Vul een datum in tussen het jaar 1900 en 2100." in response.get_data(as_text=True)


def test_a_date_at_the_edges_is_accepted(client, world):
    login(client, world.admin)
    page = client.get("/beheer/toegangslog?date_from=1900-01-01&date_until=2100-12-31").get_data(as_text=True)
    assert "Vul een datum in tussen" not in page


def test_a_huge_employee_number_in_the_audit_filter_is_a_dutch_error(client, world):
    login(client, world.admin)
    page = client.get("/beheer/toegangslog?employee=99999999999999999999").get_data(as_text=True)
    assert "Vul een nummer in, alleen cijfers." in page


def db_max_audit_id() -> int:
    return db.session.scalar(select(AuditEvent.id).order_by(AuditEvent.id.desc()).limit(1)) or 0


def _events_after(event_id: int):
    db.session.expire_all()
    return db.session.scalars(select(AuditEvent).where(AuditEvent.id > event_id).order_by(AuditEvent.id)).all()
