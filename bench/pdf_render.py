"""Median time to render each PDF (handover document, refill request, page for the employee).

Usage: .venv/bin/python bench/pdf_render.py [--runs 30]
Builds a throw-away SQLite database with the demo data and renders each PDF --runs times.
"""
from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import flask_migrate  # noqa: E402
from sqlalchemy import select  # noqa: E402

from portal import create_app, seed_demo  # noqa: E402
from portal.extensions import db  # noqa: E402
from portal.formatting import local_today  # noqa: E402
from portal.models import ContractEndNotice  # noqa: E402
from portal.notices.notice_pdf import handover_pdf, next_steps_pdf  # noqa: E402
from portal.vacancies.refill_pdf import refill_pdf  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=30)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        app = create_app("testing", overrides={"DATABASE_URL": f"sqlite:///{tmp}/bench.sqlite3"})
        with app.app_context():
            flask_migrate.upgrade()
            seed_demo.load("bench-wachtwoord-lang-genoeg", local_today())
        with app.test_request_context():
            notice = db.session.scalars(
                select(ContractEndNotice).where(ContractEndNotice.refill_wanted, ContractEndNotice.consent_given)
            ).first()
            renders = {
                "Overdrachtsdocument": lambda: handover_pdf(notice.filed_by, notice),
                "Herbezettingsverzoek": lambda: refill_pdf(notice.refill_request),
                "Wat gebeurt er nu?": lambda: next_steps_pdf(notice),
            }
            print(f"{'PDF':<24} {'median ms':>10} {'p90 ms':>8} {'size kB':>8}  ({args.runs} runs, after 1 warm-up)")
            for name, render in renders.items():
                render()  # warm-up: fonts loaded, templates compiled
                timings, size = [], 0
                for _ in range(args.runs):
                    started = time.perf_counter()
                    size = len(render())
                    timings.append((time.perf_counter() - started) * 1000)
                timings.sort()
                p90 = timings[int(len(timings) * 0.9) - 1]
                print(f"{name:<24} {statistics.median(timings):>10.0f} {p90:>8.0f} {size / 1024:>8.1f}")


if __name__ == "__main__":
    main()
