"""Loading the CBS classification of municipalities into labour market regions."""
from __future__ import annotations

import csv
import io
from importlib import resources

from sqlalchemy import select

from portal.extensions import db
from portal.models import Municipality, Region

REQUIRED_COLUMNS = ("gemeente_code", "gemeente_naam", "regio_code", "regio_naam")
DEFAULT_YEAR = 2026


class RegionImportError(ValueError):
    pass


def packaged_csv_text() -> str:
    return resources.files("portal.data").joinpath("arbeidsmarktregios_2026.csv").read_text(encoding="utf-8")


def import_regions(text: str, year: int = DEFAULT_YEAR) -> tuple[int, int]:
    """Insert or update regions and municipalities; returns (regions, municipalities) in the file.

    WSP contact details already entered by admins are kept.
    """
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    missing = [c for c in REQUIRED_COLUMNS if c not in (reader.fieldnames or [])]
    if missing:
        raise RegionImportError(f"missing columns: {', '.join(missing)}")
    regions = {r.code: r for r in db.session.scalars(select(Region))}
    municipalities = {m.code: m for m in db.session.scalars(select(Municipality))}
    seen_regions, seen_municipalities = set(), set()
    for line_number, row in enumerate(reader, start=2):
        values = {c: (row.get(c) or "").strip() for c in REQUIRED_COLUMNS}
        if not all(values.values()):
            raise RegionImportError(f"line {line_number}: empty value")
        region = regions.get(values["regio_code"])
        if region is None:
            region = Region(code=values["regio_code"], name=values["regio_naam"], classification_year=year)
            db.session.add(region)
            regions[region.code] = region
        region.name, region.classification_year = values["regio_naam"], year
        municipality = municipalities.get(values["gemeente_code"])
        if municipality is None:
            municipality = Municipality(code=values["gemeente_code"], classification_year=year)
            db.session.add(municipality)
            municipalities[municipality.code] = municipality
        municipality.name, municipality.region, municipality.classification_year = values["gemeente_naam"], region, year
        seen_regions.add(region.code)
        seen_municipalities.add(municipality.code)
    db.session.flush()
    return len(seen_regions), len(seen_municipalities)
