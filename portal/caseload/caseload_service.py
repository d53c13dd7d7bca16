"""Assigning an employee's AD and backup AD: history kept, the employer told."""
from __future__ import annotations

from portal.extensions import db
from portal.models import CaseworkerAssignment, utcnow
from portal.notifications import messages


class AssignmentError(ValueError):
    pass


def assign_caseworkers(actor, employee, ad, backup_ad=None) -> CaseworkerAssignment:
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
    assignment = CaseworkerAssignment(employee=employee, ad=ad, backup_ad=backup_ad, assigned_by_id=actor.id if actor else None)
    db.session.add(assignment)
    db.session.flush()
    messages.caseworker_changed(employee, assignment)
    db.session.flush()
    return assignment
