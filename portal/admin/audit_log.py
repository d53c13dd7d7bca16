"""The access log for admins: search who looked at which personal data."""
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from flask import current_app, render_template, request
from flask_wtf import FlaskForm
from sqlalchemy import or_, select
from wtforms import IntegerField, SelectField, StringField
from wtforms.validators import NumberRange, Optional

from portal.admin.views import bp
from portal.auth.permissions import allow
from portal.forms_common import DutchDateField, choices, max_length
from portal.models import AUDIT_ACTIONS, AuditEvent
from portal.pagination import paginate


class AuditSearchForm(FlaskForm):
    class Meta:
        csrf = False  # a search (GET) changes nothing

    actor = StringField("Wie (naam of e-mailadres)", validators=[Optional(), max_length(254)])
    employee = IntegerField("Nummer van de medewerker (in de portal)", validators=[Optional(), NumberRange(min=1)])
    action = SelectField("Wat", choices=choices(AUDIT_ACTIONS, "Alles"), validators=[Optional()])
    result = SelectField("Resultaat", choices=choices({"allowed": "Toegestaan", "denied": "Geweigerd"}, "Alles"),
                         validators=[Optional()])
    date_from = DutchDateField("Vanaf", validators=[Optional()])
    date_until = DutchDateField("Tot en met", validators=[Optional()])


def _utc_start_of(day) -> datetime:
    zone = ZoneInfo(current_app.config["TIMEZONE"])
    return datetime.combine(day, time.min, tzinfo=zone)


@bp.route("/toegangslog")
@allow("admin")
def audit_log():
    form = AuditSearchForm(request.args)
    query = select(AuditEvent).order_by(AuditEvent.id.desc())
    if form.validate():
        if form.actor.data:
            pattern = f"%{form.actor.data.strip()}%"
            query = query.where(or_(AuditEvent.actor_email.ilike(pattern), AuditEvent.actor_name.ilike(pattern)))
        if form.employee.data:
            query = query.where(AuditEvent.subject_employee_id == form.employee.data)
        if form.action.data:
            query = query.where(AuditEvent.action == form.action.data)
        if form.result.data:
            query = query.where(AuditEvent.result == form.result.data)
        if form.date_from.data:
            query = query.where(AuditEvent.created_at >= _utc_start_of(form.date_from.data))
        if form.date_until.data:
            query = query.where(AuditEvent.created_at < _utc_start_of(form.date_until.data + timedelta(days=1)))
    return render_template("admin/audit_log.html", form=form, page=paginate(query))
