"""The candidate pool for a WSP's CRM (its own regions): pseudonymous profiles, read only, as the
region's advisers see them. Matching and proposing stay on the advisers' screens."""
from __future__ import annotations

from flask import jsonify, url_for
from sqlalchemy.orm import selectinload

from portal.api.auth import api_allow, current_client
from portal.api.blueprint import bp, log_view
from portal.api.problems import ApiProblem
from portal.api.wire import iso, page_of, status_filter
from portal.audit.access_log_service import subject_employee_id
from portal.auth.permissions import WSP_PROFILE_STATES, profiles_visible_to_client, proposals_visible_to_client
from portal.extensions import db
from portal.models import CandidateProfile, Proposal
from portal.workflows import PROFILE_WORKFLOW, PROPOSAL_WORKFLOW

OPTIONS = (selectinload(CandidateProfile.regions),)


def profile_json(profile: CandidateProfile) -> dict:
    """No name, birth date, personnel number or former employer: the code stands for the person."""
    return {
        "id": profile.id,
        "code": profile.code,
        "status": profile.status,
        "statusOmschrijving": str(PROFILE_WORKFLOW.states[profile.status]),
        "regios": [region.code for region in profile.regions],
        "beschikbaarVanaf": iso(profile.available_from),
        "urenPerWeek": float(profile.hours_wanted),
        "passendWerk": profile.suitable_work,
        "sterkeKanten": profile.strengths,
        "aanpassingen": profile.adaptations,
        "jobcoach": profile.job_coach,
        "reizen": profile.travel,
        "samenvatting": profile.summary,
        "_links": {"self": {"href": url_for("api.profile", profile_id=profile.id, _external=True)}},
    }


@bp.get("/kandidaten")
@api_allow("pool")
def profiles():
    query, status = status_filter(profiles_visible_to_client(current_client()).options(*OPTIONS),
                                  CandidateProfile.status, WSP_PROFILE_STATES)
    return jsonify(page_of(query.order_by(CandidateProfile.id), "api.profiles", profile_json, status=status))


@bp.get("/kandidaten/<int:profile_id>")
@api_allow("pool")
def profile(profile_id: int):
    found = db.session.scalars(profiles_visible_to_client(current_client()).options(*OPTIONS)
                               .where(CandidateProfile.id == profile_id)).first()
    if found is None:
        log_view("view_profile", "profile", profile_id, None, result="denied")
        raise ApiProblem(404)
    log_view("view_profile", "profile", found.id, subject_employee_id("profile", found.id))
    return jsonify(profile_json(found))


def proposal_json(proposal: Proposal) -> dict:
    """The proposal's state and links: the candidate by profile (pseudonymous), never a name or a note."""
    links = {"self": {"href": url_for("api.proposal", proposal_id=proposal.id, _external=True)},
             "herbezettingsverzoek": {"href": url_for("api.refill_request", refill_id=proposal.refill_id, _external=True)}}
    if proposal.profile_id is not None:
        links["kandidaat"] = {"href": url_for("api.profile", profile_id=proposal.profile_id, _external=True)}
    return {
        "id": proposal.id,
        "status": proposal.status,
        "statusOmschrijving": str(PROPOSAL_WORKFLOW.states[proposal.status]),
        "voorgesteldOp": iso(proposal.created_at),
        "reactieUiterlijk": iso(proposal.response_due),
        "kandidaatVanBuiten": proposal.profile_id is None,
        "startdatum": iso(proposal.start_date),
        "_links": links,
    }


@bp.get("/voorstellen/<int:proposal_id>")
@api_allow("pool")
def proposal(proposal_id: int):
    found = db.session.scalars(proposals_visible_to_client(current_client()).where(Proposal.id == proposal_id)).first()
    if found is None:
        log_view("view_proposal", "proposal", proposal_id, None, result="denied")
        raise ApiProblem(404)
    log_view("view_proposal", "proposal", found.id,
             subject_employee_id("profile", found.profile_id) if found.profile_id else None)
    return jsonify(proposal_json(found))
