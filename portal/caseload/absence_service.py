"""An AD's own absence: while it lasts, the backup owns the AD's new work (responsibility.py).

One period at a time. Every change is in the audit log; the next run of the regie clock and
every page use the new period at once (nothing is moved: ownership is worked out per day).
"""
from __future__ import annotations

from datetime import date, timedelta

from flask_babel import gettext as _

from portal.admin.trail_service import record_change
from portal.auth.permissions import Forbidden
from portal.extensions import db
from portal.models import User
from portal.workflows import InputRejected, TransitionRefused

LONGEST_ABSENCE_DAYS = 366


def record_absence(actor: User, absent_from: date | None, absent_until: date | None, today: date) -> None:
    """The AD records (or replaces) their own absence, both days included."""
    if actor is None or actor.role != "ad":
        raise Forbidden("record_absence")
    errors = {}
    if absent_from is None:
        errors["absent_from"] = _("Vul de eerste dag in dat u afwezig bent.")
    if absent_until is None:
        errors["absent_until"] = _("Vul de laatste dag in dat u afwezig bent.")
    if absent_from is not None and absent_until is not None:
        if absent_until < absent_from:
            errors["absent_until"] = _("De laatste dag ligt vóór de eerste dag. Kies een latere datum.")
        elif absent_until < today:
            errors["absent_until"] = _("De laatste dag ligt in het verleden. Kies vandaag of een latere datum.")
        elif absent_until - absent_from > timedelta(days=LONGEST_ABSENCE_DAYS):
            errors["absent_until"] = _("Een afwezigheid duurt hoogstens een jaar. Kies een eerdere laatste dag.")
    if errors:
        raise InputRejected(errors)
    actor.absent_from, actor.absent_until = absent_from, absent_until
    record_change(actor, "absence_recorded", "user", actor.id)
    db.session.flush()


def end_absence(actor: User, today: date) -> None:
    """Back at work: a started absence ends yesterday, a planned one is removed."""
    if actor is None or actor.role != "ad":
        raise Forbidden("end_absence")
    if actor.absent_until is None or actor.absent_until < today:
        raise TransitionRefused(_("U heeft geen afwezigheid die nog loopt of nog komt."))
    if actor.absent_from is not None and actor.absent_from < today:
        actor.absent_until = today - timedelta(days=1)
    else:
        actor.absent_from = actor.absent_until = None
    record_change(actor, "absence_ended", "user", actor.id)
    db.session.flush()
