"""Talking to the OpenID providers through Authlib: the redirect, the code exchange, the ID token.

Every call to a provider has a time-out (OIDC_TIMEOUT_SECONDS); every way it can fail becomes a
`LoginRefused` with a reason, so the user gets a clear page and never a 500 or a hang.
"""
from __future__ import annotations

import time

import requests
from authlib.integrations.base_client.errors import MismatchingStateError, OAuthError
from authlib.integrations.flask_client import OAuth
from flask import Flask, current_app
from joserfc.errors import BadSignatureError, ClaimError, ExpiredTokenError, JoseError

from portal.auth.oidc_config import OidcProvider, load_providers, password_login_roles

# Discovery documents are read again after this long, so a provider's changed endpoints reach us.
METADATA_MAX_AGE_SECONDS = 3600
LEEWAY_SECONDS = 60  # clock difference allowed on exp/iat


class LoginRefused(Exception):
    """A login that must not go on; `reason` picks the page and the access-log entry."""

    def __init__(self, reason: str, claims: dict | None = None):
        super().__init__(reason)
        self.reason = reason
        self.claims = claims or {}


def init_app(app: Flask) -> None:
    providers = load_providers(app.config)
    password_login_roles(app.config)  # refuse a start with an unknown role in it
    app.extensions["oidc_providers"] = providers
    oauth = OAuth(app)
    for provider in providers.values():
        oauth.register(
            provider.name,
            client_id=provider.client_id,
            client_secret=provider.client_secret,
            server_metadata_url=provider.metadata_url,
            client_kwargs={
                "scope": provider.scope,
                "code_challenge_method": "S256",
                "default_timeout": app.config["OIDC_TIMEOUT_SECONDS"],
            },
        )


def providers() -> dict[str, OidcProvider]:
    return current_app.extensions["oidc_providers"]


def _client(provider: OidcProvider):
    client = current_app.extensions["authlib.integrations.flask_client"].create_client(provider.name)
    loaded_at = client.server_metadata.get("_loaded_at")
    if loaded_at is not None and time.time() - loaded_at > METADATA_MAX_AGE_SECONDS:
        client.server_metadata = {}
    return client


def _metadata(provider: OidcProvider) -> dict:
    client = _client(provider)
    try:
        metadata = client.load_server_metadata()
    except (requests.RequestException, ValueError) as error:
        raise LoginRefused("provider_unavailable") from error
    if metadata.get("issuer") != provider.issuer:
        client.server_metadata = {}  # a wrong document is not kept
        raise LoginRefused("provider_unavailable")
    return metadata


def authorize_redirect(provider: OidcProvider, redirect_uri: str):
    """The redirect to the provider; Authlib keeps state, nonce and the PKCE verifier in the session."""
    _metadata(provider)
    try:
        return _client(provider).authorize_redirect(redirect_uri)
    except (requests.RequestException, ValueError, RuntimeError) as error:
        raise LoginRefused("provider_unavailable") from error


def _reason_for_claim_error(error: ClaimError) -> str:
    if isinstance(error, ExpiredTokenError):
        return "token_expired"
    return {"nonce": "wrong_nonce", "aud": "wrong_audience", "azp": "wrong_audience", "iss": "wrong_issuer"}.get(
        error.claim, "malformed_token")


def finish_login(provider: OidcProvider) -> tuple[dict, str]:
    """Check state, exchange the code (with the PKCE verifier), check the ID token.

    Returns the ID token's claims and the raw ID token (for logout at the provider)."""
    _metadata(provider)
    client = _client(provider)
    try:
        token = client.authorize_access_token(
            claims_options={"iss": {"essential": True, "value": provider.issuer},
                            "aud": {"essential": True, "value": provider.client_id}},
            leeway=LEEWAY_SECONDS,
        )
    except MismatchingStateError as error:
        raise LoginRefused("wrong_state") from error
    except OAuthError as error:
        # The provider refused the code: used before, expired, or not ours; or the user stopped.
        raise LoginRefused("cancelled" if error.error == "access_denied" else "code_refused") from error
    except ClaimError as error:
        raise LoginRefused(_reason_for_claim_error(error)) from error
    except (BadSignatureError, JoseError) as error:
        raise LoginRefused("bad_signature" if isinstance(error, BadSignatureError) else "malformed_token") from error
    except (requests.RequestException, ValueError, KeyError, TypeError, RuntimeError) as error:
        raise LoginRefused("provider_unavailable") from error
    claims = token.get("userinfo")
    if not claims or not isinstance(token.get("id_token"), str):
        raise LoginRefused("malformed_token")
    return dict(claims), token["id_token"]


def logout_url(provider: OidcProvider, id_token: str, return_to: str) -> str | None:
    """The provider's end-session address (RP-initiated logout), or None when it has none."""
    try:
        metadata = _metadata(provider)
    except LoginRefused:
        return None  # the portal's own logout has happened; the provider is just out of reach
    if not metadata.get("end_session_endpoint"):
        return None
    return _client(provider).create_logout_url(
        post_logout_redirect_uri=return_to, id_token_hint=id_token, client_id=provider.client_id)["url"]
