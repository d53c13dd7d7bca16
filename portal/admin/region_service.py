"""The WSP contact of a labour market region and its coordinators, kept by admins."""
from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select, update

from portal.admin.trail_service import record_change
from portal.auth.invitation_service import EMAIL_ERROR, looks_like_email
from portal.extensions import db
from portal.models import Region, User, user_regions
from portal.workflows import InputRejected


def advisers_of(region: Region) -> list[tuple[User, bool]]:
    """The region's WSP advisers, with whether each is a coordinator."""
    rows = db.session.execute(
        select(User, user_regions.c.is_coordinator)
        .join(user_regions, user_regions.c.user_id == User.id)
        .where(user_regions.c.region_id == region.id, User.role == "wsp")
        .order_by(User.name)
    ).all()
    return [(user, bool(is_coordinator)) for user, is_coordinator in rows]


UWV_EMAIL_IS_WSP = _l(
    "Dit adres is van het Werkgeversservicepunt. Vul een mailbox van UWV in: "
    "een doorgezette melding noemt de naam van de werknemer."
)


def _is_wsp_address(address: str, wsp_email: str) -> bool:
    """The region's WSP mailbox, or the address of any WSP adviser (any region)."""
    if address == wsp_email:
        return True
    return db.session.scalar(
        select(User.id).where(User.role == "wsp", func.lower(User.email) == address).limit(1)
    ) is not None


def save_region(actor, region: Region, wsp_name: str, wsp_email: str, wsp_phone: str, coordinator_ids: set[int],
                uwv_email: str = "") -> None:
    wsp_email, uwv_email = wsp_email.strip().lower(), uwv_email.strip().lower()
    if wsp_email and not looks_like_email(wsp_email):
        raise InputRejected({"wsp_email": EMAIL_ERROR})
    if uwv_email and not looks_like_email(uwv_email):
        raise InputRejected({"uwv_email": EMAIL_ERROR})
    if uwv_email and _is_wsp_address(uwv_email, wsp_email):
        # Escalations name the employee; the WSP never sees the person who leaves (DESIGN.md).
        raise InputRejected({"uwv_email": UWV_EMAIL_IS_WSP})
    adviser_ids = {user.id for user, _ in advisers_of(region)}
    if not coordinator_ids <= adviser_ids:
        raise InputRejected({"coordinators": _("Alleen adviseurs van deze regio kunnen coördinator zijn.")})
    region.wsp_name, region.wsp_email, region.wsp_phone = wsp_name.strip(), wsp_email, wsp_phone.strip()
    region.uwv_email = uwv_email
    for user_id in adviser_ids:
        db.session.execute(
            update(user_regions)
            .where(user_regions.c.region_id == region.id, user_regions.c.user_id == user_id)
            .values(is_coordinator=user_id in coordinator_ids)
        )
    record_change(actor, "region_saved", "region", region.id)
    db.session.flush()
