"""Pages outside the features: the front door, the language switch and the health checks."""
from flask import Blueprint, redirect, request, url_for
from flask_login import current_user
from sqlalchemy import text

from portal.auth.permissions import public
from portal.extensions import db
from portal.language import choose_language
from portal.web import home_for, safe_next_path

bp = Blueprint("pages", __name__)


@bp.route("/")
@public
def index():
    if current_user.is_authenticated:
        return redirect(home_for(current_user))
    return redirect(url_for("auth.login"))


@bp.route("/taal", methods=["POST"])
@public
def switch_language():
    choose_language(request.form.get("language", ""))
    return redirect(safe_next_path(request.form.get("next")) or url_for("pages.index"))


@bp.route("/health")
@public
def health():
    """For the load balancer: the process answers and the database is reachable."""
    db.session.execute(text("SELECT 1"))
    return {"status": "ok"}


@bp.route("/health/live")
@public
def live():
    """Liveness only: the process answers, without touching the database (a restart would not
    fix a database outage). Also the web benchmark's ceiling for a route without a query."""
    return {"status": "ok"}
