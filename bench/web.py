"""Web benchmark on the national dataset: gunicorn with production settings, measured with wrk.

    .venv/bin/python bench/web.py [--duration 10] [--connections 8,32] [--only inbox,queue]

1. Creates (once) the PostgreSQL database `portal_national` with the national dataset
   (bench/national.py; $BENCH_DATABASE_URL) and migrates it to the latest revision.
2. Starts gunicorn with PORTAL_CONFIG=production on 127.0.0.1 (2 gthread workers, 4 threads,
   --reuse-port). Plain http on localhost, so the session cookie is made non-secure and gets a
   name without the __Host- prefix; login rate limits are kept in the server's memory (in
   production's Redis they outlive the run). Nothing else differs from production.
3. Logs in as the users that make the pages heavy (the largest employer, the AD with the fullest
   inbox, the adviser of the busiest WSP region; employers of the next largest organisations for
   filing notices) through the real login pages, two-factor code included (the bench gives
   those users a known TOTP secret).
4. Measures with wrk (installed with apt-get when missing) at each connection count for
   --duration seconds, after a short warm-up: /health (one SELECT 1: the ceiling), the employer
   dashboard and a search, the AD inbox, the WSP queue, a notice page, the candidate pool, a
   candidate's matching jobs, a refill request's matching candidates, a nazorg question, an API
   list (with a token of a bench API client, bench/api_clients.py) and filing a notice (the check
   page's button on a draft the bench wrote; bench/filing.py). A Lua script counts the status
   codes, so a page that answers with a redirect to the login page cannot pass for a fast page.
5. Removes what the filing runs created (notices, refill requests, events, links, queued e-mail,
   unused drafts; answered prompts are reopened) and the API clients, so every run starts from the
   same data. The audit log is append-only and keeps its rows.
6. Prints the table and writes it to bench/results/web-<date>.md.

All traffic stays on 127.0.0.1; every wrk run is bounded by --duration.
"""
from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
sys.path.insert(0, str(BENCH))
sys.path.insert(0, str(ROOT))

import api_clients  # noqa: E402
import filing  # noqa: E402
import national  # noqa: E402
from harness import (  # noqa: E402,F401  (api.py and profile_pages.py use the harness through this module too)
    COOKIE,
    REPORT_LUA,
    TOTP_SECRET,
    USER_AGENT,
    CpuMeter,
    StatementStats,
    csrf_token,
    ensure_wrk,
    free_port,
    log_in,
    run_wrk,
    start_gunicorn,
    stop,
)

TARGET_P95_MS = 50
TARGET_SHARE = 0.15
TARGET_POST_P95_MS = 100
TARGET_POST_SHARE = 0.10
TARGET_CPU_MS = 8
SEARCH_TERM = "bakker"

# --- preparing the data ---------------------------------------------------------------------

@dataclass
class Plan:
    logins: dict  # role -> e-mail
    notice_id: int
    profile_id: int = 0  # a pool candidate of the busiest WSP region, with the most open jobs to match
    refill_id: int = 0  # an open refill request of that region, to match candidates against
    follow_up_id: int = 0  # an open nazorg question of the fullest inbox's AD
    post_users: list[str] = field(default_factory=list)
    post_items: list[tuple[str, int, str]] = field(default_factory=list)  # (email, employment_id, end date)
    dataset: dict = field(default_factory=dict)


def prepare(max_post_items: int) -> Plan:
    """Find the bench users and ids; give the bench users a known TOTP secret."""
    from sqlalchemy import func, select, update

    from portal.auth.permissions import notices_visible_to
    from portal.extensions import db
    from portal.models import (
        OPEN_NOTICE_STATES,
        POOL_STATES,
        CandidateProfile,
        ContractEndNotice,
        Employee,
        Employment,
        FollowUpTask,
        NoticeDraft,
        Organisation,
        RefillRequest,
        User,
        WorkflowEvent,
        profile_regions,
        user_regions,
    )

    useful = national.ensure_loaded()
    roles = {}
    for what, email, _ in useful:
        roles[what.split(",")[0].split()[0].lower()] = email
    app = national.bench_app()
    with app.app_context():
        ad = db.session.scalar(select(User).where(User.email == roles["ad"]))
        notice_id = db.session.scalar(
            notices_visible_to(ad).with_only_columns(ContractEndNotice.id)
            .where(ContractEndNotice.status.in_(OPEN_NOTICE_STATES), ContractEndNotice.consent_given)
            .order_by(ContractEndNotice.id).limit(1)
        )
        # The pool pages as the busiest region's adviser: its candidate with a region shared by the most
        # open jobs, and its open refill request claimed most recently (the match lists' worst cases).
        adviser = db.session.scalar(select(User).where(User.email == roles["wsp"]))
        region_ids = select(user_regions.c.region_id).where(user_regions.c.user_id == adviser.id)
        open_jobs = (select(RefillRequest.region_id, func.count().label("jobs"))
                     .where(RefillRequest.status.in_(("open", "claimed", "candidates_proposed")))
                     .group_by(RefillRequest.region_id).subquery())
        profile_id = db.session.scalar(
            select(CandidateProfile.id).join(profile_regions, profile_regions.c.profile_id == CandidateProfile.id)
            .join(open_jobs, open_jobs.c.region_id == profile_regions.c.region_id)
            .where(CandidateProfile.status.in_(POOL_STATES), profile_regions.c.region_id.in_(region_ids))
            .order_by(open_jobs.c.jobs.desc(), CandidateProfile.id).limit(1)
        ) or 0
        refill_id = db.session.scalar(
            select(RefillRequest.id).where(RefillRequest.region_id.in_(region_ids),
                                           RefillRequest.status.in_(("claimed", "candidates_proposed")))
            .order_by(RefillRequest.created_at.desc(), RefillRequest.id).limit(1)
        ) or 0
        follow_up_id = db.session.scalar(
            select(FollowUpTask.id).join(ContractEndNotice, ContractEndNotice.id == FollowUpTask.notice_id)
            .where(ContractEndNotice.id.in_(notices_visible_to(ad).with_only_columns(ContractEndNotice.id)),
                   FollowUpTask.status == "open", FollowUpTask.opens_on <= date.today())
            .order_by(FollowUpTask.response_due, FollowUpTask.id).limit(1)
        ) or 0
        # Contracts to file a notice for: current, no open notice, no draft; the largest organisations first.
        today = date.today()
        open_notice = select(ContractEndNotice.employment_id).where(ContractEndNotice.status.in_(OPEN_NOTICE_STATES))
        drafted = select(NoticeDraft.employment_id)
        organisations = db.session.execute(
            select(Organisation.id, func.count(Employee.id)).join(Employee, Employee.organisation_id == Organisation.id)
            .group_by(Organisation.id).order_by(func.count(Employee.id).desc(), Organisation.id).limit(8)
        ).all()
        items, post_users = [], []
        for organisation_id, _ in organisations:
            if len(items) >= max_post_items:
                break
            email = db.session.scalar(
                select(User.email).where(User.organisation_id == organisation_id, User.role == "employer").order_by(User.id).limit(1)
            )
            if organisation_id == organisations[0][0]:
                email = roles["employer"]
            rows = db.session.execute(
                select(Employment.id, Employment.start_date, Employment.end_date)
                .join(Employee, Employee.id == Employment.employee_id)
                .where(Employee.organisation_id == organisation_id, Employment.id.not_in(open_notice),
                       Employment.id.not_in(drafted),
                       (Employment.end_date.is_(None)) | (Employment.end_date >= today))
                .order_by(Employment.id)
            ).all()
            for employment_id, start, end in rows[: max_post_items - len(items)]:
                if end is not None and today <= end <= today + timedelta(days=330):
                    expected = end
                else:
                    expected = max(start, today + timedelta(days=45))
                items.append((email, employment_id, expected.isoformat()))
            post_users.append(email)
        bench_emails = sorted(set(roles.values()) | set(post_users))
        db.session.execute(
            update(User).where(User.email.in_(bench_emails))
            .values(totp_secret=TOTP_SECRET, totp_last_step=None, totp_failures=0, totp_locked_until=None,
                    failed_logins=0, locked_until=None)
        )
        db.session.commit()
        dataset = {
            name: db.session.scalar(select(func.count()).select_from(model))
            for name, model in (("employees", Employee), ("employments", Employment), ("notices", ContractEndNotice),
                                ("refill requests", RefillRequest), ("pool candidates", CandidateProfile),
                                ("workflow events", WorkflowEvent))
        }
        db.session.remove()
        db.engine.dispose()
    return Plan(logins=roles, notice_id=notice_id, profile_id=profile_id, refill_id=refill_id, follow_up_id=follow_up_id,
                post_users=post_users, post_items=items, dataset=dataset)


# --- the run ----------------------------------------------------------------------------------

@dataclass
class Scenario:
    name: str
    label: str
    path: str
    browser: str | None  # role whose cookie is sent (None: no cookie; "api": the UWV API client's token)
    post: bool = False


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--duration", type=float, default=10, help="seconds per measurement (default 10)")
    parser.add_argument("--warmup", type=float, default=3, help="seconds of warm-up per page (default 3)")
    parser.add_argument("--connections", default="8,32")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--only", default="", help="comma-separated scenario names (health always runs)")
    parser.add_argument("--pg-option", action="append", default=[], metavar="NAME=VALUE",
                        help="a PostgreSQL setting for the app's connections instead of production's "
                             "DATABASE_OPTIONS, e.g. random_page_cost=4 (repeatable)")
    parser.add_argument("--label", default="", help="what is measured, for the report (default: the git commit)")
    parser.add_argument("--out", default=str(BENCH / "results" / f"web-{date.today()}.md"))
    args = parser.parse_args()
    connection_counts = [int(c) for c in args.connections.split(",")]

    wrk = ensure_wrk()
    started_at = datetime.now()
    load_before = os.getloadavg()[0]
    # Filing costs tens of milliseconds of CPU: 2 cores file at most a few hundred a second.
    post_budget = 250 * (args.duration * len(connection_counts) + args.warmup) + 500
    plan = prepare(max_post_items=int(post_budget))
    password = national.password()
    print(f"logins: {plan.logins}; notice page /meldingen/{plan.notice_id}; "
          f"candidate /kandidaten/{plan.profile_id}, matches of /herbezetting/{plan.refill_id}; "
          f"follow-up /nazorg/{plan.follow_up_id}; "
          f"{len(plan.post_items)} contracts to file notices for ({len(plan.post_users)} employers)")

    scenarios = [
        Scenario("health", "bare route (ceiling): `/health`, one SELECT 1", "/health", None),
        Scenario("live", "bare route, no database: `/health/live`", "/health/live", None),
        Scenario("static", "static file, no database: `/static/favicon.svg`", "/static/favicon.svg", None),
        Scenario("dashboard", "employer dashboard, largest employer", "/medewerkers", "employer"),
        Scenario("search", f"employer dashboard, search `{SEARCH_TERM}`", f"/medewerkers?zoek={SEARCH_TERM}", "employer"),
        Scenario("inbox", "AD inbox, fullest", "/inbox", "ad"),
        Scenario("queue", "WSP queue, busiest region", "/wsp/verzoeken", "wsp"),
        Scenario("notice", "notice page (as the AD)", f"/meldingen/{plan.notice_id}", "ad"),
        Scenario("pool", "WSP candidate pool, busiest region", "/wsp/kandidaten", "wsp"),
        Scenario("candidate", "candidate page with its matching jobs", f"/kandidaten/{plan.profile_id}", "wsp"),
        Scenario("matches", "refill request's matching candidates", f"/herbezetting/{plan.refill_id}/kandidaten-zoeken", "wsp"),
        Scenario("followup", "follow-up question (nazorg) as the AD", f"/nazorg/{plan.follow_up_id}", "ad"),
        Scenario("api", "API list: UWV's notices, first page", "/api/v1/meldingen", "api"),
        Scenario("post", "file a notice (POST, the check page's button)", "/contracten/<id>/einde-melden/controleren",
                 None, post=True),
    ]
    if args.only:
        wanted = {"health", *args.only.split(",")}
        scenarios = [s for s in scenarios if s.name in wanted]

    workdir = Path(tempfile.mkdtemp(prefix="portal-bench-"))
    (workdir / "report.lua").write_text(REPORT_LUA)
    filing.write_scripts(workdir)
    port = free_port()
    clients = api_clients.register_clients() if any(s.browser == "api" for s in scenarios) else {}
    os.environ.update(api_clients.api_settings())
    server = start_gunicorn(port, args.workers, args.threads, workdir / "gunicorn.log", args.pg_option)
    results: dict[tuple[str, int], dict] = {}
    post_summary = ""
    try:
        homes = {"employer": "/medewerkers", "ad": "/inbox", "wsp": "/wsp/verzoeken"}
        browsers = {}
        for role in {s.browser for s in scenarios if s.browser and s.browser != "api"}:
            browsers[role] = log_in(port, plan.logins[role], password, homes[role])[0]
        bearer = api_clients.token(port, *clients["national"][1:]) if clients else ""
        base = f"http://127.0.0.1:{port}"
        meter = CpuMeter(server)
        stats = StatementStats(meter.connection)
        for scenario in scenarios:
            if scenario.post:
                post_summary = filing.measure_post(wrk, base, port, plan, password, connection_counts, args, workdir, results,
                                                   meter, stats)
                continue
            browser = browsers.get(scenario.browser)
            if browser:
                status, _, _ = browser.get(scenario.path)  # a fresh cookie (idle timeout) and a check
                if status != 200:
                    raise RuntimeError(f"{scenario.path} answered {status}")
            cookie = browser.cookie if browser else None
            headers = [f"Authorization: Bearer {bearer}"] if scenario.browser == "api" else []
            run_wrk(wrk, base + scenario.path, connection_counts[0], args.warmup, workdir / "report.lua", cookie,
                    headers=headers)
            for connections in connection_counts:
                stats.reset()
                before = meter.snapshot()
                result = run_wrk(wrk, base + scenario.path, connections, args.duration, workdir / "report.lua", cookie,
                                 headers=headers)
                result["cpu"] = CpuMeter.used(before, meter.snapshot())
                result["statements"] = stats.top(result["requests"])
                results[(scenario.name, connections)] = result
                print(f"{scenario.name:<10} c={connections:<3} {result['rps']:8.1f} req/s  p50 {result['p50'] / 1000:7.1f}  "
                      f"p95 {result['p95'] / 1000:7.1f}  p99 {result['p99'] / 1000:7.1f} ms  statuses {result['statuses']}")
    finally:
        stop(server)
        if clients:
            api_clients.remove_clients(clients)

    loads = (load_before, os.getloadavg()[0])
    table = render(scenarios, results, connection_counts, plan, args, started_at, post_summary, loads)
    table += render_statements(scenarios, results, connection_counts, stats)
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    if out.exists():  # several runs a day: keep them all
        out = out.with_name(f"{out.stem}-{datetime.now():%H%M}{out.suffix}")
    out.write_text(table, encoding="utf-8")
    print()
    print(table)
    print(f"written to {out}")
    shutil.rmtree(workdir, ignore_errors=True)


def production_options() -> str:
    from config.production import Settings

    return f"production's DATABASE_OPTIONS `{Settings.DATABASE_OPTIONS}`" if Settings.DATABASE_OPTIONS else "default settings"


CEILINGS = ("health", "live", "static")


def render_statements(scenarios, results, connection_counts, stats) -> str:
    """Per page the statements that cost PostgreSQL the most (pg_stat_statements), per request."""
    if not stats.available:
        return ("\nNo statement statistics: the server does not load pg_stat_statements (bench/README.md, "
                "\"Statement statistics\").\n")
    lines = ["", f"## Costliest statements per page ({connection_counts[0]} connections, pg_stat_statements)", "",
             "| page | calls/req | plan ms/req | exec ms/req | statement |", "|---|---|---|---|---|"]
    for scenario in scenarios:
        for calls, plan_ms, exec_ms, query in results.get((scenario.name, connection_counts[0]), {}).get("statements", []):
            shown = query[:160].replace("|", "\\|")
            lines.append(f"| {scenario.name} | {calls:.1f} | {plan_ms:.2f} | {exec_ms:.2f} | `{shown}` |")
    return "\n".join(lines) + "\n"


def targets(name: str, first_count: bool, result: dict, share: float | None) -> tuple[str, str]:
    """The targets of a row and which of them it missed; only the first connection count is judged."""
    if name in CEILINGS or not first_count:
        return "", ""
    share_target, p95_target = (TARGET_POST_SHARE, TARGET_POST_P95_MS) if name == "post" else (TARGET_SHARE, TARGET_P95_MS)
    checks = [(f">= {share_target:.0%}", share is not None and share >= share_target),
              (f"p95 <= {p95_target} ms", result["p95"] / 1000 <= p95_target)]
    cpu = result.get("cpu")
    if name != "post" and cpu and result["requests"]:
        checks.append((f"CPU <= {TARGET_CPU_MS} ms", sum(cpu.values()) * 1000 / result["requests"] <= TARGET_CPU_MS))
    missed = [text for text, met in checks if not met]
    return ", ".join(text for text, _ in checks), ("missed: " + ", ".join(missed)) if missed else "met"


def cpu_per_request(result) -> str:
    cpu = result.get("cpu")
    if not cpu or not result["requests"]:
        return ""
    app, database = (cpu[kind] * 1000 / result["requests"] for kind in ("app", "db"))
    return f"{app:.1f} + {database:.1f}"


def render(scenarios, results, connection_counts, plan, args, started_at, post_summary, loads) -> str:
    import platform

    commit = subprocess.run(["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"], capture_output=True, text=True).stdout.strip()
    dirty = subprocess.run(["git", "-C", str(ROOT), "status", "--porcelain", "--untracked-files=no"],
                           capture_output=True, text=True).stdout.strip()
    code = args.label or (f"{commit}{' + uncommitted changes' if dirty else ''}" if commit else str(ROOT))
    pg = subprocess.run(["psql", national.database_url(), "-tAc", "SHOW server_version"], capture_output=True, text=True).stdout.strip()
    wrk_version = subprocess.run(["wrk", "-v"], capture_output=True, text=True).stdout.split("\n")[0]
    lines = [
        f"# Web benchmark, national dataset ({started_at:%Y-%m-%d %H:%M})",
        "",
        f"- code: {code}; PostgreSQL {pg} with {', '.join(args.pg_option) if args.pg_option else production_options()} "
        f"for the app's connections; "
        f"{os.cpu_count()} cores "
        f"({platform.processor() or platform.machine()}); {wrk_version}",
        f"- gunicorn {args.workers} workers x {args.threads} threads (gthread, --reuse-port), PORTAL_CONFIG=production "
        f"(cookie not Secure and not __Host- for plain http; login rate limits in memory); wrk -t1, "
        f"{args.duration:g} s per cell after {args.warmup:g} s warm-up; server, database and wrk share the cores "
        f"(1-minute load average {loads[0]:.1f} before, {loads[1]:.1f} after: other work on the machine shows here)",
        "- data: " + ", ".join(f"{v:,} {k}" for k, v in plan.dataset.items()),
        "- users: " + ", ".join(f"{k} {v}" for k, v in plan.logins.items())
        + f"; candidate {plan.profile_id}, refill request {plan.refill_id}, follow-up question {plan.follow_up_id}",
        "",
        "| page | conns | req/s | p50 ms | p95 ms | p99 ms | share of ceiling | CPU ms/req Python + database "
        "| non-2xx/3xx | target | result |",
        "|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for scenario in scenarios:
        for connections in connection_counts:
            result = results.get((scenario.name, connections))
            if not result:
                continue
            ceiling = results.get(("health", connections), {}).get("rps")
            share = result["rps"] / ceiling if ceiling else None
            bad = sum(v for k, v in result["statuses"].items() if not 200 <= int(k) < 400)
            errors = sum(result["errors"].values())
            target, verdict = targets(scenario.name, connections == connection_counts[0], result, share)
            lines.append(
                f"| {scenario.label} | {connections} | {result['rps']:.0f} | {result['p50'] / 1000:.1f} | "
                f"{result['p95'] / 1000:.1f} | {result['p99'] / 1000:.1f} | "
                f"{'' if scenario.name == 'health' else f'{share:.0%}' if share is not None else '?'} | "
                f"{cpu_per_request(result)} | {bad + errors} | {target} | {verdict} |"
            )
    lines += [
        "",
        "CPU ms/req: CPU time of the gunicorn processes and of the PostgreSQL backends of this database during "
        "the run, per request; with 2 cores a page can at best serve 2000 / (app + db) requests per second, "
        "less what wrk uses. Unlike the latencies it changes little with other work on the machine.",
        "",
        f"Targets (issue 21), at {connection_counts[0]} connections: every main page >= {TARGET_SHARE:.0%} of the "
        f"bare route's throughput, p95 <= {TARGET_P95_MS} ms and <= {TARGET_CPU_MS} ms CPU per request (Python and "
        f"database together); filing a notice >= {TARGET_POST_SHARE:.0%} and p95 <= {TARGET_POST_P95_MS} ms. "
        f"At {', '.join(str(c) for c in connection_counts[1:]) or 'more'} connections the share is shown for comparison.",
    ]
    if post_summary:
        lines += ["", f"Filing: {post_summary}."]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    main()
