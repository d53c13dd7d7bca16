"""The GOV.UK / NL Design System date pattern: three labelled inputs (dag, maand, jaar) in a fieldset.

A native <input type=date> types in the browser's locale order, not the page's (TRAPS 17: 28-11-2026
became year 22026 in an en-US Chromium), so a date is asked as three numbers. The parts arrive as
`<name>-dag`, `<name>-maand` and `<name>-jaar`; one error speaks for the group and names the parts
to fix. A single `<name>` value (ISO 2026-11-28 or 28-11-2026) is still read: links and bookmarks
of the filter pages, and drafts saved before the parts existed.
"""
from __future__ import annotations

from datetime import date, datetime
from typing import Any

from flask_babel import lazy_gettext as _l
from markupsafe import Markup, escape
from wtforms import Field
from wtforms.utils import unset_value

from portal.bounds import YEAR_MAX, YEAR_MIN

PARTS = ("dag", "maand", "jaar")
PART_LABELS = {"dag": _l("Dag"), "maand": _l("Maand"), "jaar": _l("Jaar")}
DATE_FORMAT_ERROR = _l("Vul een geldige datum in, bijvoorbeeld 28-11-2026.")
DATE_RANGE_ERROR = _l("Vul een datum in tussen het jaar %(first)s en %(last)s.", first=YEAR_MIN, last=YEAR_MAX)
MISSING_PART = {
    "dag": _l("Vul ook de dag in."),
    "maand": _l("Vul ook de maand in."),
    "jaar": _l("Vul ook het jaar in."),
}
MISSING_PARTS = _l("Vul de hele datum in: dag, maand en jaar.")
NOT_NUMBERS = _l("Vul de datum in met cijfers, bijvoorbeeld 28 11 2026.")
YEAR_DIGITS = _l("Vul het jaar in met 4 cijfers, bijvoorbeeld 2026.")
BAD_MONTH = _l("Vul een maand in van 1 tot en met 12.")
NO_SUCH_DATE = _l("Deze datum bestaat niet. Kijk de dag en de maand na.")


class DatePartsError(ValueError):
    def __init__(self, message, parts):
        super().__init__(message)
        self.parts = parts


def parse_parts(values: dict[str, str]) -> date:
    """Three typed parts to a date, or DatePartsError with the Dutch message and the parts to fix."""
    missing = [part for part in PARTS if not values[part]]
    if len(missing) == 1:
        raise DatePartsError(MISSING_PART[missing[0]], missing)
    if missing:
        raise DatePartsError(MISSING_PARTS, missing)
    wrong = [part for part in PARTS if not (values[part].isascii() and values[part].isdigit())]
    if wrong:
        raise DatePartsError(NOT_NUMBERS, wrong)
    if len(values["jaar"]) != 4:
        raise DatePartsError(YEAR_DIGITS, ["jaar"])
    day, month, year = (int(values[part][:9]) for part in PARTS)  # 9 digits: no giant ints
    if not 1 <= month <= 12:
        raise DatePartsError(BAD_MONTH, ["maand"])
    if not YEAR_MIN <= year <= YEAR_MAX:
        raise DatePartsError(DATE_RANGE_ERROR, ["jaar"])
    try:
        return date(year, month, day)
    except ValueError:
        raise DatePartsError(NO_SUCH_DATE, ["dag", "maand"]) from None


def parse_single(text: str) -> date:
    for pattern in ("%Y-%m-%d", "%d-%m-%Y"):
        try:
            value = datetime.strptime(text, pattern).date()  # noqa: DTZ007  (a calendar date, no time)
        except ValueError:
            continue
        if not YEAR_MIN <= value.year <= YEAR_MAX:
            raise DatePartsError(DATE_RANGE_ERROR, list(PARTS))
        return value
    raise DatePartsError(DATE_FORMAT_ERROR, list(PARTS))


class DatePartsWidget:
    """The three labelled inputs; the `field` macro puts them in a fieldset with the legend and error."""

    def __call__(self, field: DutchDateField, **kwargs: Any) -> Markup:
        described = kwargs.get("aria-describedby")
        html = []
        for part in PARTS:
            attrs = {
                "id": field.part_id(part), "name": f"{field.name}-{part}", "type": "text", "inputmode": "numeric",
                "class": f"date-input date-input-{part}", "value": field.part_values[part],
                "autocomplete": "off", "spellcheck": "false",
            }
            # A part named by the error, or all three when the error is about the whole date.
            if part in field.invalid_parts or (field.errors and not field.invalid_parts):
                attrs["aria-invalid"] = "true"
            if described:
                attrs["aria-describedby"] = described
            rendered = " ".join(f'{key}="{escape(value)}"' for key, value in attrs.items())
            html.append(
                f'<div class="date-part"><label for="{escape(field.part_id(part))}">{escape(PART_LABELS[part])}</label>'
                f"<input {rendered}></div>"
            )
        return Markup('<div class="date-parts">' + "".join(html) + "</div>")  # noqa: S704 (every value is escaped above)  # nosec B704


class DutchDateField(Field):
    """A date asked as dag, maand and jaar; `.data` is a date or None, the typed parts stay on error."""

    widget = DatePartsWidget()
    data: Any

    def __init__(self, label=None, validators=None, **kwargs):
        super().__init__(label, validators, **kwargs)
        self.invalid_parts: list[str] = []
        self._shown: dict[str, str] | None = None  # what was typed, shown again as typed

    @property
    def part_values(self) -> dict[str, str]:
        """The boxes' values: as typed; else from .data (a view may set it after processing)."""
        if self._shown is not None:
            return self._shown
        return parts_of(self.data) if isinstance(self.data, date) else dict.fromkeys(PARTS, "")

    @property
    def input_names(self) -> list[str]:
        """The names a browser sends for this field (drafts keep these)."""
        return [f"{self.name}-{part}" for part in PARTS] + [self.name]

    @property
    def error_target_id(self) -> str:
        """Where the error summary's link puts focus: the first part to fix."""
        return self.part_id(self.invalid_parts[0] if self.invalid_parts else "dag")

    def part_id(self, part: str) -> str:
        return f"{self.id}-{part}"

    def process(self, formdata, data=unset_value, extra_filters=None):
        self._typed, self._shown = None, None
        if formdata is not None and any(f"{self.name}-{part}" in formdata for part in PARTS):
            typed = {part: str(formdata.get(f"{self.name}-{part}", "")).strip()[:20] for part in PARTS}
            if any(typed.values()) or not formdata.get(self.name):  # empty boxes next to one value: the value
                self._typed = typed
        super().process(formdata, data, extra_filters)

    def process_data(self, value):
        self.data = value if isinstance(value, date) else None

    def process_formdata(self, valuelist):
        self.data, self.invalid_parts = None, []
        if self._typed is not None:
            self._shown = dict(self._typed)
            self.raw_data = ["-".join(self._typed[part] for part in PARTS)] if any(self._typed.values()) else []
        elif valuelist and valuelist[0].strip():
            self._shown = split_single(valuelist[0].strip()[:40])
        else:
            return
        if not self.raw_data:
            return
        try:
            self.data = parse_parts(self._typed) if self._typed is not None else parse_single(self.raw_data[0].strip())
        except DatePartsError as error:
            self.invalid_parts = error.parts
            raise ValueError(error.args[0]) from None
        if self._typed is None:
            self._shown = None  # a valid single value shows as its three parts


def parts_of(value: date) -> dict[str, str]:
    return {"dag": str(value.day), "maand": str(value.month), "jaar": str(value.year)}


def split_single(text: str) -> dict[str, str]:
    """A single typed value shown in the three boxes: 2026-11-28 and 28-11-2026 alike."""
    chunks = text.split("-")
    if len(chunks) == 3 and len(chunks[0]) == 4:
        chunks.reverse()
    return dict(zip(PARTS, (chunks + ["", "", ""])[:3], strict=True)) if len(chunks) <= 3 else {"dag": text, "maand": "", "jaar": ""}
