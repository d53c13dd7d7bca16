""""Uw vaste contactpersonen" on the help page of an employer: the WSP of each workplace's region
and the ADs of the employees. Three queries, however many employees and workplaces there are.

Only employees with a running contract count (no end date, or one that has not passed), as on
the employee list. What the employer may see comes from the scopes in auth/permissions.py.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import func, or_, select

from portal.auth.permissions import employments_visible_to
from portal.extensions import db
from portal.models import CaseworkerAssignment, Employment, Location, Municipality, Region, User


@dataclass
class RegionContact:
    """A labour market region with its WSP, and the employer's workplaces in it.

    region None: workplaces whose municipality (so region) is not known yet."""

    region: Region | None
    locations: list[Location] = field(default_factory=list)


SHOWN_BACKUPS = 3  # per AD; a large employer's ADs can have dozens of backups, each shown per employee on Medewerkers


@dataclass(frozen=True)
class ContactPerson:
    """The contact details the help page shows of an AD or a backup, nothing more."""

    id: int
    name: str
    email: str
    phone: str | None


@dataclass
class Backup:
    user: ContactPerson | None  # None: employees of this AD without a backup
    employees: int


@dataclass
class CaseworkerContact:
    ad: ContactPerson
    employees: int = 0
    backups: list[Backup] = field(default_factory=list)
    # Employees whose backup is not among the SHOWN_BACKUPS most frequent ones.
    employees_with_other_backups: int = 0

    @property
    def one_backup_for_all(self) -> bool:
        return len(self.backups) == 1 and not self.employees_with_other_backups


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
    """Two queries: each current AD of the employer's employees with how many employees they guide,
    split by backup AD (an AD can have a different backup for different employees), and then the
    contact details of those ADs and of the backups shown."""
    employee_ids = _running_employments(user, today).with_only_columns(Employment.employee_id)
    pairs = db.session.execute(
        select(
            CaseworkerAssignment.ad_id,
            CaseworkerAssignment.backup_ad_id,
            func.count(CaseworkerAssignment.employee_id),
        )
        .where(CaseworkerAssignment.valid_until.is_(None), CaseworkerAssignment.employee_id.in_(employee_ids))
        .group_by(CaseworkerAssignment.ad_id, CaseworkerAssignment.backup_ad_id)
    ).all()
    if not pairs:
        return []
    counts_by_ad: dict[int, list[tuple[int | None, int]]] = {}
    for ad_id, backup_id, count in pairs:
        counts_by_ad.setdefault(ad_id, []).append((backup_id, count))
    shown: dict[int, list[tuple[int | None, int]]] = {}
    for ad_id, counts in counts_by_ad.items():
        named = sorted((c for c in counts if c[0] is not None), key=lambda c: (-c[1], c[0]))
        shown[ad_id] = named[:SHOWN_BACKUPS] + [c for c in counts if c[0] is None]
    wanted = set(counts_by_ad) | {backup_id for counts in shown.values() for backup_id, _ in counts if backup_id}
    people = {
        row.id: ContactPerson(row.id, row.name, row.email, row.phone)
        for row in db.session.execute(select(User.id, User.name, User.email, User.phone).where(User.id.in_(wanted)))
    }
    contacts = []
    for ad_id, counts in counts_by_ad.items():
        contact = CaseworkerContact(people[ad_id], employees=sum(count for _, count in counts))
        contact.backups = [Backup(people[b] if b else None, count) for b, count in shown[ad_id]]
        contact.employees_with_other_backups = contact.employees - sum(b.employees for b in contact.backups)
        # Named backups by name, "no backup" last.
        contact.backups.sort(key=lambda b: (b.user is None, b.user.name if b.user else ""))
        contacts.append(contact)
    return sorted(contacts, key=lambda c: (c.ad.name, c.ad.id))
