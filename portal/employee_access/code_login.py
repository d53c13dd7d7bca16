"""The login step: the personal link plus the code from the letter. One replaceable piece: a
DigiD login would replace this module and call employee_session.start() the same way."""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import update

from portal.employee_access import employee_session, links
from portal.extensions import changed_rows, db
from portal.models import EmployeeAccessLink, utcnow
from portal.notifications import employee_messages

MAX_ATTEMPTS = 5


@dataclass(frozen=True)
class Attempt:
    ok: bool
    attempts_left: int = 0

    @property
    def blocked(self) -> bool:
        return not self.ok and self.attempts_left == 0


def link_state(link: EmployeeAccessLink | None) -> str:
    """What the link page may show: 'open' (the code form), or why it does not work."""
    if link is None or link.revoked_at is not None:
        return "unknown"
    if not link.notice.is_open:
        return "expired"
    if link.is_blocked:
        return "blocked"
    return "open"


def attempt(link: EmployeeAccessLink, typed_code: str) -> Attempt:
    """Check a code. A wrong one counts (committed with the request, also on the error page);
    the fifth blocks the link until the AD issues a new one."""
    if links.code_matches(link, typed_code):
        db.session.execute(
            update(EmployeeAccessLink).where(EmployeeAccessLink.id == link.id).values(failed_attempts=0)
            .execution_options(synchronize_session=False)
        )
        employee_session.start(link)
        return Attempt(ok=True)
    # Counted in the database, so parallel guesses cannot slip past the limit.
    db.session.execute(
        update(EmployeeAccessLink)
        .where(EmployeeAccessLink.id == link.id, EmployeeAccessLink.blocked_at.is_(None))
        .values(failed_attempts=EmployeeAccessLink.failed_attempts + 1)
        .execution_options(synchronize_session=False)
    )
    db.session.refresh(link)
    if link.failed_attempts >= MAX_ATTEMPTS and link.blocked_at is None:
        result = db.session.execute(
            update(EmployeeAccessLink)
            .where(EmployeeAccessLink.id == link.id, EmployeeAccessLink.blocked_at.is_(None))
            .values(blocked_at=utcnow())
            .execution_options(synchronize_session=False)
        )
        if changed_rows(result) == 1:
            db.session.refresh(link)
            employee_messages.link_blocked(link.notice)
    return Attempt(ok=False, attempts_left=max(0, MAX_ATTEMPTS - link.failed_attempts))
