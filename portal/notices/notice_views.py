from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy.orm import contains_eager, joinedload

from portal.audit import access_log_service as audit
from portal.auth.permissions import (
    allow,
    allowed_actions,
    count_notices_visible_to,
    drafts_visible_to,
    get_visible_or_404,
    is_told_of_delay,
    is_told_who_covers,
    may_change_consent,
    may_read_handover_notes,
    may_see_new_job_and_follow_up,
    may_see_notice_viewers,
    notices_visible_to,
)
from portal.caseload.responsibility import absent_contacts
from portal.clock import promised_after_delay
from portal.employee_access.employee_views import notice_employee_context
from portal.extensions import db
from portal.formatting import local_today
from portal.jobcoach.coach_context import notice_coach_context
from portal.models import (
    CONTRACT_TYPES,
    HANDOVER_FIELDS,
    CaseworkerAssignment,
    ContractEndNotice,
    Employee,
    Employment,
    Location,
    Municipality,
    NoticeDraft,
    RefillRequest,
)
from portal.nav import back_link
from portal.notices import consent_service as consent
from portal.notices import draft_service as drafts
from portal.notices import notice_pdf as pdf
from portal.notices import notice_service as service
from portal.notices.follow_up_service import follow_ups_of
from portal.notices.notice_forms import ConsentForm, PlanForm, WithdrawForm
from portal.pagination import Listing, paginate
from portal.pool.profile_views import notice_pool_context
from portal.threads.thread_views import thread_context
from portal.web import form_step, pdf_response, run_step
from portal.workflows import FOLLOW_UP_WORKFLOW, NOTICE_WORKFLOW, REFILL_WORKFLOW, TimelineLabels, timeline

bp = Blueprint("notices", __name__)


# What the notice page shows, loaded with the notice (the scope joins employment and employee):
# was a lazy load per object.
SHOW_OPTIONS = (
    contains_eager(ContractEndNotice.employment).contains_eager(Employment.employee)
    .selectinload(Employee.assignments).options(
        joinedload(CaseworkerAssignment.ad), joinedload(CaseworkerAssignment.backup_ad)),
    contains_eager(ContractEndNotice.employment).joinedload(Employment.location).joinedload(Location.organisation),
    joinedload(ContractEndNotice.filed_by),
    joinedload(ContractEndNotice.refill_request).options(
        joinedload(RefillRequest.claimed_by), joinedload(RefillRequest.region)),
)


# What filing needs besides the contract: the ADs to tell and the workplace's region (where the
# refill request goes), loaded with it instead of a lazy load each.
FILING_OPTIONS = (
    contains_eager(Employment.employee).selectinload(Employee.assignments).options(
        joinedload(CaseworkerAssignment.ad), joinedload(CaseworkerAssignment.backup_ad)),
    joinedload(Employment.location).joinedload(Location.municipality).joinedload(Municipality.region),
)


def _notice_or_404(notice_id: int) -> ContractEndNotice:
    return get_visible_or_404(notices_visible_to(current_user), notice_id)


@bp.route("/meldingen")
@allow("employer")
def index():
    query = (
        notices_visible_to(current_user, plan_per_organisation=True)
        .options(contains_eager(ContractEndNotice.employment).contains_eager(Employment.employee))
        .order_by(ContractEndNotice.created_at.desc())
    )
    # The total may be a minute old, as on the employee list (portal/stale_counts.py).
    count_key = ("employer_notices", current_user.organisation_id, local_today())
    page = paginate(Listing(rows=query, count=count_notices_visible_to(current_user), count_key=count_key))
    own_drafts = db.session.scalars(
        drafts_visible_to(current_user).order_by(NoticeDraft.updated_at.desc())
        .options(joinedload(NoticeDraft.employment).joinedload(Employment.employee), joinedload(NoticeDraft.updated_by))
    ).all()
    return render_template("notices/index.html", page=page, states=NOTICE_WORKFLOW.states, drafts=own_drafts)


@bp.route("/meldingen/<int:notice_id>")
@allow("employer", "ad")
def show(notice_id: int):
    notice = get_visible_or_404(notices_visible_to(current_user).options(*SHOW_OPTIONS), notice_id)
    employee_id = notice.employment.employee_id
    audit.record("view_notice", "notice", notice.id, employee_id)
    may_read_notes = may_read_handover_notes(current_user, notice, visible=True)
    if may_read_notes and notice.has_handover_notes:
        audit.record("view_handover_notes", "notice", notice.id, employee_id)
    follow_up_tasks = follow_ups_of(notice) if may_see_new_job_and_follow_up(current_user) else None
    events = timeline(NOTICE_WORKFLOW, notice, (FOLLOW_UP_WORKFLOW, [task.id for task in follow_up_tasks or []]))
    refill = notice.refill_request
    today = local_today()
    page = render_template(
        "notices/show.html",
        notice=notice,
        back_link=back_link("notice"),
        absent=absent_contacts([notice.employment.employee.current_assignment], today)
        if notice.is_open and is_told_who_covers(current_user) else [],
        delayed_until=promised_after_delay(notice.response_due, today)
        if notice.is_open and is_told_of_delay(current_user) else None,
        events=events,
        acknowledged=next((e for e in events if e.action == "acknowledge"), None),
        may_read_notes=may_read_notes,
        # None: this user does not see who viewed the notice (the section is left out).
        viewers=audit.viewers_of_notice(notice.id) if may_see_notice_viewers(current_user) else None,
        handover_fields=HANDOVER_FIELDS,
        actions=allowed_actions(current_user, NOTICE_WORKFLOW, notice, visible=True),
        states=NOTICE_WORKFLOW.states,
        workflow=TimelineLabels(NOTICE_WORKFLOW, FOLLOW_UP_WORKFLOW),
        contract_types=CONTRACT_TYPES,
        follow_up_tasks=follow_up_tasks,
        follow_up_states=FOLLOW_UP_WORKFLOW.states,
        refill=refill,
        refill_states=REFILL_WORKFLOW.states,
        refill_events=timeline(REFILL_WORKFLOW, refill) if refill else [],
        refill_workflow=REFILL_WORKFLOW,
        may_change_consent=may_change_consent(current_user, notice, visible=True),
        consent_form=ConsentForm() if may_change_consent(current_user, notice, visible=True)
        and not notice.consent_given else None,
        **thread_context("notice", notice),
        **notice_pool_context(current_user, notice),
        **notice_coach_context(current_user, notice),
        **notice_employee_context(current_user, notice),
    )
    return page



@bp.route("/meldingen/<int:notice_id>/gelezen", methods=["POST"])
@allow("ad")
def acknowledge(notice_id: int):
    notice = _notice_or_404(notice_id)
    if run_step(lambda: service.acknowledge(current_user, notice)):
        flash(_("U heeft de melding als gelezen gemarkeerd. De werkgever ziet dit nu."), "success")
    return redirect(url_for("notices.show", notice_id=notice.id))


@bp.route("/meldingen/<int:notice_id>/plan", methods=["GET", "POST"])
@allow("ad")
def plan(notice_id: int):
    notice = _notice_or_404(notice_id)
    form = PlanForm(obj=notice if notice.plan_service else None)
    return form_step(
        form,
        lambda: service.record_plan(
            current_user, notice, form.plan_service.data, form.plan_start_date.data, form.plan_reason.data or ""
        ),
        _("Het plan is vastgelegd."),
        # Job finding by the job coach needs the assignment next: the coach, hours and period (issue 16.2).
        url_for("jobcoach.assign", notice_id=notice.id) if form.plan_service.data == "jobcoach_job_finding"
        else url_for("notices.show", notice_id=notice.id),
    ) or render_template("notices/plan.html", form=form, notice=notice)


@bp.route("/meldingen/<int:notice_id>/intrekken", methods=["GET", "POST"])
@allow("employer")
def withdraw(notice_id: int):
    notice = _notice_or_404(notice_id)
    form = WithdrawForm()
    return form_step(
        form,
        lambda: service.withdraw(current_user, notice, form.note.data or ""),
        _("De melding is ingetrokken."),
        url_for("notices.show", notice_id=notice.id),
    ) or render_template("notices/withdraw.html", form=form, notice=notice)


@bp.route("/meldingen/<int:notice_id>/overdrachtsdocument.pdf")
@allow("employer", "ad")
def handover_pdf(notice_id: int):
    notice = _notice_or_404(notice_id)
    audit.record("download_pdf", "notice", notice.id, notice.employment.employee_id)
    return pdf_response(pdf.handover_pdf(current_user, notice), f"overdrachtsdocument-{notice.id}.pdf")


@bp.route("/meldingen/<int:notice_id>/wat-gebeurt-er-nu.pdf")
@allow("employer", "ad")
def next_steps_pdf(notice_id: int):
    notice = _notice_or_404(notice_id)
    audit.record("download_pdf", "notice", notice.id, notice.employment.employee_id)
    return pdf_response(pdf.next_steps_pdf(notice), f"wat-gebeurt-er-nu-{notice.id}.pdf")


@bp.route("/meldingen/<int:notice_id>/toestemming", methods=["POST"])
@allow("employer")
def record_consent(notice_id: int):
    notice = _notice_or_404(notice_id)
    form = ConsentForm()
    return form_step(
        form,
        lambda: consent.record_consent(current_user, notice, form.consent_date.data, local_today()),
        _("De toestemming is vastgelegd. De arbeidsdeskundige kan de notities nu lezen."),
        url_for("notices.show", notice_id=notice.id),
    ) or render_template("notices/consent.html", form=form, notice=notice)


@bp.route("/meldingen/<int:notice_id>/toestemming-intrekken", methods=["POST"])
@allow("employer")
def withdraw_consent(notice_id: int):
    notice = _notice_or_404(notice_id)
    if run_step(lambda: consent.withdraw_consent(current_user, notice)):
        flash(_("De toestemming is ingetrokken. UWV ziet de notities niet meer."), "success")
    return redirect(url_for("notices.show", notice_id=notice.id))


@bp.route("/concepten/<int:draft_id>/verwijderen", methods=["POST"])
@allow("employer")
def delete_draft(draft_id: int):
    draft = get_visible_or_404(drafts_visible_to(current_user), draft_id)
    drafts.delete_draft(current_user, draft)
    flash(_("Het concept is verwijderd."), "success")
    return redirect(url_for("notices.index"))
