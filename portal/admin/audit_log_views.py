"""The audit log for admins: who looked at which personal data, and who changed what.
Search by actor, organisation, employee, action, result and period; download as CSV."""
import csv
import io
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from flask import Response, current_app, render_template, request, stream_with_context
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf import FlaskForm
from sqlalchemy import and_, or_, select
from wtforms import SelectField, StringField
from wtforms.validators import Optional

from portal.admin.blueprint import bp
from portal.admin.organisation_service import normalise_kvk
from portal.admin.trail_service import ALL_ACTIONS, action_label, record_change
from portal.auth.permissions import allow
from portal.extensions import db
from portal.formatting import local_today
from portal.forms_common import DutchDateField, IdField, choices, max_length
from portal.models import AuditEvent, Employee, Organisation
from portal.pagination import paginate

EXPORT_BATCH = 1000


class AuditSearchForm(FlaskForm):
    class Meta:
        csrf = False  # a search (GET) changes nothing

    actor = StringField(_l("Wie (naam of e-mailadres)"), validators=[Optional(), max_length(254)])
    organisation = StringField(_l("Organisatie (naam of KvK-nummer)"), validators=[Optional(), max_length(200)],
                               description=_l("Wat mensen van deze organisatie deden, en wat er met haar medewerkers gebeurde."))
    employee = IdField(_l("Nummer van de medewerker (in de portal)"), validators=[Optional()])
    action = SelectField(_l("Wat"), choices=choices(ALL_ACTIONS, _l("Alles")), validators=[Optional()])
    result = SelectField(_l("Resultaat"), choices=choices({"allowed": _l("Toegestaan"), "denied": _l("Geweigerd")}, _l("Alles")),
                         validators=[Optional()])
    date_from = DutchDateField(_l("Vanaf"), validators=[Optional()])
    date_until = DutchDateField(_l("Tot en met"), validators=[Optional()])


def _utc_start_of(day) -> datetime:
    zone = ZoneInfo(current_app.config["TIMEZONE"])
    return datetime.combine(day, time.min, tzinfo=zone)


def _organisation_condition(text: str):
    """Events by the organisation's people, about its employees, or about the organisation itself."""
    kvk = normalise_kvk(text)
    organisation_ids = select(Organisation.id).where(
        Organisation.kvk_number == kvk if kvk else Organisation.name.ilike(f"%{text}%")
    )
    return or_(
        AuditEvent.actor_organisation_id.in_(organisation_ids),
        AuditEvent.subject_employee_id.in_(select(Employee.id).where(Employee.organisation_id.in_(organisation_ids))),
        and_(AuditEvent.object_type == "organisation", AuditEvent.object_id.in_(organisation_ids)),
    )


def _search(form: AuditSearchForm):
    query = select(AuditEvent).order_by(AuditEvent.id.desc())
    if not form.validate():
        return query
    if form.actor.data:
        pattern = f"%{form.actor.data.strip()}%"
        query = query.where(or_(AuditEvent.actor_email.ilike(pattern), AuditEvent.actor_name.ilike(pattern)))
    if form.organisation.data and form.organisation.data.strip():
        query = query.where(_organisation_condition(form.organisation.data.strip()))
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
    return query


@bp.route("/toegangslog")
@allow("admin")
def audit_log():
    form = AuditSearchForm(request.args)
    return render_template("admin/audit_log.html", form=form, page=paginate(_search(form)), action_label=action_label)


CSV_COLUMNS = (_l("tijd (UTC)"), _l("naam"), _l("e-mailadres"), _l("rol"), _l("organisatie (nummer)"), _l("actie"),
               _l("object"), _l("objectnummer"), _l("medewerker (nummer)"), _l("resultaat"), _l("IP-adres"))


def _cell(value) -> str:
    """Spreadsheets run cells that start with = + - @ as formulas: write those as text (CSV injection)."""
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def _csv_line(values) -> str:
    out = io.StringIO()
    csv.writer(out, delimiter=";", lineterminator="\r\n").writerow([_cell(v) for v in values])
    return out.getvalue()


@bp.route("/toegangslog.csv")
@allow("admin")
def audit_log_csv():
    """The same search as the page, every row, as a CSV file for a spreadsheet."""
    form = AuditSearchForm(request.args)
    query = _search(form)
    record_change(current_user, "audit_exported", "audit_log", 0)
    db.session.flush()

    denied, allowed = _("geweigerd"), _("toegestaan")

    def rows():
        yield "\ufeff" + _csv_line(CSV_COLUMNS)
        for event in db.session.scalars(query.execution_options(yield_per=EXPORT_BATCH)):
            yield _csv_line((
                event.created_at.strftime("%Y-%m-%d %H:%M:%S"), event.actor_name, event.actor_email, event.actor_role,
                event.actor_organisation_id, action_label(event.action), event.object_type, event.object_id,
                event.subject_employee_id, denied if event.result == "denied" else allowed, event.ip_address,
            ))

    filename = f"toegangslog-{local_today().isoformat()}.csv"
    return Response(stream_with_context(rows()), mimetype="text/csv",
                    headers={"Content-Disposition": f'attachment; filename="{filename}"'})
