"""Reading requests and writing pages: a JSON body checked against the same JSON Schema the
OpenAPI document publishes (so the document cannot drift from what is accepted), query
parameters, and pages with links (NL API Design Rules: HAL-style `_links`)."""
from __future__ import annotations

import re
from collections.abc import Callable
from contextlib import contextmanager
from datetime import date

from flask import current_app, request, url_for
from sqlalchemy import func, select

from portal.api.auth import current_client
from portal.api.problems import ApiProblem
from portal.auth.permissions import Forbidden
from portal.bounds import parse_id
from portal.pagination import Listing, paginate
from portal.unit_of_work import refusable_step
from portal.workflows import InputRejected, TransitionRefused, timeline

DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _type_error(schema: dict, value) -> str | None:  # noqa: C901  (one JSON type per branch)
    kind = schema.get("type")
    if isinstance(kind, list):  # ["string", "null"]: OpenAPI 3.1's way to allow null
        if value is None and "null" in kind:
            return None
        kind = next(k for k in kind if k != "null")
    if kind == "string":
        if not isinstance(value, str):
            return "Moet tekst zijn."
        if "\x00" in value:  # PostgreSQL cannot store it; no real text holds it
            return "Bevat een ongeldig teken."
        if len(value) > schema.get("maxLength", 10_000):
            return f"Hooguit {schema['maxLength']} tekens."
        if len(value) < schema.get("minLength", 0):
            return f"Minstens {schema['minLength']} tekens."
        if schema.get("format") == "date" and parse_date(value) is None:
            return "Moet een datum zijn als 2026-11-28."
    elif kind == "integer" and (not isinstance(value, int) or isinstance(value, bool)):
        return "Moet een geheel getal zijn."
    elif kind == "boolean" and not isinstance(value, bool):
        return "Moet true of false zijn."
    elif kind == "number" and (not isinstance(value, int | float) or isinstance(value, bool)):
        return "Moet een getal zijn."
    if "enum" in schema and value not in schema["enum"]:
        return "Kies uit: " + ", ".join(str(v) for v in schema["enum"]) + "."
    return None


def parse_date(value: str | None) -> date | None:
    if not isinstance(value, str) or not DATE.match(value):
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        return None


def _check_object(schema: dict, value, path: str) -> dict[str, str]:
    if not isinstance(value, dict):
        return {path.rstrip(".") or "body": "Moet een JSON-object zijn."}
    errors: dict[str, str] = {}
    properties = schema.get("properties", {})
    for name in value:
        if name not in properties:
            errors[f"{path}{name}"] = "Onbekend veld."
    for name in schema.get("required", ()):
        if name not in value:
            errors[f"{path}{name}"] = "Verplicht veld."
    for name, sub in properties.items():
        if name in value:
            errors.update(check(sub, value[name], f"{path}{name}."))
    return errors


def _check_array(schema: dict, value, path: str) -> dict[str, str]:
    where = path.rstrip(".") or "body"
    if not isinstance(value, list):
        return {where: "Moet een lijst zijn."}
    if not schema.get("minItems", 0) <= len(value) <= schema.get("maxItems", 10_000):
        return {where: f"Tussen {schema.get('minItems', 0)} en {schema.get('maxItems')} items."}
    errors: dict[str, str] = {}
    for index, item in enumerate(value):
        errors.update(check(schema["items"], item, f"{path}{index}."))
    return errors


def check(schema: dict, value, path: str = "") -> dict[str, str]:
    """Errors per field path for the subset of JSON Schema the API uses (objects, arrays, scalars)."""
    if schema.get("type") == "object":
        return {name.rstrip("."): reason for name, reason in _check_object(schema, value, path).items()}
    if schema.get("type") == "array":
        return _check_array(schema, value, path)
    error = _type_error(schema, value)
    return {path.rstrip(".") or "body": error} if error else {}


def json_body(schema: dict) -> dict:
    if not request.is_json:
        raise ApiProblem(415, "Stuur JSON (Content-Type: application/json).")
    body = request.get_json(silent=True)
    if body is None:
        raise ApiProblem(400, "De inhoud is geen geldige JSON.")
    errors = check(schema, body)
    if errors:
        raise ApiProblem(400, "Het verzoek klopt niet met het schema.", errors)
    return body


def query_int(name: str, default: int, low: int, high: int) -> int:
    raw = request.args.get(name)
    if raw is None:
        return default
    value = parse_id(raw)
    if value is None or not low <= value <= high:
        raise ApiProblem(400, f"{name} moet een getal van {low} tot en met {high} zijn.", {name: "Ongeldige waarde."})
    return value


def status_filter(query, column, states: tuple[str, ...]):
    """`?status=` on a list: one of the workflow's states, or a 400 naming them."""
    status = request.args.get("status")
    if status is None:
        return query, None
    if status not in states:
        raise ApiProblem(400, "Onbekende status.", {"status": "Kies uit: " + ", ".join(states) + "."})
    return query.where(column == status), status


def page_of(query, endpoint: str, to_json: Callable, **filters) -> dict:
    """One page of `query` (rows as tuples, first element the object) with its links."""
    size = query_int("paginagrootte", current_app.config["PAGE_SIZE"], 1, current_app.config["API_MAX_PAGE_SIZE"])
    number = query_int("pagina", 1, 1, 100_000)
    kept = {k: v for k, v in filters.items() if v is not None}
    # The total may be a minute old (portal/stale_counts.py): counting UWV's ninety thousand notices
    # took more than the rest of the call. Per client (its scope) and filter; the rows are always fresh.
    counted = Listing(query, select(func.count()).select_from(query.order_by(None).subquery()),
                      count_key=("api", endpoint, current_client().id, tuple(sorted(kept.items()))))
    page = paginate(counted, number, size)

    def link(to: int) -> dict:
        return {"href": url_for(endpoint, pagina=to, paginagrootte=size, **kept, _external=True)}

    links = {"self": link(page.page), "first": link(1), "last": link(page.pages)}
    if page.has_prev:
        links["prev"] = link(page.page - 1)
    if page.has_next:
        links["next"] = link(page.page + 1)
    return {"_links": links, "totaal": page.total, "pagina": page.page, "paginas": page.pages,
            "resultaten": [to_json(row[0]) for row in page.items]}


@contextmanager
def workflow_step(field_names: dict[str, str] | None = None):
    """A service call: its writes all or nothing (savepoint), its refusals as problem+json.

    field_names: the service's (form) field names as the API calls them."""
    try:
        with refusable_step():
            yield
    except InputRejected as rejected:
        names = field_names or {}
        errors = {names.get(name, name): message for name, message in rejected.errors.items()}
        raise ApiProblem(422, "De gegevens zijn afgekeurd.", errors) from None
    except TransitionRefused as refused:
        raise ApiProblem(409, refused.message) from None
    except Forbidden:
        raise ApiProblem(403, "De gekozen persoon mag deze stap niet zetten.") from None


def timeline_json(workflow, obj) -> list[dict]:
    """The object's steps, without who took them: names of staff are not needed to follow a case."""
    return [{"actie": event.action, "omschrijving": str(workflow.label(event.action)), "van": event.from_state,
             "naar": event.to_state, "tijdstip": iso(event.created_at)} for event in timeline(workflow, obj)]


def iso(value) -> str | None:
    return value.isoformat() if value is not None else None
