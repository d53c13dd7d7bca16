"""Dates the Dutch way, in Europe/Amsterdam: "vrijdag 28 november 2026"."""
from __future__ import annotations

import re
from datetime import UTC, date, datetime
from functools import lru_cache
from typing import Any
from zoneinfo import ZoneInfo

from babel.dates import format_date, format_datetime
from babel.numbers import format_decimal
from flask import current_app, request, url_for
from flask_babel import gettext
from markupsafe import Markup, escape

from portal.language import DEFAULT_LANGUAGE, current_language, typed


def _zone() -> ZoneInfo:
    return ZoneInfo(current_app.config["TIMEZONE"])


def _locale() -> str:
    return current_language()


@lru_cache(maxsize=4096)
def _format_date(value: date, pattern: str, locale: str) -> str:
    # Babel takes about 25 us a date and a list page shows up to a hundred; the text of a
    # (date, pattern, language) never changes.
    return format_date(value, pattern, locale=locale)


def local_today() -> date:
    return local_date(datetime.now(UTC))


def local_date(moment: datetime) -> date:
    return moment.astimezone(_zone()).date()


def date_long(value: date | datetime | None) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = value.astimezone(_zone()).date()
    return _format_date(value, "EEEE d MMMM y", _locale())


def date_short(value: date | datetime | None) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = value.astimezone(_zone()).date()
    return _format_date(value, "d MMM y", _locale())


def date_weekday(value: date | None) -> str:
    """ "vrijdag 28 november": for deadlines, which are always near."""
    if value is None:
        return ""
    return _format_date(value, "EEEE d MMMM", _locale())


def datetime_long(value: datetime | None) -> str:
    if value is None:
        return ""
    if value.tzinfo is None:  # stored times are UTC
        value = value.replace(tzinfo=UTC)
    local_minute = value.astimezone(_zone()).replace(tzinfo=None, second=0, microsecond=0)
    return _format_local_minute(local_minute, gettext("EEEE d MMMM y 'om' HH:mm"), _locale())


@lru_cache(maxsize=4096)
def _format_local_minute(local_minute: datetime, pattern: str, locale: str) -> str:
    # Like _format_date: a timeline shows a time per event, and Babel took a fifth of the candidate
    # page's render (issue 21). The pattern shows minutes, so the wall-clock minute is the whole key.
    return format_datetime(local_minute, pattern, locale=locale)


def hours(value) -> str:
    if value is None:
        return ""
    return _format_hours(float(value), _locale())


@lru_cache(maxsize=1024)
def _format_hours(value: float, locale: str) -> str:
    # Like _format_date: a list of refill requests shows hours on every row (issue 9).
    return format_decimal(value, "#,##0.#", locale=locale)  # "16,5" in Dutch, "16.5" in English


# Dutch area codes of two digits (after the 0): 020 123 4567; the others have three: 0341 123 456.
_TWO_DIGIT_AREAS = frozenset((
    "10", "13", "15", "20", "23", "24", "26", "30", "33", "35", "36", "38", "40", "43", "45", "46", "50", "53",
    "55", "58", "70", "71", "72", "73", "74", "75", "76", "77", "78", "79",
    "80", "84", "85", "87", "88", "90", "91",  # 0800, 088, 0900 ...: written like a two-digit area code
))


def phone(value: str | None) -> str:
    """One way to write a phone number on screens, in e-mails and in PDFs: "020 555 1234",
    "06 1234 5678", "088 898 1001". A number that is not a Dutch 10-digit one stays as typed."""
    if not value:
        return ""
    return _format_phone(value)


_NOT_A_DIGIT = re.compile(r"\D")


@lru_cache(maxsize=4096)
def _format_phone(value: str) -> str:
    # Cached: a list shows the same few AD numbers on every row, and the digit scan per character
    # was a tenth of the employer dashboard's render (bench/profile_pages.py, issue 21).
    digits = _NOT_A_DIGIT.sub("", value)
    if value.strip().startswith("+31") or value.strip().startswith("0031"):
        digits = "0" + digits[(2 if value.strip().startswith("+") else 4):]
    if len(digits) != 10 or not digits.startswith("0"):
        return " ".join(value.split())
    if digits.startswith("06"):
        return f"{digits[:2]} {digits[2:6]} {digits[6:]}"
    if digits[1:3] in _TWO_DIGIT_AREAS:
        return f"{digits[:3]} {digits[3:6]} {digits[6:]}"
    return f"{digits[:4]} {digits[4:7]} {digits[7:]}"


_NOT_DIALLED = re.compile(r"[^0-9+]")


def tel_href(value: str | None) -> str:
    """The number for a tel: link, without spaces: "tel:0205551234"."""
    # One regular expression: a generator per character took a tenth of the dashboard's render.
    return "tel:" + _NOT_DIALLED.sub("", value or "")


class IdUrl:
    """The URL of `endpoint` for any id, built once per list instead of url_for per row, which was a
    noticeable part of a long list's render (issue 21): `{% set notice_url = id_url('notices.show',
    'notice_id') %}` and then `{{ notice_url(row.id) }}`. Only for routes whose one value is the id."""

    MARK = 999_999_937  # a number no route has as its own text

    def __init__(self, endpoint: str, id_name: str):
        values: dict[str, Any] = {id_name: self.MARK}
        url = url_for(endpoint, **values)
        self.before, found, self.after = url.partition(str(self.MARK))
        if not found or str(self.MARK) in self.after or "?" in url:  # in the path, once
            raise ValueError(f"{endpoint}: no single <{id_name}> in the URL")

    def __call__(self, id_value: int) -> str:
        return f"{self.before}{int(id_value)}{self.after}"


FIXED_URLS_KEPT = 512  # a few dozen links per path prefix; a proxy's odd SCRIPT_NAME cannot grow it further


def fixed_url(endpoint: str, **values) -> str:
    """url_for for the links every page has (menu, footer, style sheet, scripts): the same URL on
    every request, so built once per app and path prefix. base.html built about 18 per page with
    url_for (issue 21)."""
    kept = current_app.extensions.setdefault("portal_fixed_urls", {})
    key = (request.script_root, endpoint, *sorted(values.items()))
    url = kept.get(key)
    if url is None:
        url = url_for(endpoint, **values)
        if len(kept) < FIXED_URLS_KEPT:
            kept[key] = url
    return url


def lower_first(text) -> str:
    """A label inside a sentence: "Interne bemiddeling met het WSP" -> "interne bemiddeling met het
    WSP". Only the first letter, and not of an abbreviation (Jinja's `lower` made it "het wsp")."""
    text = str(text or "")
    if not text or text[:2].isupper():  # "PSO-certificaat", "WSP ..."
        return text
    return text[0].lower() + text[1:]


def stored_note(note: str | None) -> str:
    """Event notes are stored in Dutch; fixed ones (plan and outcome names, standard notes) are
    shown in the reader's language, anything a person typed stays as it was written."""
    if not note:
        return ""
    translated = gettext(note)
    # Not in the catalog: a person typed it (in Dutch), so on an English page it says lang="nl".
    return typed(note) if translated == note and _locale() != DEFAULT_LANGUAGE else translated


def status(label, state) -> Markup:
    """A workflow state as a tag: <span class="status status-submitted">Ingediend</span>.

    A function, not a Jinja macro: list pages show one per row, and a macro call costs several
    times as much (issue 9). Both values are escaped, as in a template.
    """
    # An f-string of escaped parts: Markup.format was a tenth of the WSP queue's render (issue 21).
    # A lazy label is text, escaped as Markup.format did; Markup stays as it is.
    text = label if isinstance(label, Markup) else escape(str(label))
    return Markup(f'<span class="status status-{escape(state)}">{text}</span>')  # noqa: S704 # nosec B704


def due_date(due: date | None, today: date) -> Markup:
    """A deadline in a list cell: "vrijdag 28 november", with a "Te laat" tag when it has passed
    (every party that sees the deadline sees it is late). A function for the same reason as status()."""
    if due is None:
        return Markup('<span class="muted">—</span>')
    if due < today:  # escaped parts, as in status()
        return Markup(  # noqa: S704 # nosec B704
            f'{escape(date_weekday(due))} <strong class="tag tag-overdue">{escape(gettext("Te laat"))}</strong>')
    return escape(date_weekday(due))


def init_app(app):
    app.jinja_env.filters.update(
        date_long=date_long, date_short=date_short, date_weekday=date_weekday, datetime_long=datetime_long,
        hours=hours, phone=phone, tel_href=tel_href, lower_first=lower_first,
        stored_note=stored_note,
    )
    app.jinja_env.globals.update(local_today=local_today, status=status, due_date=due_date, id_url=IdUrl,
                                  fixed_url=fixed_url)
