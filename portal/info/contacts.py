""""Uw vaste contactpersonen" on the help page of an employer: the WSP of each workplace's region
and the ADs of the employees. Two queries, however many employees and workplaces there are.

Only employees with a running contract count (no end date, or one that has not passed), as on
the employee list. What the employer may see comes from the scopes in auth/permissions.py.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import func, or_, select
from sqlalchemy.orm import aliased

from portal.auth.permissions import employments_visible_to
from portal.extensions import db
from portal.models import CaseworkerAssignment, Employment, Location, Municipality, Region, User


@dataclass
class RegionContact:
    """A labour market region with its WSP, and the employer's workplaces in it.

    region None: workplaces whose municipality (so region) is not known yet."""

    region: Region | None
    locations: list[Location] = field(default_factory=list)


@dataclass
class Backup:
    user: User | None  # None: employees of this AD without a backup
    employees: int


@dataclass
class CaseworkerContact:
    ad: User
    employees: int = 0
    backups: list[Backup] = field(default_factory=list)


def _running_employments(user, today: date):
    return employments_visible_to(user).where(or_(Employment.end_date.is_(None), Employment.end_date >= today))


def region_contacts(user, today: date) -> list[RegionContact]:
    """One query: the workplaces with a running contract, each with its region (or none)."""
    location_ids = _running_employments(user, today).with_only_columns(Employment.location_id)
    rows = db.session.execute(
        select(Location, Region)
        .outerjoin(Municipality, Municipality.id == Location.municipality_id)
        .outerjoin(Region, Region.id == Municipality.region_id)
        .where(Location.id.in_(location_ids))
        .order_by(Location.name, Location.id)
    ).all()
    by_region: dict[int | None, RegionContact] = {}
    for location, region in rows:
        key = region.id if region is not None else None
        by_region.setdefault(key, RegionContact(region)).locations.append(location)
    known = sorted((c for k, c in by_region.items() if k is not None), key=lambda c: c.region.name if c.region else "")
    return known + ([by_region[None]] if None in by_region else [])


def caseworker_contacts(user, today: date) -> list[CaseworkerContact]:
    """One query: each current AD of the employer's employees with how many employees they guide,
    split by backup AD (an AD can have a different backup for different employees)."""
    employee_ids = _running_employments(user, today).with_only_columns(Employment.employee_id)
    pairs = (
        select(
            CaseworkerAssignment.ad_id,
            CaseworkerAssignment.backup_ad_id,
            func.count(CaseworkerAssignment.employee_id).label("employees"),
        )
        .where(CaseworkerAssignment.valid_until.is_(None), CaseworkerAssignment.employee_id.in_(employee_ids))
        .group_by(CaseworkerAssignment.ad_id, CaseworkerAssignment.backup_ad_id)
        .subquery()
    )
    ad, backup = aliased(User, name="ad"), aliased(User, name="backup_ad")
    rows = db.session.execute(
        select(ad, backup, pairs.c.employees)
        .select_from(pairs)
        .join(ad, ad.id == pairs.c.ad_id)
        .outerjoin(backup, backup.id == pairs.c.backup_ad_id)
        .order_by(ad.name, ad.id)
    ).all()
    contacts: dict[int, CaseworkerContact] = {}
    for ad_user, backup_user, count in rows:
        contact = contacts.setdefault(ad_user.id, CaseworkerContact(ad_user))
        contact.employees += count
        contact.backups.append(Backup(backup_user, count))
    for contact in contacts.values():
        # Named backups first (by name), "no backup" last.
        contact.backups.sort(key=lambda b: (b.user is None, b.user.name if b.user else ""))
    return list(contacts.values())
