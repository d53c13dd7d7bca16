"""Bulk inserts and small helpers for the national dataset."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime

from sqlalchemy import insert

from portal.notices.notice_service import add_months


class NationalSeedRefused(RuntimeError):
    """The national dataset is only loaded into an empty, non-production database."""


@dataclass
class LoadResult:
    counts: dict[str, int]
    seconds: float
    logins: list[tuple[str, str, str]] = field(default_factory=list)  # (what, e-mail, detail)


# --- bulk writing -------------------------------------------------------------------------

class _Bulk:
    """Buffers rows per table and writes them in dependency order: COPY on PostgreSQL,
    Core executemany elsewhere. Every row of a table must have the same keys."""

    FLUSH_EVERY = 20_000

    def __init__(self, session, tables):
        self.session = session
        self.connection = session.connection()
        self.postgres = self.connection.dialect.name == "postgresql"
        self.tables = list(tables)  # dependency order
        self.buffers = {t.name: [] for t in self.tables}
        self.counts = {t.name: 0 for t in self.tables}
        self.defaults = {t.name: _scalar_defaults(t) for t in self.tables}

    def add(self, table, values: dict) -> None:
        buffer = self.buffers[table.name]
        buffer.append({**self.defaults[table.name], **values})
        if len(buffer) >= self.FLUSH_EVERY:
            self.flush()

    def flush(self) -> None:
        for table in self.tables:
            rows = self.buffers[table.name]
            if not rows:
                continue
            if self.postgres:
                self._copy(table, rows)
            else:
                for start in range(0, len(rows), 5_000):
                    self.connection.execute(insert(table), rows[start:start + 5_000])
            self.counts[table.name] += len(rows)
            self.buffers[table.name] = []

    def _copy(self, table, rows) -> None:
        columns = list(rows[0])
        raw = self.connection.connection.driver_connection
        statement = f"COPY {table.name} ({', '.join(columns)}) FROM STDIN"
        with raw.cursor() as cursor, cursor.copy(statement) as copy:
            for row in rows:
                copy.write_row([_naive_utc(row[c]) for c in columns])


def _scalar_defaults(table) -> dict:
    """Python-side scalar defaults (COPY would leave those columns NULL)."""
    defaults = {}
    for column in table.columns:
        if column.primary_key:
            continue
        if column.default is not None and getattr(column.default, "is_scalar", False):
            defaults[column.name] = column.default.arg
        elif column.nullable and column.server_default is None:
            defaults[column.name] = None
    return defaults


def _naive_utc(value):
    if isinstance(value, datetime) and value.tzinfo is not None:
        return value.astimezone(UTC).replace(tzinfo=None)
    return value


# --- the generator ------------------------------------------------------------------------


def _cumulative(weights) -> list[float]:
    total, result = 0.0, []
    for weight in weights:
        total += weight
        result.append(total)
    return result


def _slug(text_value: str) -> str:
    table = str.maketrans({"ö": "o", "ë": "e", "é": "e", "ü": "u", "ï": "i", "'": "", "&": "en"})
    return "-".join(text_value.lower().translate(table).replace("/", " ").split())


def _add_months(day: date, months: int) -> date:

    return add_months(day, months)


# --- entry points -------------------------------------------------------------------------
