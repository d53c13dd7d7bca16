"""What the page and API benchmarks share: a small cookie-keeping client and the real login, gunicorn
with production settings, wrk with a Lua script that counts status codes, and the CPU meter."""
from __future__ import annotations

import http.client
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlencode

import national

ROOT = Path(__file__).resolve().parent.parent
COOKIE = "bench_session"
USER_AGENT = "portal-bench/1.0"
TOTP_SECRET = "BENCHBENCHBENCHBENCHBENCHBENCH23"  # base32; only for the bench users

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


# --- server and load generator --------------------------------------------------------------

def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


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
    # Login rate limits in the server's memory, not production's Redis: the counters in Redis
    # outlive a run, and a second run within ten minutes was refused its logins (429).
    env["PORTAL_RATELIMIT_STORAGE_URI"] = "memory://"
    command = [
        str(Path(sys.executable).parent / "gunicorn"), "--workers", str(workers), "--threads", str(threads),
        "--worker-class", "gthread", "--reuse-port", "--config", str(ROOT / "deploy" / "gunicorn.conf.py"),
        "--bind", f"127.0.0.1:{port}", "--chdir", str(ROOT),
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
            script_args: list[str] = (), headers: list[str] = ()) -> dict:
    command = [wrk, "-t1", f"-c{connections}", f"-d{max(1, round(seconds))}s", "--timeout", "10s",
               "-H", f"User-Agent: {USER_AGENT}", "-s", str(script)]
    if cookie:
        command += ["-H", f"Cookie: {COOKIE}={cookie}"]
    for header in headers:
        command += ["-H", header]
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


class StatementStats:
    """pg_stat_statements for the bench database, when the server loads it (bench/README.md says
    how): per page the statements that cost the most, planning and execution apart."""

    def __init__(self, connection):
        self.connection = connection
        self.available = bool(connection.execute(
            "SELECT 1 FROM pg_extension WHERE extname = 'pg_stat_statements'").fetchone())
        if not self.available:
            try:
                connection.execute("CREATE EXTENSION IF NOT EXISTS pg_stat_statements")
                connection.execute("SELECT 1 FROM pg_stat_statements LIMIT 1")
                self.available = True
            except Exception:  # noqa: BLE001  (not in shared_preload_libraries: the report says so)
                self.available = False
        self.has_plan_time = self.available and bool(connection.execute(
            "SELECT 1 FROM pg_settings WHERE name = 'pg_stat_statements.track_planning' AND setting = 'on'").fetchone())

    def reset(self) -> None:
        if self.available:
            self.connection.execute("SELECT pg_stat_statements_reset()")

    def top(self, requests: int, limit: int = 4) -> list[tuple[float, float, float, str]]:
        """(calls, plan ms, execution ms per request, statement) of the costliest statements."""
        if not self.available or not requests:
            return []
        plan = "total_plan_time" if self.has_plan_time else "0"
        rows = self.connection.execute(
            f"SELECT calls, {plan}, total_exec_time, query FROM pg_stat_statements "  # nosec B608 (a column name)
            "WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database()) "
            "AND query NOT ILIKE '%%pg_stat%%' AND query NOT ILIKE '%%pg_extension%%' "
            f"ORDER BY {plan} + total_exec_time DESC LIMIT %s", (limit,)).fetchall()
        return [(calls / requests, plan_ms / requests, exec_ms / requests, " ".join(query.split()))
                for calls, plan_ms, exec_ms, query in rows]
