"""The public pages in the footer: reachable logged in and logged out."""
from __future__ import annotations

from datetime import date

from flask import Blueprint, current_app, render_template
from flask_login import current_user

from portal.admin.import_service import BATCH_KEPT_HOURS
from portal.auth.permissions import public
from portal.formatting import local_today
from portal.info.contacts import caseworker_contacts, region_contacts

bp = Blueprint("info", __name__)

# The accessibility statement (modelverklaring of digitoegankelijk.nl). Update both dates with the
# statement: when it was drawn up or changed, and when the portal was last checked against WCAG.
ACCESSIBILITY_STATEMENT_DATE = date(2026, 11, 30)
ACCESSIBILITY_LAST_CHECK = date(2026, 11, 30)
PRIVACY_STATEMENT_DATE = date(2026, 11, 30)


def _support() -> dict:
    return {"email": current_app.config["SUPPORT_EMAIL"], "phone": current_app.config["SUPPORT_PHONE"]}


@bp.route("/toegankelijkheid")
@public
def accessibility():
    return render_template(
        "info/accessibility.html", support=_support(),
        statement_date=ACCESSIBILITY_STATEMENT_DATE, last_check=ACCESSIBILITY_LAST_CHECK,
    )


@bp.route("/privacy")
@public
def privacy():
    config = current_app.config
    return render_template(
        "info/privacy.html", support=_support(), statement_date=PRIVACY_STATEMENT_DATE,
        draft_reminder_days=config["DRAFT_REMINDER_DAYS"], draft_delete_days=config["DRAFT_DELETE_DAYS"],
        import_kept_hours=BATCH_KEPT_HOURS,
    )


@bp.route("/hulp")
@public
def help():
    role = current_user.role if current_user.is_authenticated else None
    regions = caseworkers = None
    if role == "employer":
        today = local_today()
        regions, caseworkers = region_contacts(current_user, today), caseworker_contacts(current_user, today)
    config = current_app.config
    return render_template(
        "info/help.html", role=role, support=_support(), regions=regions, caseworkers=caseworkers,
        acknowledge_days=config["NOTICE_ACKNOWLEDGE_WORKING_DAYS"], claim_days=config["REFILL_CLAIM_WORKING_DAYS"],
    )
