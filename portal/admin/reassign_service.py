"""Moving employees to another AD and backup, through caseload.service.assign_caseworkers:
the old assignment is closed (history kept) and the employer's users get an e-mail.

The whole move is one transaction: every employee's change and its e-mail, or none of them.
Everything is checked before the first change, and a repeated move skips the employees
already moved.
"""
from __future__ import annotations

from collections.abc import Sequence

from flask_babel import gettext as _
from sqlalchemy import Row, select
from sqlalchemy.orm import aliased, selectinload

from portal.admin.trail_service import record_change
from portal.auth.permissions import employees_visible_to
from portal.caseload.caseload_service import assign_caseworkers
from portal.extensions import db
from portal.models import CHANGE_REASONS, CaseworkerAssignment, Employee, User
from portal.workflows import InputRejected

KEEP_BACKUP = "keep"


def caseload_of(actor, ad: User) -> Sequence[Employee]:
    """Employees whose current AD is `ad`, with their assignments loaded."""
    return db.session.scalars(
        employees_visible_to(actor)
        .join(CaseworkerAssignment, CaseworkerAssignment.employee_id == Employee.id)
        .where(CaseworkerAssignment.valid_until.is_(None), CaseworkerAssignment.ad_id == ad.id)
        .options(selectinload(Employee.assignments).selectinload(CaseworkerAssignment.backup_ad),
                 selectinload(Employee.organisation))
        .order_by(Employee.name, Employee.id)
    ).all()


def active_ads() -> Sequence[User]:
    return db.session.scalars(select(User).where(User.role == "ad", User.is_enabled).order_by(User.name)).all()


def _choice_errors(employees, ad, backup, reason, note) -> dict[str, str]:
    errors = {}
    if reason not in CHANGE_REASONS:
        errors["reason"] = _("Kies waarom de medewerkers een andere arbeidsdeskundige krijgen.")
    elif reason == "other" and not note.strip():
        errors["note"] = _("Schrijf kort op waarom, bij de reden Anders.")
    if not employees:
        errors["employees"] = _("Kies minstens één medewerker.")
    if ad is None or ad.role != "ad" or not ad.is_enabled:
        errors["ad"] = _("Kies de nieuwe arbeidsdeskundige.")
    if isinstance(backup, User) and (backup.role != "ad" or not backup.is_enabled):
        errors["backup"] = _("Kies een vervanger uit de lijst.")
    return errors


def reassign(actor, employees: Sequence[Employee], ad: User | None, backup: User | str | None,
             reason: str | None = None, note: str = "") -> int:
    """Give `employees` the AD `ad` and backup `backup` (a user, None for none, or KEEP_BACKUP),
    for `reason` (CHANGE_REASONS; "other" needs `note`).

    Returns how many employees changed.
    """
    errors = _choice_errors(employees, ad, backup, reason, note)
    if errors or ad is None:
        raise InputRejected(errors)
    plan, clashes = [], []
    for employee in employees:
        current = employee.current_assignment
        new_backup = (current.backup_ad if current else None) if not isinstance(backup, User) and backup == KEEP_BACKUP \
            else backup
        if isinstance(new_backup, str):
            raise ValueError(new_backup)  # only KEEP_BACKUP is a string, handled above
        if new_backup is not None and not new_backup.is_enabled:
            new_backup = None  # a backup who left is not kept
        if new_backup is not None and new_backup.id == ad.id:
            clashes.append(employee.name)
        unchanged = current is not None and current.ad_id == ad.id and current.backup_ad_id == (
            new_backup.id if new_backup else None)
        if not unchanged:
            plan.append((employee, new_backup))
    if clashes:
        shown = ", ".join(clashes[:5]) + (_(" en nog %(num)d", num=len(clashes) - 5) if len(clashes) > 5 else "")
        raise InputRejected({"backup": _("%(name)s is nu de vervanger van %(employees)s. Kies een andere vervanger.",
                                         name=ad.name, employees=shown)})
    for employee, new_backup in plan:
        record_change(actor, "caseworker_reassigned", "employee", employee.id, employee.id)
        assign_caseworkers(actor, employee, ad, new_backup, reason, note)
    return len(plan)


def history_of(employee: Employee) -> Sequence[Row]:
    """Every assignment of the employee, newest first, with who made it."""
    assigned_by = aliased(User)
    return db.session.execute(
        select(CaseworkerAssignment, assigned_by)
        .outerjoin(assigned_by, assigned_by.id == CaseworkerAssignment.assigned_by_id)
        .where(CaseworkerAssignment.employee_id == employee.id)
        .order_by(CaseworkerAssignment.valid_from.desc(), CaseworkerAssignment.id.desc())
    ).all()
