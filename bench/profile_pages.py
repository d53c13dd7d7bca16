"""Where a page's time goes: the bench pages requested in-process on the national database.

    .venv/bin/python bench/profile_pages.py [--requests 30] [--only inbox,notice] [--tree]

Production settings, the same users and pages as bench/web.py (logged in through the real login
pages with the Flask test client). Per page: wall milliseconds per request, SQL statements per
request and the time spent in them (client side, so it includes the round trip), the slowest
statements, and pyinstrument's heaviest call paths (with --tree the whole tree). Writes
bench/results/profile-<date>.txt. Single-threaded and without the HTTP server, so the numbers sit
a little below bench/web.py's CPU per request; use it to see which part of a page to work on.
"""
from __future__ import annotations

import argparse
import cProfile
import io
import os
import pstats
import secrets
import sys
import time
from collections import defaultdict
from datetime import date
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))
sys.path.insert(0, str(BENCH.parent))

import national  # noqa: E402
import web  # noqa: E402


class SqlTimer:
    """Times every statement between SQLAlchemy's cursor events."""

    def __init__(self, engine):
        from sqlalchemy import event

        self.started: dict[int, float] = {}
        self.by_statement: dict[str, list[float]] = defaultdict(list)
        event.listen(engine, "before_cursor_execute", self.before)
        event.listen(engine, "after_cursor_execute", self.after)

    def before(self, conn, cursor, statement, parameters, context, executemany):
        self.started[id(cursor)] = time.perf_counter()

    def after(self, conn, cursor, statement, parameters, context, executemany):
        self.by_statement[statement].append(time.perf_counter() - self.started.pop(id(cursor), time.perf_counter()))

    def reset(self):
        self.by_statement.clear()


def production_app():
    """The app with production settings on the national database, in-process, and a SqlTimer on
    its engine."""
    os.environ.update(PORTAL_SECRET_KEY=secrets.token_urlsafe(40)[:40], PORTAL_DATABASE_URL=national.database_url(),
                      PORTAL_SESSION_COOKIE_SECURE="false", PORTAL_SESSION_COOKIE_NAME=web.COOKIE,
                      PORTAL_RATELIMIT_STORAGE_URI="memory://")
    from portal import create_app
    from portal.extensions import db

    app = create_app("production")
    with app.app_context():
        return app, SqlTimer(db.engine)


def log_in(client, email: str, password: str) -> None:
    import pyotp

    def token(html: str) -> str:
        return web.csrf_token(html)

    # The test client speaks https (PREFERRED_URL_SCHEME), so CSRF's strict check wants a same-site Referer.
    client.environ_base["HTTP_REFERER"] = "https://localhost/inloggen"
    page = client.get("/inloggen").get_data(as_text=True)
    response = client.post("/inloggen", data={"csrf_token": token(page), "email": email, "password": password})
    if response.headers.get("Location", "").endswith("/inloggen/code"):
        page = client.get("/inloggen/code").get_data(as_text=True)
        response = client.post("/inloggen/code", data={"csrf_token": token(page), "code": pyotp.TOTP(web.TOTP_SECRET).now()})
    if response.status_code != 302:
        raise RuntimeError(f"login of {email} answered {response.status_code}")


def main() -> None:
    from pyinstrument import Profiler

    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--requests", type=int, default=30)
    parser.add_argument("--only", default="")
    parser.add_argument("--tree", action="store_true", help="print pyinstrument's whole call tree per page")
    parser.add_argument("--plain", action="store_true", help="time only, without the profiler's overhead")
    parser.add_argument("--flat", action="store_true",
                        help="cProfile's functions by own time instead of pyinstrument's call paths, and the "
                             "number of Python function calls per request (steady when the machine is not)")
    parser.add_argument("--out", default=str(BENCH / "results" / f"profile-{date.today()}.txt"))
    args = parser.parse_args()

    plan = web.prepare(max_post_items=0)
    pages = {
        "dashboard": ("employer", "/medewerkers"), "search": ("employer", f"/medewerkers?zoek={web.SEARCH_TERM}"),
        "inbox": ("ad", "/inbox"), "queue": ("wsp", "/wsp/verzoeken"), "notice": ("ad", f"/meldingen/{plan.notice_id}"),
        "pool": ("wsp", "/wsp/kandidaten"), "candidate": ("wsp", f"/kandidaten/{plan.profile_id}"),
        "matches": ("wsp", f"/herbezetting/{plan.refill_id}/kandidaten-zoeken"),
        "followup": ("ad", f"/nazorg/{plan.follow_up_id}"),
    }
    if args.only:
        pages = {name: page for name, page in pages.items() if name in args.only.split(",")}
    app, timer = production_app()
    report = []
    clients = {}
    for role in {role for role, _ in pages.values()}:
        clients[role] = app.test_client()
        log_in(clients[role], plan.logins[role], national.password())
    for name, (role, path) in pages.items():
        client = clients[role]
        for _ in range(3):  # warm caches, templates and the connection pool
            assert client.get(path).status_code == 200, path  # nosec B101 (a bench, not production code)
        timer.reset()
        profiler = cProfile.Profile() if args.flat else Profiler(interval=0.0002)
        started = time.perf_counter()
        if not args.plain:
            profiler.enable() if args.flat else profiler.start()
        for _ in range(args.requests):
            client.get(path)
        if not args.plain:
            profiler.disable() if args.flat else profiler.stop()
        wall = (time.perf_counter() - started) * 1000 / args.requests
        sql = {statement: sum(times) for statement, times in timer.by_statement.items()}
        statements = sum(len(times) for times in timer.by_statement.values()) / args.requests
        sql_ms = sum(sql.values()) * 1000 / args.requests
        lines = [f"== {name} {path}: {wall:.1f} ms per request, {statements:.0f} SQL statements taking {sql_ms:.1f} ms, "
                 f"so {wall - sql_ms:.1f} ms in Python"]
        for statement, total in sorted(sql.items(), key=lambda item: -item[1])[:4]:
            lines.append(f"   {total * 1000 / args.requests:6.2f} ms  " + " ".join(statement.split())[:220])
        if args.flat and not args.plain:
            flat = io.StringIO()
            stats = pstats.Stats(profiler, stream=flat)
            # The number of calls does not change with what else the machine runs, unlike the
            # times: a change's effect shows in it even on a noisy day.
            lines[0] += f"; {stats.total_calls / args.requests:,.0f} Python function calls per request"
            stats.sort_stats("tottime").print_stats(30)
            lines.append(flat.getvalue())
        elif not args.plain:
            text = profiler.output_text(unicode=False, color=False, show_all=False)
            lines.append(text if args.tree else "\n".join(text.splitlines()[:60]))
        print("\n".join(lines[:6]))
        report += lines
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text("\n".join(report) + "\n", encoding="utf-8")
    print(f"written to {out}")


if __name__ == "__main__":
    main()
