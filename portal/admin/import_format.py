"""The employment file: CSV as a spreadsheet saves it. Reading and checking single values;
no database here (portal/admin/import_service.py checks against the portal's data).

UTF-8 (a byte order mark is fine), `;` or `,` between values, a header row with the column
names below (in any order, upper or lower case), one employee with one contract per line.
"""
from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from portal.admin.organisation_service import normalise_postcode


@dataclass(frozen=True)
class Column:
    name: str
    max_length: int
    required: bool  # must have a value on every line
    description: str
    example: tuple[str, str]


COLUMNS = (
    Column("personeelsnummer", 40, True, _l("Uw eigen nummer voor de medewerker. Hiermee herkent de portal de medewerker bij een volgende keer inlezen."), ("10023", "10087")),
    Column("naam", 160, True, _l("Voor- en achternaam."), ("Daan de Jong", "Lieke Bakker")),
    Column("geboortedatum", 10, False, _l("Bijvoorbeeld 14-03-2001. Leeg: blijft zoals het was."), ("14-03-2001", "")),
    Column("functie", 160, True, _l("De functie op het contract."), ("Medewerker groen", "Medewerker magazijn")),
    Column("uren_per_week", 5, True, _l("Bijvoorbeeld 24 of 24,5."), ("24", "32,5")),
    Column("contractsoort", 30, True, _l("vast, tijdelijk, uitzend of proefplaatsing."), ("tijdelijk", "vast")),
    Column("begindatum", 10, True, _l("Begin van het contract. Een andere begindatum dan de vorige keer is een nieuw contract."), ("01-09-2025", "15-01-2023")),
    Column("einddatum", 10, False, _l("Verplicht bij een tijdelijk contract."), ("31-08-2026", "")),
    Column("werkplek", 200, True, _l("Naam van de werkplek. Een nieuwe naam maakt een nieuwe werkplek."), ("Kwekerij Noord", "Kwekerij Noord")),
    Column("postcode", 10, False, _l("Postcode van de werkplek, zoals 1234 AB."), ("1031 KS", "1031 KS")),
    Column("gemeente", 120, False, _l("Gemeente van de werkplek (CBS-naam). Verplicht bij een nieuwe werkplek."), ("Amsterdam", "Amsterdam")),
    Column("jobcoach", 10, False, _l("geen, extern of intern. Leeg is geen."), ("extern", "")),
    Column("jobcoach_organisatie", 160, False, _l("Verplicht bij een externe jobcoach."), ("Jobcoach Plus", "")),
    Column("jobcoach_naam", 160, False, _l("Naam van de jobcoach."), ("Sam Vermeulen", "")),
    Column("arbeidsdeskundige", 254, False, _l("E-mailadres van de arbeidsdeskundige van UWV. Leeg: blijft zoals het was."), ("s.devries@uwv.example", "r.smit@uwv.example")),
    Column("achtervang", 254, False, _l("E-mailadres van de vervanger (een andere arbeidsdeskundige). Leeg: geen vervanger."), ("r.smit@uwv.example", "")),
)
COLUMN_NAMES = tuple(c.name for c in COLUMNS)
BY_NAME = {c.name: c for c in COLUMNS}
REQUIRED_COLUMNS = ("personeelsnummer", "naam", "functie", "uren_per_week", "contractsoort", "begindatum", "werkplek")

CONTRACT_WORDS = {
    "vast": "permanent", "vast contract": "permanent", "permanent": "permanent",
    "tijdelijk": "temporary", "tijdelijk contract": "temporary", "temporary": "temporary",
    "uitzend": "agency", "uitzendcontract": "agency", "agency": "agency",
    "proefplaatsing": "trial_placement", "trial_placement": "trial_placement",
}
JOB_COACH_WORDS = {"": "none", "geen": "none", "nee": "none", "none": "none", "extern": "external",
                   "externe jobcoach": "external", "external": "external", "intern": "internal",
                   "interne jobcoach": "internal", "internal": "internal"}
MAX_HOURS = Decimal("60")


class FileRejected(ValueError):
    """The file as a whole cannot be read; `errors` are Dutch sentences."""

    def __init__(self, errors: list[str]):
        super().__init__(errors)
        self.errors = errors


@dataclass
class RawLine:
    number: int  # the line in the file, header = 1
    values: dict[str, str]
    too_many_values: bool = False


@dataclass
class LineData:
    personnel_number: str
    name: str
    date_of_birth: date | None
    job_title: str
    hours_per_week: Decimal
    contract_type: str
    start_date: date
    end_date: date | None
    location_name: str
    postcode: str
    municipality: str
    job_coach_type: str
    job_coach_organisation: str
    job_coach_name: str
    ad_email: str
    backup_email: str


def decode(raw: bytes) -> str:
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise FileRejected([
            _("Het bestand is geen UTF-8. Sla het in uw spreadsheet op als 'CSV UTF-8' en probeer het opnieuw.")
        ]) from None
    return text


def _normalise_header(name: str) -> str:
    return re.sub(r"[\s\-]+", "_", name.strip().lower().lstrip("\ufeff")).strip("_")


def read_lines(text: str) -> list[RawLine]:
    """Split the file into lines of named values; FileRejected for problems with the file itself."""
    text = text.lstrip("\ufeff")
    first = text.split("\n", 1)[0]
    if not first.strip():
        raise FileRejected([_("Het bestand is leeg, of de eerste regel is leeg. Zet de kolomnamen op de eerste regel.")])
    delimiter = ";" if first.count(";") >= first.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        header = [_normalise_header(h) for h in next(reader)]
        errors = _header_errors(header)
        if errors:
            raise FileRejected(errors)
        lines = []
        for row in reader:
            if not any(cell.strip() for cell in row):
                continue
            values = {name: (row[i].strip() if i < len(row) else "") for i, name in enumerate(header) if name}
            # Values under a nameless column (a spreadsheet's trailing separator) or past the header.
            extra = any(cell.strip() for i, cell in enumerate(row) if i >= len(header) or not header[i])
            lines.append(RawLine(reader.line_num, values, extra))
    except csv.Error as error:
        raise FileRejected([_("Regel %(line)s kan niet gelezen worden (%(error)s). Controleer de aanhalingstekens.",
                                 line=reader.line_num, error=error)]) from None
    if not lines:
        raise FileRejected([_("Het bestand heeft geen regels met medewerkers onder de kolomnamen.")])
    return lines


def _header_errors(header: list[str]) -> list[str]:
    errors = []
    unknown = [h for h in header if h and h not in BY_NAME]
    if unknown:
        errors.append(_("Onbekende kolom: %(columns)s. Gebruik de kolomnamen uit het voorbeeldbestand.",
                        columns=", ".join(unknown)))
    doubles = sorted({h for h in header if h and header.count(h) > 1})
    if doubles:
        errors.append(_("Deze kolom staat er twee keer in: %(columns)s.", columns=", ".join(doubles)))
    missing = [c for c in REQUIRED_COLUMNS if c not in header]
    if missing:
        errors.append(_("Deze kolommen ontbreken: %(columns)s.", columns=", ".join(missing)))
    return errors


_DATE_DMY = re.compile(r"^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})$")
_DATE_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")


def parse_date(text: str) -> date | None:
    """28-11-2026, 28/11/2026, 28.11.2026 or 2026-11-28; None if it is no existing date."""
    match = _DATE_DMY.match(text)
    if match:
        day, month, year = (int(g) for g in match.groups())
    else:
        match = _DATE_ISO.match(text)
        if not match:
            return None
        year, month, day = (int(g) for g in match.groups())
    try:
        return date(year, month, day)
    except ValueError:
        return None


def parse_hours(text: str) -> Decimal | None:
    try:
        value = Decimal(text.replace(",", "."))
    except InvalidOperation:
        return None
    if not value.is_finite() or value <= 0 or value > MAX_HOURS or value != value.quantize(Decimal("0.1")):
        return None
    return value.quantize(Decimal("0.1"))


def parse_line(raw: RawLine, today: date) -> tuple[LineData | None, list[str]]:  # noqa: C901  (one rule per branch, kept in one place)
    """The values of one line, checked on their own; (None, errors) when any is wrong."""
    v, errors = raw.values, []
    if raw.too_many_values:
        errors.append(_("Deze regel heeft meer waarden dan er kolommen zijn. Staat er een komma in een waarde? "
                        "Zet die waarde tussen aanhalingstekens, of gebruik ; tussen de waarden."))
    for name in COLUMN_NAMES:
        value = v.get(name, "")
        if name in REQUIRED_COLUMNS and not value:
            errors.append(_("Vul '%(column)s' in.", column=name))
        elif len(value) > BY_NAME[name].max_length:
            errors.append(_("'%(column)s' is te lang: hoogstens %(max)s tekens.", column=name, max=BY_NAME[name].max_length))
    dates = {}
    for name in ("geboortedatum", "begindatum", "einddatum"):
        text = v.get(name, "")
        dates[name] = parse_date(text) if text else None
        if text and dates[name] is None:
            errors.append(_("'%(column)s' is geen bestaande datum: '%(value)s'. Schrijf bijvoorbeeld 28-11-2026.",
                            column=name, value=text[:20]))
    birth, start, end = dates["geboortedatum"], dates["begindatum"], dates["einddatum"]
    if birth and (birth > today or birth.year < 1900):
        errors.append(_("De geboortedatum kan niet kloppen."))
    if start and end and end < start:
        errors.append(_("De einddatum ligt voor de begindatum."))
    hours = parse_hours(v.get("uren_per_week", "")) if v.get("uren_per_week") else None
    if v.get("uren_per_week") and hours is None:
        errors.append(_("'uren_per_week' moet een getal zijn van meer dan 0 tot en met 60, met hoogstens één cijfer "
                        "achter de komma: '%(value)s'.", value=v["uren_per_week"][:20]))
    contract_type = CONTRACT_WORDS.get(v.get("contractsoort", "").lower())
    if v.get("contractsoort") and contract_type is None:
        errors.append(_("Onbekende contractsoort '%(value)s'. Kies vast, tijdelijk, uitzend of proefplaatsing.",
                        value=v["contractsoort"][:30]))
    if contract_type == "temporary" and v.get("begindatum") and not v.get("einddatum"):
        errors.append(_("Een tijdelijk contract heeft een einddatum."))
    postcode = ""
    if v.get("postcode"):
        postcode = normalise_postcode(v["postcode"]) or ""
        if not postcode:
            errors.append(_("Postcode '%(value)s' klopt niet. Schrijf 4 cijfers en 2 letters, zoals 1234 AB.",
                            value=v["postcode"][:10]))
    coach = JOB_COACH_WORDS.get(v.get("jobcoach", "").lower())
    if coach is None:
        errors.append(_("Onbekende jobcoach '%(value)s'. Kies geen, extern of intern.", value=v["jobcoach"][:10]))
    elif coach == "external" and not v.get("jobcoach_organisatie"):
        errors.append(_("Vul bij een externe jobcoach 'jobcoach_organisatie' in."))
    ad, backup = v.get("arbeidsdeskundige", "").lower(), v.get("achtervang", "").lower()
    if backup and not ad:
        errors.append(_("Vul ook 'arbeidsdeskundige' in als u een vervanger invult."))
    elif backup and backup == ad:
        errors.append(_("De vervanger moet een andere arbeidsdeskundige zijn."))
    if errors or hours is None or contract_type is None or start is None or coach is None:
        return None, errors  # each missing value has its error above
    return LineData(
        personnel_number=v["personeelsnummer"], name=" ".join(v["naam"].split()), date_of_birth=birth,
        job_title=v["functie"], hours_per_week=hours, contract_type=contract_type, start_date=start, end_date=end,
        location_name=" ".join(v["werkplek"].split()), postcode=postcode, municipality=v.get("gemeente", ""),
        job_coach_type=coach, job_coach_organisation=v.get("jobcoach_organisatie", "") if coach != "none" else "",
        job_coach_name=v.get("jobcoach_naam", "") if coach != "none" else "", ad_email=ad, backup_email=backup,
    ), []


def template_csv() -> str:
    """The example file: the column names and two lines, separated by `;` as Dutch spreadsheets do."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(COLUMN_NAMES)
    for i in (0, 1):
        writer.writerow(c.example[i] for c in COLUMNS)
    return "\ufeff" + out.getvalue()
