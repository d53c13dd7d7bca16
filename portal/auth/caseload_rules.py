"""An AD's own work lists (the inbox), reached through the AD's current assignments.

The same rule as the AD's standing scope (permissions._employee_condition: employees whose
current AD or backup AD this user is), written as a join instead of `employee IN (caseload)`.
With both, PostgreSQL's generic plans guessed that the caseload left one row and walked every
employee's contracts once per list: 30 ms of the inbox (bench/README.md, issue 21). A join
carries the assignment's columns too (who is AD, who backup), which the inbox sorts on.

Notices, contract-end questions and nazorg questions carry their employee's id themselves (copied
from the employment): joined on that, PostgreSQL goes from the AD's assignments straight to the
open rows through (employee_id, status) instead of through each of the employees' contracts.
"""
from __future__ import annotations

from sqlalchemy import and_, or_
from sqlalchemy.orm import aliased

from portal.models import CaseworkerAssignment, Employee

# Made once: an alias proxies every column when built, which showed in the page's CPU profile.
MY_ASSIGNMENT = aliased(CaseworkerAssignment, name="my_assignment")


def join_own_caseload(query, user, employee_id=Employee.id):
    """`query` (a select joined to Employee) narrowed to the employees this AD guides now, as AD
    or as backup. Without team-lead grants: this is the AD's own work. employee_id: the column
    that names the employee, best the listed table's own copy."""
    return query.join(
        MY_ASSIGNMENT,
        and_(
            MY_ASSIGNMENT.employee_id == employee_id,
            MY_ASSIGNMENT.valid_until.is_(None),
            or_(MY_ASSIGNMENT.ad_id == user.id, MY_ASSIGNMENT.backup_ad_id == user.id),
        ),
    )
