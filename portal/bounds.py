"""What numbers and dates from outside (URLs, query strings, forms) may be, before they reach the
database. Imports nothing of the app.

An id above the column's range made SQLite raise OverflowError and PostgreSQL a DataError (a 500
before any access check), and a date in year 1 broke date arithmetic (TRAPS 14).
"""
from __future__ import annotations

from datetime import date

from werkzeug.routing import IntegerConverter

# Ids are INTEGER columns: PostgreSQL's signed 32-bit range (SQLite's is wider; both get this one).
DATABASE_INT_MAX = 2**31 - 1
OUT_OF_RANGE = DATABASE_INT_MAX + 1  # what an over-long id in a URL becomes: never found
YEAR_MIN, YEAR_MAX = 1900, 2100


def parse_id(raw: str | None) -> int | None:
    """A positive id in the columns' range from text, or None (also for '²' or 5,000 digits)."""
    text = (raw or "").strip()
    if not (text.isascii() and text.isdigit()) or len(text) > len(str(DATABASE_INT_MAX)):
        return None
    number = int(text)
    return number if 0 < number <= DATABASE_INT_MAX else None


def in_range(value: int) -> bool:
    return 0 <= value <= DATABASE_INT_MAX


def date_in_range(value: date) -> bool:
    return YEAR_MIN <= value.year <= YEAR_MAX


class BoundedIntegerConverter(IntegerConverter):
    """`<int:...>` in every route: digits only; too many digits to convert become OUT_OF_RANGE.

    The view is still reached (unlike werkzeug's `max=`), so the refusal is a 404 that goes through
    the access log like any other (permissions.refuse_out_of_range_ids).
    """

    def to_python(self, value: str):
        if len(value) > len(str(DATABASE_INT_MAX)):
            return OUT_OF_RANGE
        return super().to_python(value)
