"""The AD's side of the pool, on the notice page: the person's consent to a profile, the draft
from the handover notes, editing, publishing, pausing and withdrawing; the former employer sees
only that a profile exists and its status."""
from __future__ import annotations

from collections.abc import Sequence

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from portal.auth.permissions import (
    allow,
    allowed_actions,
    get_visible_or_404,
    may_manage_profile,
    may_record_profile_consent,
    notices_visible_to,
    profiles_visible_to,
    proposals_visible_to,
)
from portal.extensions import db
from portal.formatting import local_today
from portal.models import CandidateProfile, ContractEndNotice, Proposal, RefillRequest, Region
from portal.pool import profile_service as service
from portal.pool.blueprint import bp
from portal.pool.pool_forms import ProfileConsentForm, ProfileForm
from portal.web import form_step, run_step
from portal.workflows import PROFILE_WORKFLOW, PROPOSAL_WORKFLOW


def notice_pool_context(user, notice: ContractEndNotice) -> dict:
    """What the notice page shows of the pool: the AD everything of its candidate, the former
    employer that a profile exists and its status (not the matches or proposals)."""
    manage = may_manage_profile(user, notice)
    # The AD sees the profile's details, regions included: loaded with it, not by the template.
    options = (joinedload(CandidateProfile.claimed_by),) + ((joinedload(CandidateProfile.regions),) if manage else ())
    profile = db.session.scalars(
        select(CandidateProfile).where(CandidateProfile.notice_id == notice.id).options(*options)
    ).unique().first()
    proposals: Sequence[Proposal] = []
    if manage and profile is not None:
        proposals = db.session.scalars(
            proposals_visible_to(user).where(Proposal.profile_id == profile.id)
            .options(joinedload(Proposal.refill).joinedload(RefillRequest.organisation))
            .order_by(Proposal.created_at.desc())
        ).all()
    may_consent = may_record_profile_consent(user, notice, visible=True) and not notice.has_profile_consent
    return {
        "profile": profile,
        "profile_states": PROFILE_WORKFLOW.states,
        "proposal_states": PROPOSAL_WORKFLOW.states,
        "may_manage_profile": manage,
        "profile_actions": allowed_actions(user, PROFILE_WORKFLOW, profile, visible=True) if manage and profile else set(),
        "profile_consent_form": ProfileConsentForm() if may_consent else None,
        "may_start_profile": manage and profile is None and notice.status in ("acknowledged", "plan_recorded"),
        "profile_proposals": proposals,
    }


def _notice_or_404(notice_id: int) -> ContractEndNotice:
    return get_visible_or_404(notices_visible_to(current_user), notice_id)


def _profile_or_404(profile_id: int) -> CandidateProfile:
    return get_visible_or_404(profiles_visible_to(current_user), profile_id)


@bp.route("/meldingen/<int:notice_id>/profiel-toestemming", methods=["POST"])
@allow("ad")
def record_consent(notice_id: int):
    notice = _notice_or_404(notice_id)
    form = ProfileConsentForm()
    return form_step(
        form,
        lambda: service.record_profile_consent(current_user, notice, form.consent_date.data, form.method.data or "",
                                               local_today(), visible=True),
        _("De toestemming voor een kandidaatprofiel is vastgelegd."),
        url_for("notices.show", notice_id=notice.id),
    ) or render_template("pool/profile_consent.html", form=form, notice=notice)


@bp.route("/meldingen/<int:notice_id>/profiel-maken", methods=["POST"])
@allow("ad")
def start_draft(notice_id: int):
    notice = _notice_or_404(notice_id)
    made = []
    if run_step(lambda: made.append(service.start_draft(current_user, notice, visible=True))):
        flash(_("Er is een concept gemaakt uit de overdracht. Haal alles weg waaraan iemand de kandidaat herkent."), "success")
        return redirect(url_for("pool.edit", profile_id=made[0].id))
    return redirect(url_for("notices.show", notice_id=notice.id))


def _input(form: ProfileForm) -> service.ProfileInput:
    return service.ProfileInput(
        available_from=form.available_from.data, hours_wanted=form.hours_wanted.data,
        suitable_work=form.suitable_work.data or "", strengths=form.strengths.data or "",
        adaptations=form.adaptations.data or "", job_coach=form.job_coach.data or "",
        travel=form.travel.data or "", summary=form.summary.data or "", region_ids=list(form.region_ids.data or []),
    )


@bp.route("/kandidaten/<int:profile_id>/bewerken", methods=["GET", "POST"])
@allow("ad")
def edit(profile_id: int):
    profile = _profile_or_404(profile_id)
    form = ProfileForm(obj=profile if request.method == "GET" else None)
    form.region_ids.choices = [(r.id, f"{r.name} ({r.code})") for r in db.session.scalars(select(Region).order_by(Region.name))]
    if request.method == "GET":
        form.region_ids.data = [r.id for r in profile.regions]
    return form_step(
        form,
        lambda: service.edit(current_user, profile, _input(form), visible=True),
        _("Het profiel is opgeslagen."),
        url_for("notices.show", notice_id=profile.notice_id) + "#kandidaatprofiel",
    ) or render_template("pool/profile_form.html", form=form, profile=profile)


@bp.route("/kandidaten/<int:profile_id>/publiceren", methods=["POST"])
@allow("ad")
def publish(profile_id: int):
    profile = _profile_or_404(profile_id)
    if run_step(lambda: service.publish(current_user, profile)):
        flash(_("Het profiel staat in de kandidatenpool. De adviseurs van de regio krijgen bericht."), "success")
    return redirect(url_for("notices.show", notice_id=profile.notice_id) + "#kandidaatprofiel")


@bp.route("/kandidaten/<int:profile_id>/pauzeren", methods=["POST"])
@allow("ad")
def pause(profile_id: int):
    profile = _profile_or_404(profile_id)
    if run_step(lambda: service.pause(current_user, profile)):
        flash(_("Het profiel is gepauzeerd: het staat niet meer in de pool."), "success")
    return redirect(url_for("notices.show", notice_id=profile.notice_id) + "#kandidaatprofiel")


@bp.route("/kandidaten/<int:profile_id>/intrekken", methods=["POST"])
@allow("ad")
def withdraw_profile(profile_id: int):
    profile = _profile_or_404(profile_id)
    if run_step(lambda: service.withdraw(current_user, profile)):
        flash(_("Het profiel is ingetrokken. Lopende voorstellen vervallen."), "success")
    return redirect(url_for("notices.show", notice_id=profile.notice_id) + "#kandidaatprofiel")
