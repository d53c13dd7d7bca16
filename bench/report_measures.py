"""Print the seed report's measures (portal/insights/next_job.py) for a whole loaded database,
nationally, beside the report's own figures. Reads only.

Usage: PORTAL_DATABASE_URL=postgresql://postgres@127.0.0.1/portal_national .venv/bin/python bench/report_measures.py
"""
from __future__ import annotations

import os
import sys
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import select, true  # noqa: E402

from portal import create_app  # noqa: E402
from portal.formatting import local_today  # noqa: E402
from portal.insights import next_job, report_figures  # noqa: E402
from portal.insights.scope import Scope  # noqa: E402
from portal.models import ContractEndNotice, RefillRequest  # noqa: E402


def percent(value) -> str:
    return "    -" if value is None else f"{value * 100:4.0f}%"


def main() -> None:
    if not os.environ.get("PORTAL_DATABASE_URL"):
        sys.exit("set PORTAL_DATABASE_URL to a loaded database")
    app = create_app("testing", overrides={"DATABASE_URL": os.environ["PORTAL_DATABASE_URL"]})
    with app.app_context():
        today = local_today()
        national = Scope("landelijk", select(ContractEndNotice.id).where(true()), select(RefillRequest.id).where(true()),
                         ("nation",))
        started = time.perf_counter()
        figures = next_job.compute(national, date(2000, 1, 1), today, today)
        took = (time.perf_counter() - started) * 1000
    print(f"Every job ended by {today} ({took:.0f} ms); {figures.starts_from_closing} new-job starts from the closing date")
    print(f"{'month':>5} " + " ".join(f"{g:>9}" for g in next_job.GROUPS) + f" {'followed':>9}   report none/ext/int")
    for index, month in enumerate(figures.months):
        report = [report_figures.TABLE_3_1[g].get(month) for g in ("none", "external", "internal")]
        shown = " ".join(percent(v) for v in report) if any(v is not None for v in report) else ""
        print(f"{month:>5} " + " ".join(f"{percent(figures.curves[g][index]):>9}" for g in next_job.GROUPS)
              + f" {figures.at_risk[index]:>9}   {shown}")
    for group in next_job.GROUPS:
        m = figures.measures[group]
        print(f"{group:>9}: ended {m.ended}, job-to-job {percent(m.job_to_job_share)}, "
              f"duration {m.duration_mean_months or 0:.1f} months (under 3: {percent(m.duration_under_3_months_share)}), "
              f"plan start median {m.plan_median_days} days, within a month {percent(m.plan_within_month_share)}")


if __name__ == "__main__":
    main()
