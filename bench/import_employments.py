"""Employment import: seconds to check and to write a 10,000-line file for one organisation.

Usage: .venv/bin/python bench/import_employments.py [--lines 10000] [--ads 40] [--workplaces 25]
Uses a throw-away SQLite database, or PostgreSQL when PORTAL_TEST_DATABASE_URL is set.

Measures, on the same file: checking it against an empty organisation (every line new),
writing it, checking and writing it again (every line unchanged: nothing is written), a
re-import in which 10% of the employees get another AD (each announced by e-mail), and
checking a file whose last line is wrong (nothing is written).
"""
from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import flask_migrate  # noqa: E402
from sqlalchemy import func, select  # noqa: E402

from portal import create_app  # noqa: E402
from portal.admin import import_service  # noqa: E402
from portal.admin.import_format import decode  # noqa: E402
from portal.auth.account_service import create_user  # noqa: E402
from portal.extensions import db  # noqa: E402
from portal.formatting import local_today  # noqa: E402
from portal.models import Employee, Municipality, Organisation, OutboxEmail  # noqa: E402
from portal.regions import import_regions, packaged_csv_text  # noqa: E402
from tests.dbutil import temporary_database  # noqa: E402

HEADER = ("personeelsnummer;naam;geboortedatum;functie;uren_per_week;contractsoort;begindatum;einddatum;"
          "werkplek;postcode;gemeente;jobcoach;jobcoach_organisatie;jobcoach_naam;arbeidsdeskundige;achtervang")


class TmpFactory:
    def mktemp(self, prefix):
        return Path(tempfile.mkdtemp(prefix=prefix))


def make_file(lines: int, ads: list[str], municipalities: list[str], workplaces: int, shift_ads: int = 0) -> bytes:
    rows = [HEADER]
    for n in range(lines):
        temporary = n % 3 != 0
        ad = ads[(n + shift_ads * (n % 10 == 0)) % len(ads)]
        backup = ads[(n + 1) % len(ads)] if n % 2 else ""
        if backup == ad:
            backup = ""
        place = n % workplaces
        rows.append(";".join([
            f"P{n:06d}", f"Werknemer {n}", f"{1 + n % 28:02d}-{1 + n % 12:02d}-{1980 + n % 25}", "Medewerker groen",
            f"{16 + n % 20},5" if n % 4 else "24", "tijdelijk" if temporary else "vast",
            f"{1 + n % 28:02d}-{1 + n % 12:02d}-{2018 + n % 7}", f"{1 + n % 28:02d}-{1 + n % 12:02d}-2027" if temporary else "",
            f"Werkplek {place}", f"{1000 + place * 37} AB", municipalities[place % len(municipalities)],
            "extern" if n % 5 == 0 else "", "Jobcoach Plus" if n % 5 == 0 else "", "", ad, backup,
        ]))
    return ("\ufeff" + "\r\n".join(rows) + "\r\n").encode("utf-8")


def timed(label: str, run):
    started = time.perf_counter()
    result = run()
    print(f"  {label:<58} {time.perf_counter() - started:6.2f} s")
    return result


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--lines", type=int, default=10_000)
    parser.add_argument("--ads", type=int, default=40)
    parser.add_argument("--workplaces", type=int, default=25)
    args = parser.parse_args()
    server = os.environ.get("PORTAL_TEST_DATABASE_URL")
    with temporary_database(server, TmpFactory(), "portal_bench") as url:
        app = create_app("testing", overrides={"DATABASE_URL": url})
        with app.app_context():
            flask_migrate.upgrade()
            import_regions(packaged_csv_text())
            organisation = Organisation(name="Groot Groen B.V.", kvk_number="90000001", is_active=True)
            db.session.add(organisation)
            create_user(email="hr@grootgroen.example", name="HR", role="employer", organisation=organisation,
                        password_hash="!")  # hears of every change of AD
            ads = [create_user(email=f"ad{n}@uwv.example", name=f"AD {n}", role="ad", password_hash="!").email
                   for n in range(args.ads)]
            municipalities = db.session.scalars(select(Municipality.name).order_by(Municipality.code)).all()
            db.session.commit()
            today = local_today()
            raw = make_file(args.lines, ads, municipalities, args.workplaces)
            print(f"{args.lines:,} lines ({len(raw) / 1024:,.0f} KiB), {args.ads} ADs, {args.workplaces} workplaces, "
                  f"{db.engine.dialect.name}")

            def check(data=raw):
                return import_service.check_text(organisation, decode(data), today)

            first = timed("check (validate), all lines new", check)
            assert first.is_valid, first.error_lines[:3]
            timed("import (write), all lines new", lambda: import_service.import_checked(None, first))
            employees = db.session.scalar(select(func.count()).select_from(Employee))
            again = timed("check the same file again (all unchanged)", check)
            assert again.is_valid and again.count("unchanged") == args.lines
            timed("import the same file again (writes nothing)", lambda: import_service.import_checked(None, again))
            assert db.session.scalar(select(func.count()).select_from(Employee)) == employees
            shifted = make_file(args.lines, ads, municipalities, args.workplaces, shift_ads=3)
            moved = timed("check with 10% other AD", lambda: check(shifted))
            timed(f"import with 10% other AD ({moved.ad_changes:,} e-mails queued)",
                  lambda: import_service.import_checked(None, moved))
            mails = db.session.scalar(select(func.count()).select_from(OutboxEmail))
            bad = raw[:-2] + b";onbekend@uwv.example\r\n"  # the last line gets an extra value: it is refused
            refused = timed("check a file whose last line is wrong", lambda: check(bad))
            assert not refused.is_valid and len(refused.error_lines) == 1
            print(f"  employees {employees:,}, e-mails queued {mails:,}; the wrong file wrote nothing")
            db.engine.dispose()


if __name__ == "__main__":
    main()
