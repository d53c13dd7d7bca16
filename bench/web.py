"""Web benchmark on the national dataset: gunicorn with production settings, measured with wrk.

    .venv/bin/python bench/web.py [--duration 10] [--connections 8,32] [--only inbox,queue]

1. Creates (once) the PostgreSQL database `portal_national` with the national dataset
   (bench/national.py; $BENCH_DATABASE_URL) and migrates it to the latest revision.
2. Starts gunicorn with PORTAL_CONFIG=production on 127.0.0.1 (2 gthread workers, 4 threads,
   --reuse-port). Plain http on localhost, so the session cookie is made non-secure and gets a
   name without the __Host- prefix; login rate limits are kept in memory (production's redis
   client is not installed). Nothing else differs from production.
3. Logs in as the users that make the pages heavy (the largest employer, the AD with the fullest
   inbox, the adviser of the busiest WSP region; employers of the next largest organisations for
   filing notices) through the real login pages, two-factor code included (the bench gives
   those users a known TOTP secret).
4. Measures with wrk (installed with apt-get when missing) at each connection count for
   --duration seconds, after a short warm-up: /health (one SELECT 1: the ceiling), the employer
   dashboard and a search, the AD inbox, the WSP queue, a notice page, and filing a notice (POST;
   every request files a notice for a different contract). A Lua script counts the status codes,
   so a page that answers with a redirect to the login page cannot pass for a fast page.
5. Removes what the filing runs created (notices, refill requests, events, queued e-mail;
   answered prompts are reopened), so every run starts from the same data. The audit log is
   append-only and keeps its rows.
6. Prints the table and writes it to bench/results/web-<date>.md.

All traffic stays on 127.0.0.1; every wrk run is bounded by --duration.
"""
from __future__ import annotations

import argparse
import http.client
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from urllib.parse import urlencode

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
sys.path.insert(0, str(BENCH))
sys.path.insert(0, str(ROOT))

import national  # noqa: E402

COOKIE = "bench_session"
USER_AGENT = "portal-bench/1.0"
TOTP_SECRET = "BENCHBENCHBENCHBENCHBENCHBENCH23"  # base32; only for the bench users
TARGET_P95_MS = 50
TARGET_SHARE = 0.15
TARGET_POST_P95_MS = 100
SEARCH_TERM = "bakker"

DONE_LUA = r"""
function done(summary, latency, requests)
  local merged = {}
  for _, thread in ipairs(threads) do
    for status, count in pairs(thread:get("statuses")) do
      merged[tostring(status)] = (merged[tostring(status)] or 0) + count
    end
  end
  local parts = {}
  for status, count in pairs(merged) do table.insert(parts, string.format('"%s": %d', status, count)) end
  io.write(string.format(
    'BENCH {"requests": %d, "duration_us": %d, "p50": %d, "p95": %d, "p99": %d, "max": %d, ' ..
    '"errors": {"connect": %d, "read": %d, "write": %d, "timeout": %d}, "statuses": {%s}}\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(95),
    latency:percentile(99), latency.max, summary.errors.connect, summary.errors.read,
    summary.errors.write, summary.errors.timeout, table.concat(parts, ", ")))
end
"""

# GET: counts the status codes per thread; done() prints one JSON line the runner reads.
REPORT_LUA = r"""
threads = {}
function setup(thread) table.insert(threads, thread) end
function init(args) statuses = {} end
function response(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
end
""" + DONE_LUA

# POST: each request files a notice for the next contract of the list (one per line:
# path TAB cookie TAB body); threads take turns, so no contract is used twice.
POST_LUA = r"""
threads = {}
local counter = 0
function setup(thread)
  thread:set("thread_number", counter)
  counter = counter + 1
  table.insert(threads, thread)
end
function init(args)
  statuses = {}
  items = {}
  local line_number = 0
  for line in io.lines(args[1]) do
    if line_number % tonumber(args[2]) == thread_number then
      local path, cookie, body = line:match("^([^\t]*)\t([^\t]*)\t(.*)$")
      if path then table.insert(items, {path, cookie, body}) end
    end
    line_number = line_number + 1
  end
  index = 0
end
function request()
  index = index + 1
  local item = items[(index - 1) % #items + 1]
  return wrk.format("POST", item[1], {["Cookie"] = item[2], ["Content-Type"] = "application/x-www-form-urlencoded"}, item[3])
end
function response(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
end
""" + DONE_LUA


# --- a small HTTP client that keeps one session cookie ----------------------------------------

class Browser:
    def __init__(self, port: int):
        self.port = port
        self.cookie: str | None = None

    def request(self, method: str, path: str, form: dict | None = None):
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        headers = {"User-Agent": USER_AGENT}
        if self.cookie:
            headers["Cookie"] = f"{COOKIE}={self.cookie}"
        body = None
        if form is not None:
            body = urlencode(form)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        text = response.read().decode("utf-8", "replace")
        for header in response.headers.get_all("Set-Cookie") or []:
            name, _, rest = header.partition("=")
            if name.strip() == COOKIE:
                value = rest.split(";", 1)[0]
                self.cookie = value or None
        connection.close()
        return response.status, response.headers, text

    def get(self, path: str):
        return self.request("GET", path)

    def post(self, path: str, form: dict):
        return self.request("POST", path, form)


def csrf_token(html: str) -> str:
    match = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', html) or re.search(
        r'<meta name="csrf-token" content="([^"]+)"', html
    )
    if not match:
        raise RuntimeError("no csrf token on the page")
    return match.group(1)


def log_in(port: int, email: str, password: str, home: str) -> tuple[Browser, str]:
    """The real login pages; returns the browser (cookie) and a CSRF token of its session."""
    import pyotp

    browser = Browser(port)
    status, _, html = browser.get("/inloggen")
    status, headers, html = browser.post("/inloggen", {"csrf_token": csrf_token(html), "email": email, "password": password})
    if status != 302:
        raise RuntimeError(f"login of {email} answered {status}")
    location = headers.get("Location", "")
    if location.endswith("/inloggen/code"):
        status, _, html = browser.get("/inloggen/code")
        status, headers, html = browser.post(
            "/inloggen/code", {"csrf_token": csrf_token(html), "code": pyotp.TOTP(TOTP_SECRET).now()}
        )
        if status != 302:
            raise RuntimeError(f"two-factor step of {email} answered {status}")
    elif "/inloggen" in location:
        raise RuntimeError(f"login of {email} ended at {location}")
    status, _, html = browser.get(home)
    if status != 200:
        raise RuntimeError(f"{home} as {email} answered {status}")
    return browser, csrf_token(html)


# --- preparing the data ---------------------------------------------------------------------

@dataclass
class Plan:
    logins: dict  # role -> e-mail
    notice_id: int
    profile_id: int = 0  # a pool candidate of the busiest WSP region, with the most open jobs to match
    refill_id: int = 0  # an open refill request of that region, to match candidates against
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
        # Contracts to file a notice for: current, no open notice; the largest organisations first.
        today = date.today()
        open_notice = select(ContractEndNotice.employment_id).where(ContractEndNotice.status.in_(OPEN_NOTICE_STATES))
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
    return Plan(logins=roles, notice_id=notice_id, profile_id=profile_id, refill_id=refill_id, post_users=post_users,
                post_items=items, dataset=dataset)


def high_water_marks() -> dict:
    from sqlalchemy import func, select

    from portal.extensions import db
    from portal.models import ContractEndNotice, OutboxEmail, RefillRequest, WorkflowEvent

    app = national.bench_app()
    with app.app_context():
        marks = {m.__tablename__: db.session.scalar(select(func.coalesce(func.max(m.id), 0)))
                 for m in (ContractEndNotice, RefillRequest, WorkflowEvent, OutboxEmail)}
        marks["at"] = datetime.now(UTC)
        db.session.remove()
        db.engine.dispose()
    return marks


def remove_filed_since(marks: dict) -> int:
    """Delete what the filing runs made; reopen the prompts they answered. Returns notices removed."""
    from sqlalchemy import delete, func, select, update

    from portal.extensions import db
    from portal.models import ContractEndNotice, ContractEndPrompt, OutboxEmail, RefillRequest, WorkflowEvent

    app = national.bench_app()
    with app.app_context():
        # wrk stops sending, but the server still works off the requests it has queued: wait until
        # no more notices appear, or the late ones stay behind (and their refill requests break
        # the deletes below).
        last, deadline = None, time.monotonic() + 60
        while time.monotonic() < deadline:
            newest = db.session.scalar(select(func.max(ContractEndNotice.id)))
            db.session.rollback()
            if newest == last:
                break
            last = newest
            time.sleep(2)
        new_notices = select(ContractEndNotice.id).where(ContractEndNotice.id > marks["contract_end_notices"])
        employment_ids = select(ContractEndNotice.employment_id).where(ContractEndNotice.id > marks["contract_end_notices"])
        removed = db.session.scalar(select(func.count()).select_from(new_notices.subquery()))
        db.session.execute(
            update(ContractEndPrompt)
            .where(ContractEndPrompt.employment_id.in_(employment_ids), ContractEndPrompt.status == "notice_filed",
                   ContractEndPrompt.answered_at >= marks["at"])
            .values(status="open", answered_by_id=None, answered_at=None)
        )
        db.session.execute(delete(WorkflowEvent).where(WorkflowEvent.id > marks["workflow_events"]))
        db.session.execute(delete(RefillRequest).where(
            (RefillRequest.id > marks["refill_requests"]) | RefillRequest.notice_id.in_(new_notices)))
        db.session.execute(delete(ContractEndNotice).where(ContractEndNotice.id > marks["contract_end_notices"]))
        db.session.execute(delete(OutboxEmail).where(OutboxEmail.id > marks["outbox_emails"]))
        db.session.commit()
        db.session.remove()
        db.engine.dispose()
    return removed


# --- server and load generator --------------------------------------------------------------

def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def redis_client_installed() -> bool:
    try:
        import redis  # noqa: F401
    except ImportError:
        return False
    return True


def start_gunicorn(port: int, workers: int, threads: int, log_path: Path, pg_options: list[str]) -> subprocess.Popen:
    import secrets

    env = dict(os.environ)
    if pg_options:  # instead of production's DATABASE_OPTIONS: for the app's own connections only
        env["PORTAL_DATABASE_OPTIONS"] = " ".join(f"-c {option}" for option in pg_options)
    env.update(
        PORTAL_CONFIG="production",
        PORTAL_SECRET_KEY=secrets.token_urlsafe(40)[:40],
        PORTAL_DATABASE_URL=national.database_url(),
        PORTAL_SESSION_COOKIE_SECURE="false",
        PORTAL_SESSION_COOKIE_NAME=COOKIE,
    )
    if not redis_client_installed():
        env["PORTAL_RATELIMIT_STORAGE_URI"] = "memory://"
    command = [
        str(Path(sys.executable).parent / "gunicorn"), "--workers", str(workers), "--threads", str(threads),
        "--worker-class", "gthread", "--reuse-port", "--bind", f"127.0.0.1:{port}", "--chdir", str(ROOT),
        "--log-level", "warning", "portal:create_app()",
    ]
    log = open(log_path, "w")  # noqa: SIM115  (the log stays open for the server process that writes to it)
    process = subprocess.Popen(command, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn exited: see {log_path}")
        try:
            status, _, _ = Browser(port).get("/health")
            if status == 200:
                return process
        except OSError:
            pass
        time.sleep(0.3)
    stop(process)
    raise RuntimeError("gunicorn did not answer /health within 60 s")


def stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)  # the group of the gunicorn we started, by its id
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


# --- CPU time per request: other work on the machine changes latency, much less this ----------

CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def _cpu_of(pid: int) -> float:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS  # utime + stime


def _children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1]) == pid:
                    found.append(int(entry.name))
            except (OSError, IndexError, ValueError):
                continue
    return found


class CpuMeter:
    """CPU seconds used by the gunicorn processes and by the database's backends for this database."""

    def __init__(self, server: subprocess.Popen):
        import psycopg
        from sqlalchemy.engine import make_url

        self.server = server
        url = make_url(national.database_url())
        self.database = url.database
        self.connection = psycopg.connect(url.set(drivername="postgresql").render_as_string(hide_password=False),
                                          autocommit=True)

    def snapshot(self) -> dict:
        app = [self.server.pid, *_children(self.server.pid)]
        backends = [row[0] for row in self.connection.execute(
            "SELECT pid FROM pg_stat_activity WHERE datname = %s AND pid <> pg_backend_pid()", (self.database,))]
        # Parallel query workers run as children of the postmaster: count them too, by leader.
        return {"app": {pid: _cpu_of(pid) for pid in app}, "db": {pid: _cpu_of(pid) for pid in backends}}

    @staticmethod
    def used(before: dict, after: dict) -> dict:
        return {kind: sum(after[kind][pid] - before[kind].get(pid, 0.0) for pid in after[kind]) for kind in after}


def ensure_wrk() -> str:
    found = shutil.which("wrk")
    if found:
        return found
    sudo = [] if os.geteuid() == 0 else ["sudo"]
    print("installing wrk (Debian package) ...")
    subprocess.run(sudo + ["apt-get", "install", "-y", "-qq", "wrk"], check=False,
                   env={**os.environ, "DEBIAN_FRONTEND": "noninteractive"})
    if not shutil.which("wrk"):
        subprocess.run(sudo + ["apt-get", "update", "-qq"], check=True)
        subprocess.run(sudo + ["apt-get", "install", "-y", "-qq", "wrk"], check=True,
                       env={**os.environ, "DEBIAN_FRONTEND": "noninteractive"})
    return shutil.which("wrk")


def run_wrk(wrk: str, url: str, connections: int, seconds: float, script: Path, cookie: str | None,
            script_args: list[str] = ()) -> dict:
    command = [wrk, "-t1", f"-c{connections}", f"-d{max(1, round(seconds))}s", "--timeout", "10s",
               "-H", f"User-Agent: {USER_AGENT}", "-s", str(script)]
    if cookie:
        command += ["-H", f"Cookie: {COOKIE}={cookie}"]
    command.append(url)
    if script_args:
        command += ["--", *script_args]
    output = subprocess.run(command, capture_output=True, text=True, timeout=seconds + 60).stdout
    line = next((text for text in output.splitlines() if text.startswith("BENCH ")), None)
    if line is None:
        raise RuntimeError(f"wrk gave no result:\n{output}")
    result = json.loads(line[len("BENCH "):])
    result["rps"] = result["requests"] / (result["duration_us"] / 1e6)
    return result


# --- the run ----------------------------------------------------------------------------------

@dataclass
class Scenario:
    name: str
    label: str
    path: str
    browser: str | None  # role whose cookie is sent (None: no cookie)
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
    post_budget = 400 * args.duration * len(connection_counts) + 4000
    plan = prepare(max_post_items=int(post_budget))
    password = national.password()
    print(f"logins: {plan.logins}; notice page /meldingen/{plan.notice_id}; "
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
        Scenario("post", "file a notice (POST)", "/contracten/<id>/einde-melden", None, post=True),
    ]
    if args.only:
        wanted = {"health", *args.only.split(",")}
        scenarios = [s for s in scenarios if s.name in wanted]

    workdir = Path(tempfile.mkdtemp(prefix="portal-bench-"))
    (workdir / "report.lua").write_text(REPORT_LUA)
    (workdir / "post.lua").write_text(POST_LUA)
    port = free_port()
    server = start_gunicorn(port, args.workers, args.threads, workdir / "gunicorn.log", args.pg_option)
    results: dict[tuple[str, int], dict] = {}
    post_summary = ""
    try:
        homes = {"employer": "/medewerkers", "ad": "/inbox", "wsp": "/wsp/verzoeken"}
        browsers = {}
        for role in {s.browser for s in scenarios if s.browser}:
            browsers[role] = log_in(port, plan.logins[role], password, homes[role])[0]
        base = f"http://127.0.0.1:{port}"
        meter = CpuMeter(server)
        for scenario in scenarios:
            if scenario.post:
                post_summary = measure_post(wrk, base, port, plan, password, connection_counts, args, workdir, results, meter)
                continue
            browser = browsers.get(scenario.browser)
            if browser:
                status, _, _ = browser.get(scenario.path)  # a fresh cookie (idle timeout) and a check
                if status != 200:
                    raise RuntimeError(f"{scenario.path} answered {status}")
            cookie = browser.cookie if browser else None
            run_wrk(wrk, base + scenario.path, connection_counts[0], args.warmup, workdir / "report.lua", cookie)
            for connections in connection_counts:
                before = meter.snapshot()
                result = run_wrk(wrk, base + scenario.path, connections, args.duration, workdir / "report.lua", cookie)
                result["cpu"] = CpuMeter.used(before, meter.snapshot())
                results[(scenario.name, connections)] = result
                print(f"{scenario.name:<10} c={connections:<3} {result['rps']:8.1f} req/s  p50 {result['p50'] / 1000:7.1f}  "
                      f"p95 {result['p95'] / 1000:7.1f}  p99 {result['p99'] / 1000:7.1f} ms  statuses {result['statuses']}")
    finally:
        stop(server)

    loads = (load_before, os.getloadavg()[0])
    table = render(scenarios, results, connection_counts, plan, args, started_at, post_summary, loads)
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    if out.exists():  # several runs a day: keep them all
        out = out.with_name(f"{out.stem}-{datetime.now():%H%M}{out.suffix}")
    out.write_text(table, encoding="utf-8")
    print()
    print(table)
    print(f"written to {out}")
    shutil.rmtree(workdir, ignore_errors=True)


def measure_post(wrk, base, port, plan, password, connection_counts, args, workdir, results, meter) -> str:
    """Filing notices: each request a different contract; cleaned up afterwards."""
    marks = high_water_marks()
    summary = ""
    try:
        tokens = {}
        for email in plan.post_users:
            browser, token = log_in(port, email, password, "/medewerkers")
            tokens[email] = (browser.cookie, token)
        consent_date = (date.today() - timedelta(days=1)).isoformat()
        lines = []
        for email, employment_id, expected in plan.post_items:
            cookie, token = tokens[email]
            body = urlencode({
                "csrf_token": token, "expected_end_date": expected, "reason_category": "temp_no_work",
                "initiative": "employer", "reason_text": "Minder werk na de zomer.",
                "notes_strengths": "Nauwkeurig en betrouwbaar.", "notes_wishes": "Wil buiten werken.",
                "notes_discussed": "y", "consent_given": "y", "consent_date": consent_date,
                "refill_wanted": "ja", "refill_job_title": "Medewerker logistiek", "refill_hours": "24",
                "refill_tasks": "Orders verzamelen.",
            })
            lines.append(f"/contracten/{employment_id}/einde-melden\t{COOKIE}={cookie}\t{body}")
        data = workdir / "post-items.tsv"
        offset = 0
        totals = {"302": 0, "200": 0}
        for phase, connections, seconds in [("warm-up", connection_counts[0], args.warmup)] + [
            ("measure", c, args.duration) for c in connection_counts
        ]:
            # Every phase gets contracts no earlier phase used.
            data.write_text("\n".join(lines[offset:]) + "\n")
            before = meter.snapshot()
            result = run_wrk(wrk, base + "/", connections, seconds, workdir / "post.lua", None, [str(data), "1"])
            result["cpu"] = CpuMeter.used(before, meter.snapshot())
            # Requests still in flight when wrk stopped may have filed theirs: skip those too.
            used = sum(result["statuses"].values()) + connections
            offset += used
            for status, count in result["statuses"].items():
                totals[status] = totals.get(status, 0) + count
            if phase == "measure":
                results[("post", connections)] = result
                print(f"{'post':<10} c={connections:<3} {result['rps']:8.1f} req/s  p50 {result['p50'] / 1000:7.1f}  "
                      f"p95 {result['p95'] / 1000:7.1f}  p99 {result['p99'] / 1000:7.1f} ms  statuses {result['statuses']}")
            if offset >= len(lines):
                print("warning: ran out of contracts; later requests repeat and get the validation page")
        summary = (f"{totals.get('302', 0)} notices filed (302 to the notice), {totals.get('200', 0)} answered with "
                   f"the form again (validation: a repeat), other: "
                   f"{ {k: v for k, v in totals.items() if k not in ('302', '200')} or 'none'}; "
                   f"{len(lines)} different contracts were available")
    finally:
        removed = remove_filed_since(marks)
        summary += f"; afterwards {removed} filed notices were removed again"
        print(summary)
    return summary


def production_options() -> str:
    from config.production import Settings

    return f"production's DATABASE_OPTIONS `{Settings.DATABASE_OPTIONS}`" if Settings.DATABASE_OPTIONS else "default settings"


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
        "- users: " + ", ".join(f"{k} {v}" for k, v in plan.logins.items()),
        "",
        "| page | conns | req/s | p50 ms | p95 ms | p99 ms | share of ceiling | CPU ms/req app + db | non-2xx/3xx | target |",
        "|---|---|---|---|---|---|---|---|---|---|",
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
            verdict = ""
            if scenario.name == "post" and connections == connection_counts[0]:
                verdict = f"p95 <= {TARGET_POST_P95_MS} ms: " + ("met" if result["p95"] / 1000 <= TARGET_POST_P95_MS else "missed")
            elif scenario.name not in ("health", "live", "static", "post") and connections == connection_counts[0]:
                checks = [f"p95 {'met' if result['p95'] / 1000 <= TARGET_P95_MS else 'missed'}",
                          f"share {'met' if share is not None and share >= TARGET_SHARE else 'missed'}"]
                verdict = ", ".join(checks)
            elif scenario.name not in ("health", "live", "static", "post"):
                verdict = f"share {'met' if share is not None and share >= TARGET_SHARE else 'missed'}"
            lines.append(
                f"| {scenario.label} | {connections} | {result['rps']:.0f} | {result['p50'] / 1000:.1f} | "
                f"{result['p95'] / 1000:.1f} | {result['p99'] / 1000:.1f} | "
                f"{'' if scenario.name == 'health' else f'{share:.0%}' if share is not None else '?'} | "
                f"{cpu_per_request(result)} | {bad + errors} | {verdict} |"
            )
    lines += [
        "",
        "CPU ms/req: CPU time of the gunicorn processes and of the PostgreSQL backends of this database during "
        "the run, per request; with 2 cores a page can at best serve 2000 / (app + db) requests per second, "
        "less what wrk uses. Unlike the latencies it changes little with other work on the machine.",
        "",
        f"Targets: every main page p95 <= {TARGET_P95_MS} ms at {connection_counts[0]} connections and >= "
        f"{TARGET_SHARE:.0%} of the bare route's throughput; filing a notice p95 <= {TARGET_POST_P95_MS} ms.",
    ]
    if post_summary:
        lines += ["", f"Filing: {post_summary}."]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    main()
