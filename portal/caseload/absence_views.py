"""/account/afwezigheid: an AD records, ends or removes their own absence."""
from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf import FlaskForm
from sqlalchemy import func, select

from portal.auth.permissions import allow
from portal.caseload import absence_service as service
from portal.caseload.caseload_views import bp
from portal.extensions import db
from portal.formatting import local_today
from portal.forms_common import DutchDateField, required_input
from portal.models import CaseworkerAssignment
from portal.web import form_step, run_step


class AbsenceForm(FlaskForm):
    absent_from = DutchDateField(_l("Eerste dag afwezig"), validators=[required_input(_l("Vul de eerste dag in dat u afwezig bent."))])
    absent_until = DutchDateField(_l("Laatste dag afwezig"), validators=[required_input(_l("Vul de laatste dag in dat u afwezig bent."))],
                                  description=_l("Op deze dag bent u nog afwezig. De dag erna krijgt u uw werk weer zelf."))


def _without_backup(user) -> int:
    """The AD's employees without a backup: during the absence their work goes to the team lead."""
    return db.session.scalar(
        select(func.count()).select_from(CaseworkerAssignment).where(
            CaseworkerAssignment.valid_until.is_(None), CaseworkerAssignment.ad_id == user.id,
            CaseworkerAssignment.backup_ad_id.is_(None))
    ) or 0


@bp.route("/account/afwezigheid", methods=["GET", "POST"])
@allow("ad")
def absence():
    user = current_user._get_current_object()
    today = local_today()
    form = AbsenceForm()
    if not form.is_submitted() and user.absent_until is not None and user.absent_until >= today:
        form.absent_from.data, form.absent_until.data = user.absent_from, user.absent_until
    return form_step(
        form,
        lambda: service.record_absence(user, form.absent_from.data, form.absent_until.data, today),
        _("Uw afwezigheid is opgeslagen. In die tijd neemt uw vervanger uw nieuwe werk over."),
        url_for("caseload.absence"),
    ) or render_template(
        "caseload/absence.html", form=form, user=user, today=today,
        current=user.absent_until is not None and user.absent_until >= today,
        without_backup=_without_backup(user),
    )


@bp.route("/account/afwezigheid/beeindigen", methods=["POST"])
@allow("ad")
def end_absence():
    if run_step(lambda: service.end_absence(current_user._get_current_object(), local_today())):
        flash(_("Uw afwezigheid is beëindigd. Nieuw werk komt weer bij u binnen."), "success")
    return redirect(url_for("caseload.absence"))
