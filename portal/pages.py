"""Pages outside the features: the front door and the health check."""
from flask import Blueprint, redirect, url_for
from flask_login import current_user
from sqlalchemy import text

from portal import home_for
from portal.auth.permissions import public
from portal.extensions import db

bp = Blueprint("pages", __name__)


@bp.route("/")
@public
def index():
    if current_user.is_authenticated:
        return redirect(home_for(current_user))
    return redirect(url_for("auth.login"))


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
