"""The employee's session: its own key in the signed cookie, apart from the staff login.

At most EMPLOYEE_SESSION_MINUTES (30) from the moment the code was right, whatever happens in
between; it ends at once when the link is replaced or blocked or the notice closes. Whatever
opens the session (the code now, DigiD later) calls start(); the pages only ask current().
"""
from __future__ import annotations

from flask import current_app, session

from portal.bounds import in_range
from portal.extensions import db
from portal.models import EmployeeAccessLink, utcnow

SESSION_KEY = "employee_access"


def start(link: EmployeeAccessLink) -> None:
    session[SESSION_KEY] = {"link": link.id, "since": utcnow().timestamp()}
    link.last_login_at = utcnow()


def end() -> None:
    session.pop(SESSION_KEY, None)


def current() -> EmployeeAccessLink | None:
    """The link of a live employee session in this request, or None (and the session ends)."""
    value = session.get(SESSION_KEY)
    if not isinstance(value, dict):
        return None
    link_id, since = value.get("link"), value.get("since")
    if not isinstance(link_id, int) or not in_range(link_id) or not isinstance(since, int | float):
        end()
        return None
    limit = current_app.config["EMPLOYEE_SESSION_MINUTES"] * 60
    link = db.session.get(EmployeeAccessLink, link_id)
    if (utcnow().timestamp() - since > limit or link is None or link.revoked_at is not None
            or link.is_blocked or not link.notice.is_open):
        end()
        return None
    return link
