"""One proposal: the vacancy's employer sees the pseudonymous profile and answers; the
candidate's AD records the agreement to the introduction; the adviser records the stages and the
hire. The employer sees the name and contact only after that agreement."""
from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy.orm import joinedload

from portal.audit import access_log_service as audit
from portal.auth.permissions import (
    allow,
    allowed_actions,
    get_visible_or_404,
    may_record_introduction_consent,
    may_see_candidate_identity,
    proposals_visible_to,
)
from portal.formatting import local_today
from portal.models import CandidateProfile, Employee, Proposal, RefillRequest
from portal.pool import hire_service
from portal.pool import proposal_service as service
from portal.pool.blueprint import bp
from portal.pool.pool_forms import HireForm, IntroductionConsentForm, RejectForm, WithdrawProposalForm
from portal.web import form_step, run_step
from portal.workflows import PROFILE_WORKFLOW, PROPOSAL_WORKFLOW, timeline

OPTIONS = (
    joinedload(Proposal.refill).options(joinedload(RefillRequest.organisation), joinedload(RefillRequest.location),
                                        joinedload(RefillRequest.contact)),
    joinedload(Proposal.profile).selectinload(CandidateProfile.regions),
    joinedload(Proposal.proposed_by),
)


def _proposal_or_404(proposal_id: int) -> Proposal:
    return get_visible_or_404(proposals_visible_to(current_user).options(*OPTIONS), proposal_id)


def _identity(proposal: Proposal) -> dict | None:
    """Name and the AD to contact: for the vacancy's employer after the introduction consent only."""
    if not may_see_candidate_identity(current_user, proposal) or proposal.profile is None:
        return None
    notice = proposal.profile.notice
    employee: Employee = notice.employment.employee
    assignment = employee.current_assignment
    audit.record("view_candidate_identity", "proposal", proposal.id, employee.id)
    return {"name": employee.name, "ad": assignment.ad if assignment else None}


@bp.route("/voorstellen/<int:proposal_id>")
@allow("employer", "wsp", "ad")
def proposal(proposal_id: int):
    item = _proposal_or_404(proposal_id)
    if item.profile_id is not None:
        audit.record("view_profile", "proposal", item.id, audit.subject_employee_id("proposal", item.id))
    may_consent = may_record_introduction_consent(current_user, item, visible=True)
    return render_template(
        "pool/proposal.html", proposal=item, refill=item.refill, profile=item.profile, identity=_identity(item),
        actions=allowed_actions(current_user, PROPOSAL_WORKFLOW, item, visible=True),
        consent_form=IntroductionConsentForm() if may_consent else None,
        states=PROPOSAL_WORKFLOW.states, profile_states=PROFILE_WORKFLOW.states,
        events=timeline(PROPOSAL_WORKFLOW, item), workflow=PROPOSAL_WORKFLOW,
    )


def _back(item: Proposal):
    return redirect(url_for("pool.proposal", proposal_id=item.id))


@bp.route("/voorstellen/<int:proposal_id>/kennismaken", methods=["POST"])
@allow("employer")
def interested(proposal_id: int):
    item = _proposal_or_404(proposal_id)
    if run_step(lambda: service.answer(current_user, item, True, "", visible=True)):
        flash(_("U wilt kennismaken. De arbeidsdeskundige vraagt de kandidaat om toestemming; daarna ziet u de naam."),
              "success")
    return _back(item)


@bp.route("/voorstellen/<int:proposal_id>/afwijzen", methods=["GET", "POST"])
@allow("employer")
def reject(proposal_id: int):
    item = _proposal_or_404(proposal_id)
    form = RejectForm()
    return form_step(
        form, lambda: service.answer(current_user, item, False, form.reason.data or "", visible=True),
        _("U heeft laten weten dat deze kandidaat niet past."), url_for("pool.proposal", proposal_id=item.id),
    ) or render_template("pool/reject.html", form=form, proposal=item)


@bp.route("/voorstellen/<int:proposal_id>/toestemming-kennismaking", methods=["POST"])
@allow("ad")
def introduction_consent(proposal_id: int):
    item = _proposal_or_404(proposal_id)
    form = IntroductionConsentForm()
    return form_step(
        form,
        lambda: service.record_introduction_consent(current_user, item, form.consent_date.data, local_today(),
                                                    visible=True),
        _("De toestemming is vastgelegd. De werkgever ziet nu de naam en uw contactgegevens."),
        url_for("pool.proposal", proposal_id=item.id),
    ) or render_template("pool/introduction_consent.html", form=form, proposal=item)


@bp.route("/voorstellen/<int:proposal_id>/proefplaatsing", methods=["POST"])
@allow("wsp")
def start_trial(proposal_id: int):
    item = _proposal_or_404(proposal_id)
    if run_step(lambda: service.start_trial(current_user, item, visible=True)):
        flash(_("De proefplaatsing is vastgelegd."), "success")
    return _back(item)


@bp.route("/voorstellen/<int:proposal_id>/aannemen", methods=["GET", "POST"])
@allow("wsp")
def hire(proposal_id: int):
    item = _proposal_or_404(proposal_id)
    form = HireForm()
    if not form.is_submitted():
        form.hours.data = item.refill.hours_per_week
    return form_step(
        form,
        lambda: hire_service.hire(current_user, item, form.start_date.data, form.hours.data,
                                  form.contract_type.data or "", visible=True),
        _("De kandidaat is aangenomen. De plek is vervuld en de melding is afgerond."),
        url_for("pool.proposal", proposal_id=item.id),
    ) or render_template("pool/hire.html", form=form, proposal=item)


@bp.route("/voorstellen/<int:proposal_id>/terugtrekken", methods=["GET", "POST"])
@allow("wsp")
def withdraw_proposal(proposal_id: int):
    item = _proposal_or_404(proposal_id)
    form = WithdrawProposalForm()
    return form_step(
        form, lambda: service.withdraw(current_user, item, form.note.data or "", visible=True),
        _("De kandidaat is teruggetrokken."), url_for("pool.proposal", proposal_id=item.id),
    ) or render_template("pool/withdraw.html", form=form, proposal=item)

