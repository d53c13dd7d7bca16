"""Fenced leases for table-backed queues (the e-mail outbox, webhook deliveries).

A worker claims a row by writing a fresh token and a lease end on it. Every later write of that
worker (renewing, marking sent, retried or failed, releasing) is an UPDATE that names the token:
when another worker has reclaimed the row after the lease ran out, the token differs, the UPDATE
touches nothing and the first worker knows it lost the row (TRAPS 13). A plain compare-and-set
with `rowcount`, so it holds on SQLite too, where SKIP LOCKED is ignored (TRAPS 2).

The model needs three columns: `status` ("sending" while held), `locked_until` and `claim_token`.
"""
from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import and_, or_, select, update

from portal.extensions import db

HELD = "sending"


def new_token() -> str:
    return uuid.uuid4().hex


def _rows(result: Any) -> int:
    # An UPDATE's result is a CursorResult; the generic model makes mypy see a plain Result.
    return int(result.rowcount)


def _held_by(model, token: str):
    return (model.claim_token == token, model.status == HELD)


def due_condition(model, now: datetime, waiting: str = "queued"):
    """Rows waiting whose time has come, and held rows whose lease ran out (their worker died)."""
    return or_(
        and_(model.status == waiting, model.next_attempt_at <= now),
        and_(model.status == HELD, model.locked_until < now),
    )


def claim(model, due_condition, limit: int, token: str, until: datetime) -> list[int]:
    """Claim up to `limit` due rows for `token` until `until`; returns the ids this worker got.

    One compare-and-set for the whole batch: a row another worker claimed in between no longer
    meets the due condition and is simply not returned. Each claim counts as an attempt.
    """
    query = select(model.id).where(due_condition).order_by(model.id).limit(limit)
    if db.session.get_bind().dialect.name == "postgresql":
        query = query.with_for_update(skip_locked=True)
    candidates = db.session.scalars(query).all()
    if not candidates:
        return []
    claimed = db.session.scalars(
        update(model)
        .where(model.id.in_(candidates), due_condition)
        .values(status=HELD, locked_until=until, claim_token=token, attempts=model.attempts + 1)
        .returning(model.id)
        .execution_options(synchronize_session=False)
    ).all()
    return sorted(claimed)


def renew(model, ids: list[int], token: str, until: datetime) -> int:
    """Extend the lease on the rows still held with `token`; returns how many are still held."""
    if not ids:
        return 0
    result = db.session.execute(
        update(model).where(model.id.in_(ids), *_held_by(model, token)).values(locked_until=until)
        .execution_options(synchronize_session=False)
    )
    return _rows(result)


def settle(model, row_id: int, token: str, **values) -> bool:
    """Write the outcome for one row if the token still holds it; False: the row was lost."""
    result = db.session.execute(
        update(model).where(model.id == row_id, *_held_by(model, token))
        .values(locked_until=None, claim_token=None, **values)
        .execution_options(synchronize_session=False)
    )
    return _rows(result) == 1


def release(model, ids: list[int], token: str, status: str) -> int:
    """Give rows still held with `token` back (unsent), e.g. after this worker lost part of its batch."""
    if not ids:
        return 0
    result = db.session.execute(
        update(model).where(model.id.in_(ids), *_held_by(model, token))
        .values(status=status, locked_until=None, claim_token=None)
        .execution_options(synchronize_session=False)
    )
    return _rows(result)
