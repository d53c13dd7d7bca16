"""Small SQL building blocks that work on PostgreSQL and SQLite alike."""
from __future__ import annotations

from sqlalchemy import Float, cast, func, or_, select


def days_between(later, earlier, dialect: str):
    """Days (fractional) between two timestamps, or two dates."""
    if dialect == "postgresql":
        return func.extract("epoch", later - earlier) / 86400.0
    return cast(func.julianday(later) - func.julianday(earlier), Float)


def date_days_between(later_date, earlier_date, dialect: str):
    if dialect == "postgresql":
        return later_date - earlier_date
    return cast(func.julianday(later_date) - func.julianday(earlier_date), Float)


def percentiles(session, values_subquery, column: str, percents=(50, 90)) -> dict[int, float | None]:
    """Nearest-rank percentiles: percentile_disc on PostgreSQL, window functions on SQLite."""
    value = values_subquery.c[column]
    if session.get_bind().dialect.name == "postgresql":
        row = session.execute(
            select(*[func.percentile_disc(p / 100).within_group(value) for p in percents]).where(value.is_not(None))
        ).one()
        return {p: (float(v) if v is not None else None) for p, v in zip(percents, row, strict=False)}
    ranked = (
        select(
            value.label("v"),
            func.row_number().over(order_by=value).label("rn"),
            func.count().over().label("n"),
        )
        .where(value.is_not(None))
        .subquery()
    )
    # rank = ceil(n * p / 100), in integer arithmetic; all percentiles in one query
    wanted = {p: (ranked.c.n * p + 99) // 100 for p in percents}
    rows = session.execute(
        select(ranked.c.v, *[(ranked.c.rn == w).label(f"p{p}") for p, w in wanted.items()])
        .where(or_(*[ranked.c.rn == w for w in wanted.values()]))
    ).all()
    result: dict[int, float | None] = {p: None for p in percents}
    for row in rows:
        for p in percents:
            if getattr(row, f"p{p}"):
                result[p] = float(row.v)
    return result


def one(session, query) -> float | None:
    value = session.scalar(query)
    return float(value) if value is not None else None


