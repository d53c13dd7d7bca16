from datetime import timedelta

from flask import Blueprint, current_app, render_template, request
from flask_login import current_user
from portal.auth.permissions import allow, employees_visible_to, get_visible_or_404, notices_visible_to
from portal.employers.queries import SORTS, employee_rows
from portal.extensions import db
from portal.formatting import local_today
from portal.models import ContractEndNotice, Employment
from portal.pagination import paginate

bp = Blueprint("employers", __name__)


@bp.route("/medewerkers")
@allow("employer")
def dashboard():
    today = local_today()
    warning_days = current_app.config["CONTRACT_END_WARNING_DAYS"]
    search = request.args.get("zoek", "")[:100]
    ending_only = request.args.get("eindigt") == "1"
    sort = request.args.get("sorteer", "naam")
    if sort not in SORTS:
        sort = "naam"
    page = paginate(employee_rows(current_user, today, search, ending_only, sort, warning_days))
    return render_template(
        "employers/dashboard.html",
        page=page,
        search=search,
        ending_only=ending_only,
        sort=sort,
        warning_until=today + timedelta(days=warning_days),
        today=today,
    )


@bp.route("/medewerkers/<int:employee_id>")
@allow("employer", "ad")
def employee(employee_id: int):
    employee = get_visible_or_404(employees_visible_to(current_user), employee_id)
    notices = db.session.scalars(
        notices_visible_to(current_user)
        .where(Employment.employee_id == employee.id)
        .order_by(ContractEndNotice.created_at.desc())
    ).all()
    open_notice_by_employment = {n.employment_id: n for n in notices if n.is_open}
    return render_template(
        "employers/employee.html",
        employee=employee,
        notices=notices,
        open_notice_by_employment=open_notice_by_employment,
        today=local_today(),
    )
