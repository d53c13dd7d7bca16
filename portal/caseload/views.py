from flask import Blueprint, render_template, request
from flask_login import current_user
from sqlalchemy import case
from sqlalchemy.orm import contains_eager, joinedload

from portal.auth.permissions import allow, employees_visible_to, notices_visible_to
from portal.models import (
    OPEN_NOTICE_STATES,
    CaseworkerAssignment,
    ContractEndNotice,
    Employee,
    Employment,
    Location,
)
from portal.employers.views import open_prompts
from portal.formatting import local_today
from portal.pagination import paginate
from portal.workflows import NOTICE_WORKFLOW

bp = Blueprint("caseload", __name__)


@bp.route("/inbox")
@allow("ad")
def inbox():
    show_closed = request.args.get("toon") == "afgerond"
    query = (
        notices_visible_to(current_user)
        .options(
            contains_eager(ContractEndNotice.employment).contains_eager(Employment.employee),
            contains_eager(ContractEndNotice.employment).joinedload(Employment.location).joinedload(Location.organisation),
        )
    )
    if show_closed:
        query = query.where(ContractEndNotice.status.not_in(OPEN_NOTICE_STATES)).order_by(
            ContractEndNotice.created_at.desc()
        )
    else:
        # Nearest deadline first (overdue on top); unread before read on the same day.
        unread_first = case((ContractEndNotice.status == "submitted", 0), else_=1)
        query = query.where(ContractEndNotice.status.in_(OPEN_NOTICE_STATES)).order_by(
            ContractEndNotice.response_due.is_(None), ContractEndNotice.response_due, unread_first,
            ContractEndNotice.created_at,
        )
    page = paginate(query)
    return render_template(
        "caseload/inbox.html",
        page=page,
        show_closed=show_closed,
        states=NOTICE_WORKFLOW.states,
        prompts=[] if show_closed else open_prompts(current_user),
        today=local_today(),
    )


@bp.route("/caseload")
@allow("ad")
def caseload():
    search = request.args.get("zoek", "")[:100].strip()
    query = (
        employees_visible_to(current_user)
        .add_columns(CaseworkerAssignment)
        .join(
            CaseworkerAssignment,
            (CaseworkerAssignment.employee_id == Employee.id) & CaseworkerAssignment.valid_until.is_(None),
        )
        .options(
            joinedload(Employee.organisation),
            joinedload(CaseworkerAssignment.ad),
            joinedload(CaseworkerAssignment.backup_ad),
        )
        .order_by(Employee.name, Employee.id)
    )
    if search:
        query = query.where(Employee.name.ilike(f"%{search}%") | (Employee.personnel_number == search))
    page = paginate(query)
    return render_template("caseload/caseload.html", page=page, search=search)
