from collections.abc import Sequence
from datetime import timedelta

from flask import current_app, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from portal.audit import access_log_service as audit
from portal.auth.permissions import (
    allow,
    employees_visible_to,
    get_visible_or_404,
    is_told_who_covers,
    may_report_contract_end,
    notices_visible_to,
    prompts_visible_to,
)
from portal.caseload.caseload_service import assignment_changes
from portal.caseload.responsibility import absent_contacts
from portal.employers import renewal_service as service
from portal.employers.blueprint import bp
from portal.employers.employee_queries import SORTS, assignments_with_absent_ad, employee_rows, prompt_cards
from portal.employers.renewal_forms import RenewalForm
from portal.extensions import db
from portal.formatting import local_today
from portal.jobcoach.coach_context import employee_coach_context
from portal.models import CONTRACT_TYPES, ContractEndNotice, Employment
from portal.pagination import paginate
from portal.query_plans import reused_plan
from portal.questions.question_service import open_questions_by_employment
from portal.web import form_step


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
    listing = employee_rows(current_user, today, search, ending_only, sort, warning_days)
    if search:
        page = paginate(listing)  # planned for the search text
    else:
        with reused_plan():  # planning it took four times as long as running it (portal/query_plans.py)
            page = paginate(listing)
    return render_template(
        "employers/dashboard.html",
        page=page,
        # "Ik twijfel" questions still open, per row: the row links to the question instead.
        open_questions=open_questions_by_employment(current_user, [row.employment_id for row in page.items]),
        absent=absent_contacts(assignments_with_absent_ad(current_user, today), today),
        prompts=open_prompts(current_user),
        search=search,
        ending_only=ending_only,
        sort=sort,
        warning_until=today + timedelta(days=warning_days),
        today=today,
        contract_types=CONTRACT_TYPES,
    )


@bp.route("/medewerkers/<int:employee_id>")
@allow("employer", "ad")
def employee(employee_id: int):
    employee = get_visible_or_404(employees_visible_to(current_user), employee_id)
    audit.record("view_employee", "employee", employee.id, employee.id)
    notices = db.session.scalars(
        notices_visible_to(current_user)
        .where(Employment.employee_id == employee.id)
        .order_by(ContractEndNotice.created_at.desc())
    ).all()
    open_notice_by_employment = {n.employment_id: n for n in notices if n.is_open}
    today = local_today()
    return render_template(
        "employers/employee.html",
        employee=employee,
        absent=absent_contacts([employee.current_assignment], today) if is_told_who_covers(current_user) else [],
        changes=assignment_changes(employee),
        notices=notices,
        open_notice_by_employment=open_notice_by_employment,
        may_report_end=may_report_contract_end(current_user),
        today=today,
        **employee_coach_context(current_user, employee),
    )


TASKS_SHOWN = 5


def open_prompts(user) -> Sequence:
    """The first open contract-end questions (tasks) as rows (prompt_cards); the rest are one click away."""
    return db.session.execute(prompt_cards(prompts_visible_to(user)).limit(TASKS_SHOWN + 1)).all()


@bp.route("/vragen/<int:prompt_id>/verlengd", methods=["GET", "POST"])
@allow("employer")
def renewed(prompt_id: int):
    """Answer 'Wordt verlengd' to the contract-end question."""
    prompt = get_visible_or_404(prompts_visible_to(current_user), prompt_id)
    form = RenewalForm()
    return form_step(
        form,
        lambda: service.record_renewal(
            current_user, prompt, form.new_end_date.data, form.choice.data == "permanent", local_today()
        ),
        _("Dank u. Het contract staat nu als verlengd in de portal."),
        url_for("employers.dashboard"),
    ) or render_template("employers/renewed.html", form=form, prompt=prompt)

