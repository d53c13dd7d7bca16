"""Assigning an employee's AD and backup AD: history kept, the employer told."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from portal.extensions import db
from portal.models import CaseworkerAssignment, User, utcnow
from portal.notifications import messages
from portal.webhooks.events import assignment_changed


class AssignmentError(ValueError):
    pass


def assign_caseworkers(actor, employee, ad, backup_ad=None, reason: str | None = None, note: str = "") -> CaseworkerAssignment:
    """`reason`: a key of CHANGE_REASONS (with `note` for "other"), told to everyone who is mailed."""
    if ad.role != "ad" or (backup_ad is not None and backup_ad.role != "ad"):
        raise AssignmentError("AD and backup must both be arbeidsdeskundigen")
    if backup_ad is not None and backup_ad.id == ad.id:
        raise AssignmentError("the backup must be another AD")
    current = employee.current_assignment
    if current is not None and current.ad_id == ad.id and current.backup_ad_id == (backup_ad.id if backup_ad else None):
        return current
    if current is not None:
        current.valid_until = utcnow()
        db.session.flush()  # the old row stops being current before the new one starts
    assignment = CaseworkerAssignment(employee=employee, ad=ad, backup_ad=backup_ad, assigned_by_id=actor.id if actor else None,
                                      change_reason=reason, change_note=note.strip() if reason == "other" else "")
    db.session.add(assignment)
    db.session.flush()
    messages.caseworker_changed(employee, assignment, current)
    assignment_changed(employee, created=current is None)
    db.session.flush()
    return assignment


@dataclass(frozen=True)
class AssignmentChange:
    """One line of an employee's AD history as the employer sees it."""

    changed_on: datetime
    from_ad: User | None
    to_ad: User
    backup_ad: User | None
    reason: str


def assignment_changes(employee) -> list[AssignmentChange]:
    """Every AD the employee had, newest first, each with the AD before and the admin's reason."""
    rows = db.session.scalars(
        select(CaseworkerAssignment)
        .where(CaseworkerAssignment.employee_id == employee.id)
        .options(selectinload(CaseworkerAssignment.ad), selectinload(CaseworkerAssignment.backup_ad))
        .order_by(CaseworkerAssignment.valid_from, CaseworkerAssignment.id)
    ).all()
    changes, previous = [], None
    for row in rows:
        changes.append(AssignmentChange(row.valid_from, previous.ad if previous else None, row.ad, row.backup_ad,
                                        row.change_reason_label))
        previous = row
    return changes[::-1]
