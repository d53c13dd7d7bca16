"""Nazorg: the AD answers "Heeft <naam> werk gevonden?" (issue 15.2)."""
from flask import render_template, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy.orm import joinedload

from portal.audit import access_log_service as audit
from portal.auth.permissions import allow, follow_ups_visible_to, get_visible_or_404, works_on
from portal.formatting import local_today
from portal.models import ContractEndNotice, Employee, Employment, FollowUpTask, Location
from portal.notices import follow_up_service as service
from portal.notices.follow_up_forms import FollowUpForm
from portal.notices.follow_up_service import FollowUpAnswer
from portal.notices.notice_views import bp
from portal.notices.outcome_rules import NEW_JOB
from portal.notices.outcome_views import employer_choices, job_input
from portal.web import form_step
from portal.workflows import FOLLOW_UP_WORKFLOW

DONE = {
    "found_job": _l("De nieuwe baan is vastgelegd. De nazorg is klaar."),
    "not_yet": _l("Het antwoord is vastgelegd. De volgende vraag komt vanzelf in uw inbox."),
    "stop": _l("De nazorg is gestopt."),
}


# What the page shows and checks: the employee's name, the former employer, the current AD. With
# the task in one statement instead of five loads from the view and the template (issue 21).
FOLLOW_UP_OPTIONS = (
    joinedload(FollowUpTask.notice).joinedload(ContractEndNotice.employment).options(
        joinedload(Employment.employee).selectinload(Employee.assignments),
        joinedload(Employment.location).joinedload(Location.organisation)),
)


@bp.route("/nazorg/<int:task_id>", methods=["GET", "POST"])
@allow("ad")
def follow_up(task_id: int):
    task = get_visible_or_404(follow_ups_visible_to(current_user).options(*FOLLOW_UP_OPTIONS), task_id)
    audit.record("view_follow_up", "follow_up", task.id, task.employee_id)  # a copy kept with the task (test_employee_copies)
    form = FollowUpForm()
    form.employer_id.choices = employer_choices()
    answer = FollowUpAnswer(
        answer=form.answer.data or "",
        job=job_input(form, NEW_JOB),
        next_step=form.next_step.data or "",
        next_step_date=form.next_step_date.data,
        reason=form.reason.data or "",
    )
    return form_step(
        form,
        lambda: service.answer(current_user, task, answer, local_today(), visible=True),
        str(DONE.get(answer.answer, "")),
        url_for("notices.show", notice_id=task.notice_id),
    ) or render_template("notices/follow_up.html", form=form, task=task, notice=task.notice,
                         is_open=task.is_open and task.opens_on <= local_today(),
                         # A team lead may open an escalated question; answering is the owner's.
                         may_answer=works_on(current_user, task.notice.employment),
                         states=FOLLOW_UP_WORKFLOW.states)
