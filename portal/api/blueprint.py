"""/api/v1: JSON in and out, problem+json errors, an API-Version header, HTTPS only in production,
every call in the access log with the client as the actor, a rate limit per client."""
from __future__ import annotations

from flask import Blueprint, current_app, g, request

from portal.api.auth import rate_limit, rate_limit_key
from portal.api.problems import ApiProblem, from_problem
from portal.audit.access_log_service import record_client
from portal.extensions import csrf, limiter

API_VERSION = "1.0.0"

bp = Blueprint("api", __name__, url_prefix="/api/v1")
# Clients send a bearer token, not a session cookie: there is no cross-site form to forge.
csrf.exempt(bp)
limiter.limit(rate_limit, key_func=rate_limit_key)(bp)


@bp.before_request
def https_only():
    if current_app.config["API_HTTPS_ONLY"] and not request.is_secure:
        raise ApiProblem(403, "De API werkt alleen via HTTPS.")


@bp.errorhandler(ApiProblem)
def problem(error: ApiProblem):
    return from_problem(error)


@bp.after_request
def finish(response):
    response.headers["API-Version"] = API_VERSION
    client = g.get("api_client")
    if client is not None and not g.get("api_logged"):
        # Every call, also a refused one: the view logged the object it showed, else this names the route.
        record_client(client, "api_call", (request.endpoint or "api").removeprefix("api.")[:20], 0, None,
                      "allowed" if response.status_code < 400 else "denied")
    return response


def log_view(action: str, object_type: str, object_id: int, subject_employee_id: int | None,
             result: str = "allowed") -> None:
    """A call that showed (or refused) one object with personal data: logged as that look."""
    record_client(g.api_client, action, object_type, object_id, subject_employee_id, result)
    g.api_logged = True
