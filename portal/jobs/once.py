from sqlalchemy.exc import IntegrityError

from portal.extensions import db
from portal.models import JobMark
from portal.unit_of_work import refusable_step


def claim_once(key: str) -> bool:
    """True for the first caller with this key; the mark is part of the caller's unit of work."""
    try:
        with refusable_step():
            db.session.add(JobMark(key=key))
            db.session.flush()
    except IntegrityError:
        return False
    return True
