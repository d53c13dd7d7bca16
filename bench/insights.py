"""Time each insights page's figures on a loaded database (e.g. the national dataset).

Usage: PORTAL_DATABASE_URL=postgresql://postgres@127.0.0.1/portal_national .venv/bin/python bench/insights.py
Renders /inzicht through the test client for an admin (national and one region), a WSP
coordinator, a busy AD and the largest employer; prints the median of 5 runs each.
"""
from __future__ import annotations

import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from flask import session  # noqa: E402
from flask_login import login_user  # noqa: E402
from sqlalchemy import func, select  # noqa: E402

from portal import create_app  # noqa: E402
from portal.extensions import db  # noqa: E402
from portal.models import CaseworkerAssignment, Employee, User, user_regions  # noqa: E402


def pick_users():
    admin = db.session.scalar(select(User).where(User.role == "admin").limit(1))
    coordinator = db.session.scalar(
        select(User).join(user_regions, user_regions.c.user_id == User.id).where(user_regions.c.is_coordinator).limit(1)
    )
    busy_ad_id = db.session.execute(
        select(CaseworkerAssignment.ad_id, func.count()).where(CaseworkerAssignment.valid_until.is_(None))
        .group_by(CaseworkerAssignment.ad_id).order_by(func.count().desc()).limit(1)
    ).first()[0]
    big_org = db.session.execute(
        select(Employee.organisation_id, func.count()).group_by(Employee.organisation_id)
        .order_by(func.count().desc()).limit(1)
    ).first()[0]
    employer = db.session.scalar(select(User).where(User.organisation_id == big_org).limit(1))
    return {"admin, national": (admin, {}), "admin, one region": (admin, {"region": "1"}),
            "WSP coordinator": (coordinator, {}), "busy AD": (db.session.get(User, busy_ad_id), {}),
            "largest employer": (employer, {})}


def main() -> None:
    if not os.environ.get("PORTAL_DATABASE_URL"):
        sys.exit("set PORTAL_DATABASE_URL to a loaded database")
    app = create_app("testing", overrides={"DATABASE_URL": os.environ["PORTAL_DATABASE_URL"]})
    with app.app_context():
        users = pick_users()
    print(f"{'page':<22} {'median ms':>10}  (5 runs each, /inzicht for the last 12 months)")
    for name, (user, args) in users.items():
        timings = []
        for _ in range(5):
            with app.test_request_context("/inzicht", query_string=args):
                login_user(db.session.get(User, user.id))
                session["login_at"] = session["seen_at"] = time.time()  # a fresh session
                started = time.perf_counter()
                response = app.full_dispatch_request()
                timings.append((time.perf_counter() - started) * 1000)
                assert response.status_code == 200, response.status_code
        print(f"{name:<22} {statistics.median(timings):>10.0f}")


if __name__ == "__main__":
    main()
