"""Errors as application/problem+json (RFC 9457), with Dutch titles (NL API Design Rules).

The titles are fixed Dutch texts, whatever language a client's headers ask for: a system reads
them, and the API's contract is Dutch. `invalidParams` names each field that was refused.
"""
from __future__ import annotations

from flask import jsonify, request
from werkzeug.exceptions import HTTPException

PROBLEM_JSON = "application/problem+json"

TITLES = {
    400: "Ongeldig verzoek",
    401: "Niet aangemeld",
    403: "Geen toegang",
    404: "Niet gevonden",
    405: "Methode niet toegestaan",
    406: "Formaat niet beschikbaar",
    409: "Dit kan nu niet",
    413: "Verzoek te groot",
    415: "Verkeerd formaat",
    422: "Gegevens afgekeurd",
    429: "Te veel verzoeken",
    500: "Er ging iets mis bij ons",
}
DETAILS = {
    401: "Stuur een geldig toegangstoken mee: Authorization: Bearer <token>.",
    403: "Deze koppeling mag dit niet.",
    404: "Dit bestaat niet, of deze koppeling mag het niet zien.",
    405: "Deze methode kan niet op dit adres.",
    413: "Stuur minder gegevens in één keer.",
    429: "Deze koppeling deed te veel verzoeken. Probeer het straks opnieuw.",
    500: "Probeer het later opnieuw.",
}


class ApiProblem(Exception):
    def __init__(self, status: int, detail: str = "", invalid: dict[str, str] | None = None,
                 headers: dict[str, str] | None = None, error: str | None = None):
        super().__init__(detail)
        self.status, self.detail, self.invalid, self.headers, self.error = status, detail, invalid or {}, headers or {}, error


def problem_response(status: int, detail: str = "", invalid: dict[str, str] | None = None,
                     headers: dict[str, str] | None = None, error: str | None = None):
    body: dict = {
        "type": "about:blank",
        "title": TITLES.get(status, TITLES[400 if status < 500 else 500]),
        "status": status,
        "detail": detail or DETAILS.get(status, ""),
        "instance": request.path,
    }
    if invalid:
        body["invalidParams"] = [{"name": name, "reason": str(reason)} for name, reason in invalid.items()]
    if error:  # OAuth 2 (RFC 6749 5.2) names its errors in the same body
        body["error"] = error
    response = jsonify(body)
    response.status_code = status
    response.mimetype = PROBLEM_JSON
    for name, value in (headers or {}).items():
        response.headers[name] = value
    return response


def from_problem(problem: ApiProblem):
    return problem_response(problem.status, problem.detail, problem.invalid, problem.headers, problem.error)


def from_http_exception(error: HTTPException):
    status = error.code or 500
    headers = {}
    methods = getattr(error, "valid_methods", None)
    if status == 405 and methods:
        headers["Allow"] = ", ".join(methods)
    if status == 429:
        headers["Retry-After"] = "60"
    return problem_response(status, headers=headers)


def is_api_request() -> bool:
    return request.path.startswith("/api/")
