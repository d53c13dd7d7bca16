"""The job coach's own pages (issue 16.2): the employments they coach, and on each the employee,
the AD contacts, the open notice and its status; the signal, note and job-finding steps."""
from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy.orm import selectinload

from portal.audit import access_log_service as audit
from portal.auth.permissions import (
    allow,
    coached_employments,
    coached_notices,
    concerns_visible_to,
    get_visible_or_404,
    job_findings_visible_to,
    may_add_coach_note,
)
from portal.extensions import db
from portal.jobcoach import coach_service as service
from portal.jobcoach.coach_forms import CoachNoteForm, ConcernForm, JobFindingResultForm
from portal.models import OPEN_NOTICE_STATES, ConcernSignal, ContractEndNotice, Employee, Employment
from portal.web import form_step, run_step
from portal.workflows import CONCERN_WORKFLOW, JOB_FINDING_WORKFLOW, NOTICE_WORKFLOW

bp = Blueprint("jobcoach", __name__)


@bp.route("/jobcoach")
@allow("jobcoach")
def index():
    employments = db.session.scalars(
        coached_employments(current_user)
        .options(selectinload(Employment.employee).selectinload(Employee.organisation))
        .order_by(Employee.name, Employment.id)
    ).all()
    notices = db.session.scalars(coached_notices(current_user).where(ContractEndNotice.status.in_(OPEN_NOTICE_STATES)))
    return render_template("jobcoach/index.html", employments=employments,
                           open_notices={n.employment_id: n for n in notices}, states=NOTICE_WORKFLOW.states)


def _open_notice(employment_id: int):
    return db.session.scalars(coached_notices(current_user).where(
        ContractEndNotice.employment_id == employment_id, ContractEndNotice.status.in_(OPEN_NOTICE_STATES))).first()


@bp.route("/jobcoach/dienstverbanden/<int:employment_id>")
@allow("jobcoach")
def employment(employment_id: int):
    employment = get_visible_or_404(coached_employments(current_user), employment_id)
    audit.record("view_employee", "employee", employment.employee_id, employment.employee_id)
    notice = _open_notice(employment.id)
    signals = db.session.scalars(concerns_visible_to(current_user).where(ConcernSignal.employment_id == employment.id)
                                 .order_by(ConcernSignal.id.desc())).all()
    assignments = db.session.scalars(job_findings_visible_to(current_user).where(
        Employment.id == employment.id).order_by(ContractEndNotice.id.desc())).all()
    return render_template(
        "jobcoach/employment.html", employment=employment, employee=employment.employee, notice=notice,
        states=NOTICE_WORKFLOW.states, signals=signals, signal_states=CONCERN_WORKFLOW.states,
        notes=service.notes_of(notice, current_user) if notice else [],
        may_add_note=notice is not None and may_add_coach_note(current_user, notice),
        assignments=assignments, job_finding_states=JOB_FINDING_WORKFLOW.states,
    )


@bp.route("/jobcoach/dienstverbanden/<int:employment_id>/signaal", methods=["GET", "POST"])
@allow("jobcoach")
def report(employment_id: int):
    employment = get_visible_or_404(coached_employments(current_user), employment_id)
    form = ConcernForm()
    return form_step(
        form, lambda: service.report_concern(current_user, employment, form.kind.data or "", form.text.data or ""),
        _("Uw zorgen-signaal is verstuurd naar de arbeidsdeskundige."),
        url_for("jobcoach.employment", employment_id=employment.id),
    ) or render_template("jobcoach/report.html", form=form, employment=employment)


@bp.route("/jobcoach/meldingen/<int:notice_id>/notitie", methods=["GET", "POST"])
@allow("jobcoach")
def note(notice_id: int):
    notice = get_visible_or_404(coached_notices(current_user), notice_id)
    form = CoachNoteForm()
    return form_step(
        form, lambda: service.add_note(current_user, notice, form.text.data or ""),
        _("Uw notitie is opgeslagen."), url_for("jobcoach.employment", employment_id=notice.employment_id),
    ) or render_template("jobcoach/note.html", form=form, notice=notice, may_add=may_add_coach_note(current_user, notice))


@bp.route("/jobcoach/jobfinding/<int:assignment_id>/accepteren", methods=["POST"])
@allow("jobcoach")
def accept(assignment_id: int):
    assignment = get_visible_or_404(job_findings_visible_to(current_user), assignment_id)
    if run_step(lambda: service.accept_job_finding(current_user, assignment, visible=True)):
        flash(_("U heeft de opdracht geaccepteerd. De arbeidsdeskundige ziet dit nu."), "success")
    return redirect(url_for("jobcoach.employment", employment_id=assignment.notice.employment_id))


RESULT_DONE = _l("Het resultaat is vastgelegd. De arbeidsdeskundige ziet het nu.")


@bp.route("/jobcoach/jobfinding/<int:assignment_id>/resultaat", methods=["GET", "POST"])
@allow("jobcoach")
def result(assignment_id: int):
    assignment = get_visible_or_404(job_findings_visible_to(current_user), assignment_id)
    form = JobFindingResultForm()
    return form_step(
        form, lambda: service.record_job_finding_result(current_user, assignment, form.result.data or "",
                                                        form.note.data or "", visible=True),
        str(RESULT_DONE), url_for("jobcoach.employment", employment_id=assignment.notice.employment_id),
    ) or render_template("jobcoach/result.html", form=form, assignment=assignment,
                         states=JOB_FINDING_WORKFLOW.states)
