"""Which plan PostgreSQL uses for a prepared statement (issue 21).

psycopg prepares a statement after its fifth run on a connection. PostgreSQL then either plans it
again on every run for the values given (a custom plan), or reuses one plan made without them (a
generic plan), by its own estimate of which is cheaper. For the employee list it plans again
every time: 1.6 ms of planning for 0.4 ms of execution, the most of the dashboard's database time,
while the reused plan runs as fast (bench/README.md). Where that holds, a block of statements can
ask for the reused plan. Where the values matter for the plan (a search text, an employer's size),
leave the choice to PostgreSQL.
"""
from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import text

from portal.extensions import db


@contextmanager
def reused_plan() -> Iterator[None]:
    """Statements run inside use PostgreSQL's generic plan; no effect on SQLite."""
    if db.session.get_bind().dialect.name != "postgresql":
        yield
        return
    db.session.execute(text("SET LOCAL plan_cache_mode = force_generic_plan"))
    yield
    # Not on an error: the transaction is rolled back then, and SET LOCAL ends with it.
    db.session.execute(text("SET LOCAL plan_cache_mode = DEFAULT"))
