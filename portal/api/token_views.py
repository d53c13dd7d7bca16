"""The OAuth 2 token endpoint (client credentials, RFC 6749 4.4) and the OpenAPI document."""
from __future__ import annotations

import base64
import binascii
from urllib.parse import unquote

from flask import current_app, jsonify, request

from portal.api.auth import issue_token
from portal.api.blueprint import bp
from portal.api.client_service import authenticate
from portal.api.openapi import document
from portal.api.problems import ApiProblem
from portal.auth.permissions import public
from portal.extensions import client_ip, limiter


def _credentials() -> tuple[str, str]:
    """HTTP Basic (client_secret_basic) or the form body (client_secret_post)."""
    header = request.headers.get("Authorization", "")
    if header[:6].lower() == "basic ":
        try:
            decoded = base64.b64decode(header[6:].strip(), validate=True).decode()
        except (binascii.Error, UnicodeDecodeError):
            return "", ""
        key, _, secret = decoded.partition(":")
        return unquote(key), unquote(secret)
    return request.form.get("client_id", ""), request.form.get("client_secret", "")


@bp.post("/oauth/token")
@public
@limiter.limit(lambda: current_app.config["API_GRANT_RATE_LIMIT"], key_func=lambda: f"api-token:{client_ip()}")
def token():
    if request.form.get("grant_type") != "client_credentials":
        raise ApiProblem(400, "Alleen grant_type=client_credentials wordt ondersteund.",
                         {"grant_type": "Gebruik client_credentials."}, error="unsupported_grant_type")
    key, secret = _credentials()
    client = authenticate(key, secret) if key and secret else None
    if client is None:
        raise ApiProblem(401, "Onbekende koppeling, verkeerd geheim of uitgezette koppeling.",
                         headers={"WWW-Authenticate": 'Basic realm="api"'}, error="invalid_client")
    access_token, seconds = issue_token(client)
    # "Bearer" names the token type (RFC 6750), it is no secret.
    response = jsonify({"access_token": access_token, "token_type": "Bearer", "expires_in": seconds})  # nosec B105
    response.headers["Pragma"] = "no-cache"
    return response


@bp.get("/openapi.json")
@public
def openapi():
    return jsonify(document())
