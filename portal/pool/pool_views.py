"""The WSP's side of the pool: each region's candidates, claiming one, matching both ways with
reasons, and proposing a candidate (from the pool or from outside) to a refill request."""
from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import case, func, select
from sqlalchemy.orm import joinedload, load_only, raiseload, selectinload, undefer_group

from portal.audit import access_log_service as audit
from portal.auth.permissions import (
    allow,
    allowed_actions,
    get_visible_or_404,
    may_propose,
    may_see_pool,
    may_see_profile_matches,
    may_see_refill_proposals,
    profiles_visible_to,
    proposals_visible_to,
    refills_visible_to,
)
from portal.extensions import db
from portal.models import POOL_STATES, CandidateProfile, Proposal, RefillRequest, Region, User, user_regions
from portal.pagination import Listing, paginate
from portal.pool import matching
from portal.pool import profile_service as profiles
from portal.pool import proposal_service as service
from portal.pool.blueprint import bp
from portal.pool.pool_forms import OutsideCandidateForm, ProposeForm
from portal.web import form_step, run_step
from portal.workflows import PROFILE_WORKFLOW, PROPOSAL_WORKFLOW, timeline


def refill_pool_context(user, refill: RefillRequest) -> dict:
    """What the refill request's page shows of the pool: its proposals, pseudonymous."""
    show = may_see_refill_proposals(user)
    proposals = db.session.scalars(
        proposals_visible_to(user).where(Proposal.refill_id == refill.id)
        .options(joinedload(Proposal.profile)).order_by(Proposal.created_at)
    ).all() if show else []
    return {"show_proposals": show, "proposals": proposals, "proposal_states": PROPOSAL_WORKFLOW.states,
            "may_search_pool": may_see_pool(user) and refill.is_open and refill.region_id is not None}


def _profile_or_404(profile_id: int) -> CandidateProfile:
    return get_visible_or_404(profiles_visible_to(current_user), profile_id)


def _refill_or_404(refill_id: int) -> RefillRequest:
    return get_visible_or_404(refills_visible_to(current_user), refill_id)


def _user_region_ids() -> list[int]:
    return list(db.session.scalars(select(user_regions.c.region_id).where(user_regions.c.user_id == current_user.id)))


@bp.route("/wsp/kandidaten")
@allow("wsp")
def index():
    """Candidates not yet picked up first, nearest deadline first; then available soonest."""
    view = request.args.get("toon", "open")
    chosen = profiles_visible_to(current_user)
    if view == "mijn":
        chosen = chosen.where(CandidateProfile.claimed_by_id == current_user.id, CandidateProfile.status.in_(POOL_STATES))
    else:
        view = "open"
        chosen = chosen.where(CandidateProfile.status.in_(POOL_STATES))
    unclaimed_first = case((CandidateProfile.status == "published", 0), else_=1)
    # Only the columns the list shows. The adviser's name is a subquery in the select list, so
    # PostgreSQL looks it up for the page's rows after the sort; joined (and counted) in the same
    # statement, the region's whole pool was widened before the sort (2.5 -> 1.8 ms of database
    # time at national scale; issue 21). The total may be a minute old.
    adviser_name = select(User.name).where(User.id == CandidateProfile.claimed_by_id).scalar_subquery()
    rows = chosen.add_columns(adviser_name.label("adviser_name")).options(
        load_only(CandidateProfile.code, CandidateProfile.hours_wanted, CandidateProfile.suitable_work,
                  CandidateProfile.available_from, CandidateProfile.status, CandidateProfile.response_due,
                  CandidateProfile.claimed_by_id, CandidateProfile.created_at),
        selectinload(CandidateProfile.regions).load_only(Region.name),
        raiseload(CandidateProfile.claimed_by),  # the name above; a load per row would be a query each
    ).order_by(unclaimed_first, CandidateProfile.response_due, CandidateProfile.available_from,
               CandidateProfile.created_at.desc(), CandidateProfile.id)
    count = select(func.count()).select_from(chosen.with_only_columns(CandidateProfile.id).subquery())
    page = paginate(Listing(rows=rows, count=count, count_key=("pool", current_user.id, view)))
    return render_template("pool/index.html", page=page, view=view, states=PROFILE_WORKFLOW.states)


@bp.route("/kandidaten/<int:profile_id>")
@allow("wsp", "ad")
def profile(profile_id: int):
    options = [selectinload(CandidateProfile.regions)]
    if may_see_profile_matches(current_user):  # the matching reads the terms: with the profile, not apart
        options.append(undefer_group("search_terms"))
    candidate = get_visible_or_404(profiles_visible_to(current_user).options(*options), profile_id)
    audit.record("view_profile", "profile", candidate.id, audit.subject_employee_id("profile", candidate.id))
    matches = []
    if may_see_profile_matches(current_user) and candidate.in_pool:
        served = set(_user_region_ids())
        matches = matching.refills_for_profile(candidate, [r.id for r in candidate.regions if r.id in served])
    proposals = db.session.scalars(
        proposals_visible_to(current_user).where(Proposal.profile_id == candidate.id)
        .options(joinedload(Proposal.refill).joinedload(RefillRequest.organisation)).order_by(Proposal.created_at.desc())
    ).all()
    proposed_refill_ids = {p.refill_id for p in proposals}
    return render_template(
        "pool/profile.html", profile=candidate, matches=matches, proposals=proposals,
        proposed_refill_ids=proposed_refill_ids, states=PROFILE_WORKFLOW.states, proposal_states=PROPOSAL_WORKFLOW.states,
        actions=allowed_actions(current_user, PROFILE_WORKFLOW, candidate, visible=True),
        events=timeline(PROFILE_WORKFLOW, candidate), workflow=PROFILE_WORKFLOW,
        show_matches=may_see_profile_matches(current_user),
    )


@bp.route("/kandidaten/<int:profile_id>/oppakken", methods=["POST"])
@allow("wsp")
def claim(profile_id: int):
    candidate = _profile_or_404(profile_id)
    if run_step(lambda: profiles.claim(current_user, candidate, visible=True)):
        flash(_("U begeleidt deze kandidaat nu. De arbeidsdeskundige krijgt bericht."), "success")
    return redirect(url_for("pool.profile", profile_id=candidate.id))


@bp.route("/herbezetting/<int:refill_id>/kandidaten-zoeken")
@allow("wsp")
def refill_matches(refill_id: int):
    refill = _refill_or_404(refill_id)
    matches = matching.candidates_for_refill(refill) if refill.region_id and refill.is_open else []
    proposed = set(db.session.scalars(select(Proposal.profile_id).where(Proposal.refill_id == refill.id)))
    return render_template("pool/refill_matches.html", refill=refill, matches=matches, proposed=proposed,
                           may_propose=may_propose(current_user, refill), states=PROFILE_WORKFLOW.states)


@bp.route("/herbezetting/<int:refill_id>/voorstellen", methods=["POST"])
@allow("wsp")
def propose(refill_id: int):
    refill = _refill_or_404(refill_id)
    form = ProposeForm()
    back = request.form.get("terug") == "kandidaat"
    if not form.validate_on_submit():
        flash(_("Kies een kandidaat."), "error")
        return redirect(url_for("pool.refill_matches", refill_id=refill.id))
    candidate = _profile_or_404(form.profile_id.data)
    made = []
    if run_step(lambda: made.append(service.propose(current_user, refill, candidate, visible=True))):
        flash(_("Kandidaat %(code)s is voorgesteld. De werkgever krijgt bericht.", code=candidate.code), "success")
        return redirect(url_for("pool.proposal", proposal_id=made[0].id))
    if back:
        return redirect(url_for("pool.profile", profile_id=candidate.id))
    return redirect(url_for("pool.refill_matches", refill_id=refill.id))


@bp.route("/herbezetting/<int:refill_id>/kandidaat-van-buiten", methods=["GET", "POST"])
@allow("wsp")
def propose_outside(refill_id: int):
    refill = _refill_or_404(refill_id)
    form = OutsideCandidateForm()
    return form_step(
        form,
        lambda: service.propose(current_user, refill, None, form.outside.data or "", form.note.data or "", visible=True),
        _("De kandidaat is voorgesteld. De werkgever krijgt bericht."),
        url_for("vacancies.show", refill_id=refill.id),
    ) or render_template("pool/outside.html", form=form, refill=refill)
