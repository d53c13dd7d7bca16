"""A page of a query: a count and one page of rows, the same queries whatever the size."""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from flask import current_app, request
from sqlalchemy import Select, func, select

from portal.bounds import parse_id
from portal.extensions import db
from portal.stale_counts import stale_counts


@dataclass
class Page:
    items: Sequence
    page: int
    per_page: int
    total: int

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))

    @property
    def has_prev(self) -> bool:
        return self.page > 1

    @property
    def has_next(self) -> bool:
        return self.page < self.pages

    @property
    def first_index(self) -> int:
        return 0 if self.total == 0 else (self.page - 1) * self.per_page + 1

    @property
    def last_index(self) -> int:
        return min(self.total, self.page * self.per_page)


@dataclass(frozen=True)
class Listing:
    """The rows of a list page, with a leaner select that counts the same rows.

    The count leaves out what only decorates the rows (contact persons, eager loads), which at
    national scale is most of the work: counting a big employer's staff through five joins
    took longer than the whole page should.
    """

    rows: Select
    count: Select  # returns one number: the number of rows `rows` returns
    # Set: the count may be up to LIST_COUNT_MAX_AGE seconds old (portal/stale_counts.py). The key
    # names everything the count depends on: the user's scope, the filters, the day.
    count_key: tuple | None = None


def requested_page() -> int:
    page = parse_id(request.args.get("pagina", "1"))
    return page if page is not None and page < 100_000 else 1


def paginate(query, page: int | None = None, per_page: int | None = None, *, count_with_rows: bool = False) -> Page:
    """`query` is a select of rows (or a Listing); rows come back as tuples, as session.execute
    returns them.

    count_with_rows: count in the same statement (`count(*) OVER ()`), for lists whose order no
    index gives, so that the database reads and sorts every matching row anyway: one query
    instead of two doing the same work. A page past the end counts separately.
    """
    count_query, count_key = None, None
    if isinstance(query, Listing):
        query, count_query, count_key = query.rows, query.count, query.count_key
    page = page or requested_page()
    per_page = per_page or current_app.config["PAGE_SIZE"]
    offset = (page - 1) * per_page
    if count_with_rows:
        rows = db.session.execute(
            query.add_columns(func.count().over().label("page_total")).limit(per_page).offset(offset)
        ).all()
        if rows or page == 1:
            total = rows[0][-1] if rows else 0
            return Page(items=[tuple(row)[:-1] for row in rows], page=page, per_page=per_page, total=total)
    if count_query is None:
        count_query = select(func.count()).select_from(query.order_by(None).subquery())
    def count() -> int:
        return db.session.scalar(count_query) or 0

    max_age = current_app.config["LIST_COUNT_MAX_AGE"] if count_key is not None else 0
    total = stale_counts.get(count_key, max_age, count)
    rows = db.session.execute(query.limit(per_page).offset(offset)).all()
    if max_age and len(rows) != min(per_page, max(0, total - offset)):
        # The kept total does not fit the rows on this page (an empty list that just filled, a
        # last page that grew): count afresh, so what the page shows agrees with itself.
        total = stale_counts.get(count_key, 0, count, keep=True)
    return Page(items=rows, page=page, per_page=per_page, total=total)


def paginate_newest_first(query, keys: Select, id_column, page: int | None = None) -> Page:
    """One page of `query`, newest first, for a user's own rows of a big table.

    `keys` selects (created_at, id) of every row `query` returns, unordered. Ordered and limited
    in SQL, PostgreSQL reads the whole table backwards along its date index and checks each row
    against the user's scope (at national scale an AD's 1,125 closed notices among 85,000: 350 ms).
    Unordered, it starts from the user's scope (3 ms). The keys are sorted here, and the page's
    rows are then fetched by id.
    """
    page = page or requested_page()
    per_page = current_app.config["PAGE_SIZE"]
    ordered = sorted(db.session.execute(keys).all(), reverse=True)
    chosen = [row[1] for row in ordered[(page - 1) * per_page:page * per_page]]
    by_id = {row[0]: row for row in db.session.execute(query.where(id_column.in_(chosen))).all()} if chosen else {}
    # A row closed or moved between the two statements is left out, not shown half.
    return Page(items=[by_id[i] for i in chosen if i in by_id], page=page, per_page=per_page, total=len(ordered))
