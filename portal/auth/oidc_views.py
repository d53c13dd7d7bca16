"""Federated login (OpenID Connect): the buttons' start, the provider's return, the refusal pages."""
from __future__ import annotations

import logging

from flask import Blueprint, redirect, render_template, session, url_for
from flask_login import current_user

from portal.audit import access_log_service
from portal.auth import account_service, oidc_client, oidc_service
from portal.auth.oidc_client import LoginRefused
from portal.auth.oidc_refusals import REFUSALS, status_for
from portal.auth.permissions import public
from portal.extensions import client_ip, limiter
from portal.web import home_for

bp = Blueprint("oidc", __name__)
security_log = logging.getLogger("portal.security")
SESSION_KEY = "oidc_login"  # provider name and ID token of a federated session, for logout at the provider


def _refused(refusal: LoginRefused, provider_name: str):
    security_log.info("federated login via %s refused (%s) from %s", provider_name, refusal.reason, client_ip())
    if refusal.reason != "provider_unavailable":  # a 503 is rolled back; the security log has it
        access_log_service.record_login_refused(refusal.reason, refusal.claims)
    provider = oidc_client.providers().get(provider_name)
    title, text, advice = REFUSALS[refusal.reason]
    return render_template(
        "auth/oidc_refused.html", title=title, text=text % {"level": provider.min_level if provider else ""},
        advice=advice, reason=refusal.reason,
    ), status_for(refusal.reason)


@bp.route("/inloggen/via/<name>", methods=["POST"])
@public
@limiter.limit("30 per 10 minutes")
def start(name: str):
    provider = oidc_client.providers().get(name)
    if provider is None:
        return _refused(LoginRefused("unknown_provider"), name)
    if current_user.is_authenticated:
        return redirect(home_for(current_user))
    try:
        return oidc_client.authorize_redirect(provider, url_for("oidc.callback", name=name, _external=True))
    except LoginRefused as refusal:
        return _refused(refusal, name)


@bp.route("/inloggen/via/<name>/terug")
@public
@limiter.limit("30 per 10 minutes")
def callback(name: str):
    provider = oidc_client.providers().get(name)
    if provider is None:
        return _refused(LoginRefused("unknown_provider"), name)
    try:
        claims, id_token = oidc_client.finish_login(provider)
        user = oidc_service.user_for_claims(provider, claims)
    except LoginRefused as refusal:
        return _refused(refusal, name)
    account_service.start_session(user)  # the portal's own session rules from here on
    session[SESSION_KEY] = {"provider": name, "id_token": id_token}
    return redirect(home_for(user))


def provider_logout_url(federated: dict | None) -> str | None:
    """Where to send the browser after the portal's own logout: the provider's end-session page."""
    if not federated:
        return None
    provider = oidc_client.providers().get(federated.get("provider", ""))
    if provider is None:
        return None
    return oidc_client.logout_url(provider, federated.get("id_token", ""), url_for("auth.login", _external=True))
