"""What an API client may see: the screens' scopes, for a system instead of a person
(re-exported by auth/permissions.py, THE access rules).

An organisation's HR system sees what the employer's users see; a WSP's CRM what the advisers of
its regions see (the job, never the person); UWV's national systems what ADs see, for every
employee. A client reaches a resource only with a permission for it (ApiClient.permissions).
"""
from __future__ import annotations

from sqlalchemy import false, select, true

from portal.extensions import db
from portal.models import (
    ApiClient,
    CandidateProfile,
    ContractEndNotice,
    Employee,
    Employment,
    Proposal,
    RefillRequest,
    User,
    api_client_regions,
    profile_regions,
    user_regions,
)

# What a WSP adviser of the region sees: the pool, and the history of hires (not drafts, not a
# profile the AD withdrew, which may mean the person no longer agrees). For people and systems alike.
WSP_PROFILE_STATES = ("published", "claimed", "paused", "ended")

# Which resources make sense for which scope, and how far: an admin cannot grant more.
RESOURCES_BY_SCOPE = {
    "organisation": {"employments": "write", "notices": "read", "refill_requests": "read"},
    "regions": {"refill_requests": "write", "pool": "read"},
    "national": {"assignments": "write", "notices": "write", "refill_requests": "read", "employments": "read"},
}


def may_grant(scope_kind: str, resource: str, level: str) -> bool:
    most = RESOURCES_BY_SCOPE.get(scope_kind, {}).get(resource)
    return most is not None and (level == "read" or most == "write")


def client_may(client: ApiClient, resource: str, level: str) -> bool:
    """The client's permission, within what its scope allows (a changed rule wins over old grants)."""
    granted = client.access(resource)
    if granted is None or not client.is_active:
        return False
    if level == "write" and granted != "write":
        return False
    return may_grant(client.scope_kind, resource, level)


def _client_region_ids(client: ApiClient):
    return select(api_client_regions.c.region_id).where(api_client_regions.c.api_client_id == client.id)


def _client_employee_condition(client: ApiClient):
    if client.scope_kind == "national":
        return true()
    if client.scope_kind == "organisation":
        return Employee.organisation_id == client.organisation_id
    return false()  # a WSP: never the person


def employees_visible_to_client(client: ApiClient):
    return select(Employee).where(_client_employee_condition(client))


def employments_visible_to_client(client: ApiClient):
    return select(Employment).join(Employment.employee).where(_client_employee_condition(client))


def notices_visible_to_client(client: ApiClient):
    if client.scope_kind == "national":
        # Every notice: no join to count through (at national scale the join made the list's
        # count cost ~70 ms of PostgreSQL CPU per call; bench/results/api-2026-12-03-*.md).
        return select(ContractEndNotice)
    return (
        select(ContractEndNotice)
        .join(ContractEndNotice.employment)
        .join(Employment.employee)
        .where(_client_employee_condition(client))
    )


def refills_visible_to_client(client: ApiClient):
    query = select(RefillRequest)
    if client.scope_kind == "national":
        return query
    if client.scope_kind == "organisation":
        return query.where(RefillRequest.organisation_id == client.organisation_id)
    return query.where(RefillRequest.region_id.in_(_client_region_ids(client)))


def profiles_visible_to_client(client: ApiClient):
    """The pool of the client's regions, pseudonymous, as its advisers see it (profiles_visible_to)."""
    if client.scope_kind != "regions":
        return select(CandidateProfile).where(false())
    in_region = select(profile_regions.c.profile_id).where(profile_regions.c.region_id.in_(_client_region_ids(client)))
    return select(CandidateProfile).where(CandidateProfile.id.in_(in_region),
                                          CandidateProfile.status.in_(WSP_PROFILE_STATES))


def proposals_visible_to_client(client: ApiClient):
    """Proposals to the refill requests of the client's regions (a WSP's CRM): the pool's other half."""
    if client.scope_kind != "regions":
        return select(Proposal).where(false())
    return (select(Proposal).join(RefillRequest, RefillRequest.id == Proposal.refill_id)
            .where(RefillRequest.region_id.in_(_client_region_ids(client))))


def client_may_read_handover_notes(client: ApiClient, notice: ContractEndNotice) -> bool:
    """The consent rule of may_read_handover_notes: the employer's own notes always, UWV only with
    the employee's consent, the WSP never. `notice` was fetched through the client's scope."""
    if client.scope_kind == "organisation":
        return True
    if client.scope_kind == "national":
        return notice.consent_given
    return False


def may_act_for(client: ApiClient, user: User | None, role: str) -> bool:
    """A client's write is a step of a person of the portal (the AD who read the notice, the
    adviser who claims): that person must have the role, be active and fall within the scope."""
    if user is None or user.role != role or not user.is_enabled:
        return False
    if client.scope_kind == "national":
        return role == "ad"
    if client.scope_kind == "regions":
        shared = (select(user_regions.c.region_id).where(user_regions.c.user_id == user.id,
                                                          user_regions.c.region_id.in_(_client_region_ids(client))))
        return role == "wsp" and _exists(shared)
    return role == "employer" and user.organisation_id == client.organisation_id


def _exists(query) -> bool:
    return db.session.scalar(query.limit(1)) is not None
