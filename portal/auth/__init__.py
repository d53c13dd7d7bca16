from flask import flash, redirect, request, session, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, logout_user
from sqlalchemy import bindparam, select
from sqlalchemy.orm import joinedload

from portal import language
from portal.auth import oidc_client
from portal.extensions import db, login_manager
from portal.models import User, utcnow

# The user of every request, with the organisation: every employer page shows it (header,
# certificate banner). Built once: session.get() built the select and its loader option anew on
# every request (0.2 ms CPU of a 4 ms page; issue 21).
_USER_WITH_ORGANISATION = select(User).options(joinedload(User.organisation)).where(User.id == bindparam("user_id"))

# Requests that must not count as activity (the browser asks them by itself).
PASSIVE_ENDPOINTS = {"static", "pages.health", "pages.live"}


def init_app(app):
    oidc_client.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message = _l("Log in om deze pagina te zien.")
    login_manager.login_message_category = "info"
    login_manager.session_protection = "strong"

    @login_manager.user_loader
    def load_user(cookie_id: str):
        # The cookie names the user *and* their session version: logout bumps the version,
        # so a copied cookie stops working (TRAPS 1).
        user_id, _, version = cookie_id.partition(":")
        if not user_id.isdigit() or not version.isdigit():
            return None
        user = db.session.scalars(_USER_WITH_ORGANISATION, {"user_id": int(user_id)}).first()
        if user is None or not user.is_enabled or user.session_version != int(version):
            return None
        return user

    @app.before_request
    def enforce_session_limits():
        """Idle timeout (30 minutes) and absolute lifetime (12 hours), checked on every request."""
        if request.endpoint in PASSIVE_ENDPOINTS or not current_user.is_authenticated:
            return None
        now = utcnow().timestamp()
        idle_limit = app.config["SESSION_IDLE_MINUTES"] * 60
        absolute_limit = app.config["PERMANENT_SESSION_LIFETIME"].total_seconds()
        login_at, seen_at = session.get("login_at"), session.get("seen_at")
        if login_at is None or seen_at is None or now - seen_at > idle_limit or now - login_at > absolute_limit:
            kept_language = language.language_to_keep_after_logout(current_user)
            logout_user()
            session.clear()
            session[language.SESSION_KEY] = kept_language  # the login page keeps the user's language
            flash(_("U was een tijd niet actief. Log opnieuw in om verder te gaan."), "info")
            return redirect(url_for("auth.login"))
        session["seen_at"] = now
        return None
