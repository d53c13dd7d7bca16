"""The other side of the job coach's work (issue 16.2): the AD answers a concern signal (the
employer reads it), the AD gives a job-finding assignment, the employer invites a job coach."""
from flask import render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from portal.audit import access_log_service as audit
from portal.auth.permissions import (
    allow,
    coaches_of,
    concerns_visible_to,
    employments_visible_to,
    get_visible_or_404,
    may_assign_job_finding,
    may_invite_job_coach,
    notices_visible_to,
    works_on,
)
from portal.extensions import db
from portal.formatting import local_today
from portal.jobcoach import coach_service as service
from portal.jobcoach import invite_service
from portal.jobcoach.coach_forms import AssignJobFindingForm, HandleConcernForm, InviteCoachForm
from portal.jobcoach.coach_views import bp
from portal.web import form_step
from portal.workflows import CONCERN_WORKFLOW, timeline


@bp.route("/signalen/<int:signal_id>", methods=["GET", "POST"])
@allow("ad", "employer", "jobcoach")
def signal(signal_id: int):
    signal = get_visible_or_404(concerns_visible_to(current_user), signal_id)
    audit.record("view_concern", "concern", signal.id, signal.employment.employee_id)
    may_handle = signal.is_open and current_user.role == "ad" and works_on(current_user, signal.employment)
    form = HandleConcernForm()
    done = may_handle and form_step(
        form, lambda: service.handle_concern(current_user, signal, form.response.data or "", visible=True),
        _("Uw reactie is opgeslagen en naar de jobcoach gestuurd."), url_for("caseload.inbox"))
    return done or render_template("jobcoach/signal.html", signal=signal, form=form, may_handle=may_handle,
                                   states=CONCERN_WORKFLOW.states, events=timeline(CONCERN_WORKFLOW, signal),
                                   workflow=CONCERN_WORKFLOW, today=local_today())


@bp.route("/meldingen/<int:notice_id>/jobfinding", methods=["GET", "POST"])
@allow("ad")
def assign(notice_id: int):
    notice = get_visible_or_404(notices_visible_to(current_user), notice_id)
    form = AssignJobFindingForm()
    links = db.session.scalars(coaches_of(notice.employment_id)).all()
    form.coach_id.choices = [("", _("Kies een jobcoach"))] + [(str(link.coach_id), link.coach.name) for link in links]
    coach_id = int(form.coach_id.data) if (form.coach_id.data or "").isdigit() and len(form.coach_id.data) < 10 else None
    return form_step(
        form, lambda: service.assign_job_finding(current_user, notice, coach_id, form.hours.data, form.start_date.data,
                                                 form.end_date.data, local_today()),
        _("De opdracht is naar de jobcoach gestuurd."), url_for("notices.show", notice_id=notice.id),
    ) or render_template("jobcoach/assign.html", form=form, notice=notice, has_coaches=bool(links),
                         may_assign=may_assign_job_finding(current_user, notice))


@bp.route("/dienstverbanden/<int:employment_id>/jobcoach", methods=["GET", "POST"])
@allow("employer", "admin", when=may_invite_job_coach)
def invite(employment_id: int):
    employment = get_visible_or_404(employments_visible_to(current_user), employment_id)
    form = InviteCoachForm()
    return form_step(
        form, lambda: invite_service.invite_job_coach(
            current_user, employment, name=form.name.data or "", email=form.email.data or "",
            kind=form.kind.data or "", organisation_name=form.organisation_name.data or "",
            phone=form.phone.data or ""),
        _("De jobcoach is gekoppeld. Een nieuwe jobcoach krijgt een uitnodiging per e-mail."),
        url_for("employers.employee", employee_id=employment.employee_id) if current_user.role == "employer"
        else url_for("jobcoach.invite", employment_id=employment.id),
    ) or render_template("jobcoach/invite.html", form=form, employment=employment,
                         coaches=db.session.scalars(coaches_of(employment.id)).all())
