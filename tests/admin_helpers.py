"""Helpers for the administration tests (issue 7)."""
import pytest
from sqlalchemy import func, select

from portal.extensions import db
from portal.models import AuditEvent, OutboxEmail


@pytest.fixture
def audit_events():
    """The audit log is append-only (never emptied between tests): only rows added by this test."""
    start = db.session.scalar(select(func.coalesce(func.max(AuditEvent.id), 0)))

    def rows():
        db.session.expire_all()
        return db.session.scalars(select(AuditEvent).where(AuditEvent.id > start).order_by(AuditEvent.id)).all()

    return rows


def mails(kind: str | None = None) -> list[OutboxEmail]:
    db.session.expire_all()
    query = select(OutboxEmail).order_by(OutboxEmail.id)
    if kind:
        query = query.where(OutboxEmail.kind == kind)
    return db.session.scalars(query).all()


@pytest.fixture(autouse=True)
def forget_certificate_verifiers(ctx):
    """conftest empties the tables after each test, users before organisations; a verified
    certificate points at its admin, so that link goes first (users are never deleted for real)."""
    from sqlalchemy import update

    from portal.models import Organisation

    yield
    db.session.rollback()
    db.session.execute(update(Organisation).values(pso_verified_by_id=None))
    db.session.commit()
