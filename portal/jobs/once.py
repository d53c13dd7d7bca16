from sqlalchemy.exc import IntegrityError

from portal.extensions import db
from portal.models import JobMark


def claim_once(key: str) -> bool:
    """True for the first caller with this key; the caller commits its work with the mark."""
    db.session.add(JobMark(key=key))
    try:
        db.session.flush()
    except IntegrityError:
        db.session.rollback()
        return False
    return True
