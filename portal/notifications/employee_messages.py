"""Mail about the employee's own page: the employee's answers to the AD, the link to the employee.

The AD's mail says what changed and links to the notice, never the employee's own words. The
employee's mail carries the link only: the code is in the letter, so one channel alone opens nothing.
"""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

from portal.notifications.messages import new_work_recipients
from portal.notifications.outbox import absolute_url, queue_email
from portal.workflows import SIDE_EVENTS


def employee_answered(notice, action: str) -> None:
    employee = notice.employment.employee
    queue_email(
        new_work_recipients(notice.employment),
        _l("Bericht van de werknemer: %(name)s", name=employee.name),
        "employee_answered",
        action,
        employee=employee,
        what=SIDE_EVENTS[action],
        link=absolute_url("notices.show", notice_id=notice.id),
    )


def link_blocked(notice) -> None:
    employee_answered(notice, "employee_link_blocked")


def link_for_employee(notice, token: str) -> None:
    """Only when the employer gave the employee's address (Dutch: the employee has no account)."""
    if not notice.employee_email:
        return
    queue_email(
        [notice.employee_email],
        _l("Uw eigen pagina bij UWV: Mijn overdracht"),
        "employee_link",
        "employee_link",
        link=absolute_url("employee_access.enter", token=token),
    )
