"""Whose figures a viewer sees: the nation or a region (admin), coordinated regions (WSP),
a caseload (AD), an organisation (employer). Expressed as subqueries of notice and refill ids."""
from __future__ import annotations

from dataclasses import dataclass

from flask_babel import gettext as _
from sqlalchemy import Select, select, true

from portal.auth.permissions import notices_visible_to
from portal.extensions import db
from portal.models import ContractEndNotice, Employee, Employment, Location, Municipality, RefillRequest, user_regions


@dataclass
class Scope:
    label: str
    notice_ids: Select  # a select of ContractEndNotice.id
    refill_ids: Select  # a select of RefillRequest.id
    key: tuple  # names the scope: figures kept for one scope are never shown for another


def _by_regions(region_ids) -> tuple:
    notices = (
        select(ContractEndNotice.id)
        .join(Employment, Employment.id == ContractEndNotice.employment_id)
        .join(Location, Location.id == Employment.location_id)
        .join(Municipality, Municipality.id == Location.municipality_id)
        .where(Municipality.region_id.in_(region_ids))
    )
    refills = select(RefillRequest.id).where(RefillRequest.region_id.in_(region_ids))
    return notices, refills


def coordinated_region_ids(user):
    return select(user_regions.c.region_id).where(
        user_regions.c.user_id == user.id, user_regions.c.is_coordinator.is_(True)
    )


def may_see_insights(user) -> bool:
    if user.role in ("admin", "ad", "employer"):
        return True

    return user.role == "wsp" and db.session.scalar(coordinated_region_ids(user).limit(1)) is not None


def may_see_follow_ups(user) -> bool:
    """Nazorg is UWV's own follow-up: the former employer sees neither the questions nor their
    answers on the notice, so not their counts either (a small employer's count names a person)."""
    return user.role != "employer"


def may_compare_regions(user) -> bool:
    """Admins choose a region; everyone else sees the own scope only."""
    return user.role == "admin"


def scope_for(user, region_id: int | None = None) -> Scope:
    if user.role == "admin":
        if region_id:
            notices, refills = _by_regions([region_id])
            return Scope(_("regio"), notices, refills, ("region", region_id))
        return Scope(_("landelijk"), select(ContractEndNotice.id).where(true()), select(RefillRequest.id).where(true()),
                     ("nation",))
    if user.role == "wsp":
        notices, refills = _by_regions(coordinated_region_ids(user))
        return Scope(_("uw regio"), notices, refills, ("coordinator", user.id))
    if user.role == "employer":
        notices = (
            select(ContractEndNotice.id)
            .join(Employment, Employment.id == ContractEndNotice.employment_id)
            .join(Employee, Employee.id == Employment.employee_id)
            .where(Employee.organisation_id == user.organisation_id)
        )
        return Scope(_("uw organisatie"), notices, select(RefillRequest.id).where(
            RefillRequest.organisation_id == user.organisation_id), ("organisation", user.organisation_id))
    # The AD's own caseload: not the notices a team lead may open for the team.
    notices = notices_visible_to(user, led=False).with_only_columns(ContractEndNotice.id)
    return Scope(_("uw medewerkers"), notices, select(RefillRequest.id).where(RefillRequest.notice_id.in_(notices)),
                 ("caseload", user.id))
