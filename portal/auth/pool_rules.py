"""Van werk naar werk (issue 14): who sees candidate profiles and proposals, and who may act on
them. Re-exported by auth/permissions.py, which stays THE place to ask; split off to keep that
module small. Builds on its scopes through `rules`, read at call time (no import cycle).
"""
from __future__ import annotations

from sqlalchemy import false, select

from portal.auth import permissions as rules
from portal.models import CandidateProfile, ContractEndNotice, Proposal, RefillRequest, profile_regions
from portal.workflows import PROFILE_WORKFLOW, PROPOSAL_WORKFLOW, Workflow


def profiles_visible_to(user):
    """WSP: the profiles of its regions; AD: of the own caseload; an employer only the profiles
    proposed to its own refill requests (never the pool); admins no content (counts only)."""
    query = select(CandidateProfile)
    if user.role == "wsp":
        in_region = select(profile_regions.c.profile_id).where(profile_regions.c.region_id.in_(rules._user_region_ids(user)))
        return query.where(CandidateProfile.id.in_(in_region), CandidateProfile.status.in_(rules.WSP_PROFILE_STATES))
    if user.role == "ad":  # the own caseload (and backup): not what a team lead may only open
        visible_notices = rules.notices_visible_to(user, led=False).with_only_columns(ContractEndNotice.id)
        return query.where(CandidateProfile.notice_id.in_(visible_notices))
    if user.role == "employer":
        proposed_here = (
            select(Proposal.profile_id).join(Proposal.refill)
            .where(RefillRequest.organisation_id == user.organisation_id, Proposal.profile_id.is_not(None))
        )
        return query.where(CandidateProfile.id.in_(proposed_here))
    return query.where(false())


def proposals_visible_to(user):
    """WSP: proposals on its regions' refill requests; employer: on its own; AD: of its candidates."""
    query = select(Proposal)
    if user.role in ("wsp", "employer"):
        refills = rules.refills_visible_to(user).with_only_columns(RefillRequest.id)
        return query.where(Proposal.refill_id.in_(refills))
    if user.role == "ad":
        profiles = profiles_visible_to(user).with_only_columns(CandidateProfile.id)
        return query.where(Proposal.profile_id.in_(profiles))
    return query.where(false())


def may_see_pool(user) -> bool:
    return user.role == "wsp"


def may_see_refill_proposals(user) -> bool:
    """The refill request's page lists its proposals for its employer and the WSP (admins: counts only)."""
    return user.role in ("employer", "wsp")


def may_see_candidate_identity(user, proposal: Proposal) -> bool:
    """The vacancy's employer learns who the candidate is only after the AD recorded the
    person's agreement to this one introduction (and not when the proposal was turned down)."""
    if user.role != "employer" or proposal.profile_id is None:
        return False
    if proposal.refill.organisation_id != user.organisation_id:
        return False
    return proposal.introduction_consent_date is not None and proposal.status not in ("rejected", "withdrawn")


def may_record_profile_consent(user, notice: ContractEndNotice, visible: bool = False) -> bool:
    """The AD records the person's consent to a WSP profile, once the notice is read."""
    if user.role != "ad" or notice.status not in ("acknowledged", "plan_recorded"):
        return False
    if notice.employee_profile_consent is False:  # the employee said no on their own page: that wins
        return False
    return rules.in_caseload(user, notice.employment)  # not a team lead who may only open it


def may_record_introduction_consent(user, proposal: Proposal, visible: bool = False) -> bool:
    """The candidate's AD, once the vacancy's employer wants to meet, and only once."""
    if user.role != "ad" or proposal.profile_id is None or proposal.introduction_consent_date is not None:
        return False
    if proposal.status not in ("introduction", "trial_placement"):
        return False
    return visible or rules.is_visible(proposals_visible_to(user), proposal)


def may_propose(user, refill: RefillRequest) -> bool:
    """The adviser who holds the request (or anyone of the region while nobody does)."""
    try:
        rules.check_may(user, PROPOSAL_WORKFLOW, "propose", refill, visible=True)
    except rules.Forbidden:
        return False
    return refill.is_open


def may_manage_profile(user, notice: ContractEndNotice) -> bool:
    """The AD (or backup) of the notice drafts, edits, publishes and withdraws the profile (a team
    lead who may open the notice does not)."""
    return rules.in_caseload(user, notice.employment)


def may_see_profile_matches(user) -> bool:
    """Matches are the WSP's work; the former employer and the AD see the profile's status."""
    return user.role == "wsp"


def _check_pool(user, workflow: Workflow, action: str, obj, visible: bool) -> None:
    if workflow is PROFILE_WORKFLOW:
        if action == "create":
            if not rules.in_caseload(user, obj.employment):
                raise rules.Forbidden(action)
            return
        if not visible and not rules.is_visible(profiles_visible_to(user), obj):
            raise rules.Forbidden(action)
        return
    # Proposals: "propose" is checked on the refill request (obj) the adviser holds or may claim.
    if action == "propose":
        if not visible and not rules.is_visible(rules.refills_visible_to(user), obj):
            raise rules.Forbidden(action)
        if obj.claimed_by_id is not None and obj.claimed_by_id != user.id:
            raise rules.Forbidden(action)
        return
    if not visible and not rules.is_visible(proposals_visible_to(user), obj):
        raise rules.Forbidden(action)
    if user.role == "wsp" and obj.proposed_by_id != user.id and obj.refill.claimed_by_id != user.id:
        raise rules.Forbidden(action)
