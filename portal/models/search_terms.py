"""Search terms kept by the database itself: generated columns for the matching (issue 21).

Working the terms out per request (`to_tsvector` over every candidate or open job of a region)
cost the match lists 3-12 ms of database time. A generated column is written with its row, by
every path that writes (services, imports, bulk loads), so it cannot go stale.

PostgreSQL: full-text search's 'dutch' configuration (stems, no stop words), as text, which
pool/matching.terms reads. SQLite (the demo): a copy of the text; matching.terms picks the words.
"""
from __future__ import annotations

from sqlalchemy import Computed, Text
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql import text
from sqlalchemy.sql.functions import FunctionElement


class search_terms(FunctionElement):  # noqa: N801 (a SQL function, named as one)
    type = Text()
    inherit_cache = True


@compiles(search_terms)
def _as_text(element, compiler, **kw):
    return compiler.process(element.clauses, **kw)


@compiles(search_terms, "postgresql")
def _dutch(element, compiler, **kw):
    return f"CAST(to_tsvector('dutch', {compiler.process(element.clauses, **kw)}) AS TEXT)"


# Both columns of a row in one query when first read.
SEARCH_TERMS_LOADING: dict = {"deferred": True, "deferred_group": "search_terms"}


def terms_of(sql: str) -> Computed:
    """A stored generated column holding the terms of `sql`, an expression over the row's columns."""
    return Computed(search_terms(text(sql)), persisted=True)
