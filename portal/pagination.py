"""A page of a query: a count and one page of rows, the same two queries whatever the size."""
from __future__ import annotations

from dataclasses import dataclass

from flask import current_app, request
from sqlalchemy import func, select

from portal.extensions import db


@dataclass
class Page:
    items: list
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


def requested_page() -> int:
    raw = request.args.get("pagina", "1")
    return int(raw) if raw.isdigit() and 0 < int(raw) < 100_000 else 1


def paginate(query, page: int | None = None, per_page: int | None = None) -> Page:
    """`query` is a select of rows; rows come back as returned by session.execute (tuples)."""
    page = page or requested_page()
    per_page = per_page or current_app.config["PAGE_SIZE"]
    total = db.session.scalar(select(func.count()).select_from(query.order_by(None).subquery()))
    rows = db.session.execute(query.limit(per_page).offset((page - 1) * per_page)).all()
    return Page(items=rows, page=page, per_page=per_page, total=total)
