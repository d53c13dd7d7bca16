"""Employees to another AD: choose the AD whose employees move, tick them, choose the new AD."""
from collections.abc import Sequence

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from flask_login import current_user
from flask_wtf import FlaskForm
from sqlalchemy import Row, func, select
from wtforms import BooleanField, RadioField, SelectField, StringField
from wtforms.validators import Optional

from portal.admin import reassign_service as service
from portal.admin.blueprint import bp
from portal.admin.organisation_forms import MultiCheckboxField
from portal.audit import access_log_service as audit
from portal.auth.permissions import allow, employees_visible_to, get_visible_or_404
from portal.extensions import db
from portal.forms_common import choices, max_length, show_errors
from portal.models import CHANGE_REASONS, CaseworkerAssignment, User
from portal.unit_of_work import refusable_step
from portal.workflows import InputRejected


class SourceForm(FlaskForm):
    class Meta:
        csrf = False  # choosing whose employees to show changes nothing

    van = SelectField(_l("Medewerkers van arbeidsdeskundige"))


class ReassignForm(FlaskForm):
    employees = MultiCheckboxField(_l("Medewerkers"), coerce=int)
    all_employees = BooleanField(_l("Alle medewerkers hieronder"))
    ad = SelectField(_l("Nieuwe arbeidsdeskundige"))
    backup = SelectField(_l("Vervanger"), default=service.KEEP_BACKUP,
                         description=_l("Bijvoorbeeld: laat de vervanger staan, of kies voor iedereen dezelfde."))
    reason = RadioField(_l("Reden"), choices=choices(CHANGE_REASONS), validators=[Optional()],
                        description=_l("De werkgever en beide arbeidsdeskundigen krijgen de reden in hun e-mail."))
    note = StringField(_l("Toelichting bij Anders"), validators=[Optional(), max_length(200)])


def _ad_counts() -> Sequence[Row]:
    """Every AD (also those who left), with the number of employees they guide now."""
    counts = (
        select(CaseworkerAssignment.ad_id, func.count().label("n"))
        .where(CaseworkerAssignment.valid_until.is_(None)).group_by(CaseworkerAssignment.ad_id).subquery()
    )
    return db.session.execute(
        select(User, func.coalesce(counts.c.n, 0)).outerjoin(counts, counts.c.ad_id == User.id)
        .where(User.role == "ad").order_by(User.name)
    ).all()


def _ad_option(user: User, n: int) -> str:
    if user.is_enabled:
        return ngettext("%(name)s (%(num)d medewerker)", "%(name)s (%(num)d medewerkers)", n, name=user.name)
    return ngettext("%(name)s (%(num)d medewerker, uitgezet)", "%(name)s (%(num)d medewerkers, uitgezet)", n,
                    name=user.name)


@bp.route("/arbeidsdeskundigen", methods=["GET", "POST"])
@allow("admin")
def reassign():
    ads = _ad_counts()
    source_form = SourceForm(request.args)
    source_form.van.choices = choices(
        {str(u.id): _ad_option(u, n) for u, n in ads}, _("Kies een arbeidsdeskundige"))
    source = next((user for user, _ in ads if str(user.id) == source_form.van.data), None)
    caseload = service.caseload_of(current_user, source) if source else []
    form = ReassignForm()
    form.employees.choices = [(e.id, e.name) for e in caseload]
    active = service.active_ads()
    form.ad.choices = choices({str(u.id): f"{u.name} ({u.email})" for u in active if u != source}, _("Kies een arbeidsdeskundige"))
    form.backup.choices = choices({service.KEEP_BACKUP: _("Vervanger niet wijzigen"), "none": _("Geen vervanger"),
                                   **{str(u.id): f"{u.name} ({u.email})" for u in active}})
    if source is not None and form.validate_on_submit():
        chosen = caseload if form.all_employees.data else [e for e in caseload if e.id in set(form.employees.data or [])]
        by_id = {str(u.id): u for u in active}
        backup = {service.KEEP_BACKUP: service.KEEP_BACKUP, "none": None}.get(form.backup.data, by_id.get(form.backup.data))
        try:
            with refusable_step():  # a rejected step leaves nothing behind
                moved = service.reassign(current_user, chosen, by_id.get(form.ad.data), backup,
                                         form.reason.data, form.note.data or "")
        except InputRejected as rejected:
            show_errors(form, rejected.errors)
        else:
            flash(ngettext("%(num)d medewerker heeft een andere arbeidsdeskundige. De werkgevers krijgen een e-mail.",
                           "%(num)d medewerkers hebben een andere arbeidsdeskundige. De werkgevers krijgen een e-mail.",
                           moved), "success")
            return redirect(url_for("admin.reassign", van=source.id))
    return render_template(
        "admin/reassign.html", source_form=source_form, source=source, caseload=caseload, form=form
    )


@bp.route("/medewerkers/<int:employee_id>/contactpersonen")
@allow("admin")
def assignment_history(employee_id: int):
    employee = get_visible_or_404(employees_visible_to(current_user), employee_id)
    audit.record("view_employee", "employee", employee.id, employee.id)
    return render_template("admin/assignment_history.html", employee=employee, history=service.history_of(employee))
