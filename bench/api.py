"""API benchmark: list reads of /api/v1 on the national dataset, as bench/web.py does for pages.

    .venv/bin/python bench/api.py [--duration 10] [--connections 8,32] [--scale 1.0]

1. Creates (once) the national dataset in $BENCH_DATABASE_URL (bench/national.py; --scale for a
   smaller one in a database of its own) and registers two API clients: UWV nationally (notices,
   refill requests, assignments, employments) and the largest employer's HR system.
2. Starts gunicorn with PORTAL_CONFIG=production (bench/web.py's set-up) on plain http on
   127.0.0.1, so API_HTTPS_ONLY is switched off, and with a rate limit far above what wrk sends
   (the limit is a setting; it would otherwise be measured instead of the API).
3. Takes a token at /api/v1/oauth/token and measures with wrk, per list, the first page of 25:
   requests per second, latencies, status codes (a 401 or 429 cannot pass for a fast answer),
   and CPU milliseconds per request in the app and in PostgreSQL.
4. Removes the two clients (the access log keeps its rows: it is append-only), prints the
   table and writes it to bench/results/api-<date>.md.
"""
from __future__ import annotations

import argparse
import base64
import http.client
import json
import os
import shutil
import subprocess
import sys
import tempfile
from datetime import date, datetime
from pathlib import Path
from urllib.parse import urlencode

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))
sys.path.insert(0, str(BENCH.parent))

import national  # noqa: E402
import web  # noqa: E402  (gunicorn, wrk and the CPU meter of the page benchmark)

LISTS = (
    ("notices", "UWV: notices", "/api/v1/meldingen", "national"),
    ("open", "UWV: notices waiting to be read", "/api/v1/meldingen?status=submitted", "national"),
    ("refills", "UWV: refill requests", "/api/v1/herbezettingsverzoeken", "national"),
    ("assignments", "UWV: ADs per employee", "/api/v1/toewijzingen", "national"),
    ("employments", "HR system: own employments (largest employer)", "/api/v1/dienstverbanden", "hr"),
)


def register_clients() -> dict[str, tuple[int, str, str]]:
    """{name: (id, client key, secret)} of the bench's two clients."""
    from sqlalchemy import func, select

    from portal.api import client_service
    from portal.extensions import db
    from portal.models import Employee, Organisation
    from portal.unit_of_work import unit_of_work

    app = national.bench_app()
    clients = {}
    with app.app_context():
        largest = db.session.scalar(select(Organisation).join(Employee, Employee.organisation_id == Organisation.id)
                                    .group_by(Organisation.id).order_by(func.count().desc()).limit(1))
        for name, data in (
            ("national", client_service.ClientInput("bench UWV", "national", permissions={
                "notices": "read", "refill_requests": "read", "assignments": "read", "employments": "read"})),
            ("hr", client_service.ClientInput("bench HR", "organisation", organisation=largest,
                                              permissions={"employments": "read"})),
        ):
            with unit_of_work():
                client, secret = client_service.register(None, data)
            clients[name] = (client.id, client.client_key, secret)
        db.session.remove()
        db.engine.dispose()
    return clients


def remove_clients(clients: dict) -> None:
    from sqlalchemy import delete

    from portal.extensions import db
    from portal.models import ApiClient

    app = national.bench_app()
    with app.app_context():
        db.session.execute(delete(ApiClient).where(ApiClient.id.in_([c[0] for c in clients.values()])))
        db.session.commit()
        db.engine.dispose()


def token(port: int, key: str, secret: str) -> str:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    auth = base64.b64encode(f"{key}:{secret}".encode()).decode()
    connection.request("POST", "/api/v1/oauth/token", body=urlencode({"grant_type": "client_credentials"}),
                       headers={"Authorization": f"Basic {auth}", "Content-Type": "application/x-www-form-urlencoded"})
    response = connection.getresponse()
    body = json.loads(response.read())
    if response.status != 200:
        raise RuntimeError(f"no token: {response.status} {body}")
    return body["access_token"]


def run_wrk(wrk: str, url: str, connections: int, seconds: float, script: Path, bearer: str) -> dict:
    command = [wrk, "-t1", f"-c{connections}", f"-d{max(1, round(seconds))}s", "--timeout", "10s",
               "-H", f"User-Agent: {web.USER_AGENT}", "-H", f"Authorization: Bearer {bearer}", "-s", str(script), url]
    output = subprocess.run(command, capture_output=True, text=True, timeout=seconds + 60).stdout
    line = next((text for text in output.splitlines() if text.startswith("BENCH ")), None)
    if line is None:
        raise RuntimeError(f"wrk gave no result:\n{output}")
    result = json.loads(line[len("BENCH "):])
    result["rps"] = result["requests"] / (result["duration_us"] / 1e6)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--duration", type=float, default=10, help="seconds per measurement (default 10)")
    parser.add_argument("--warmup", type=float, default=2)
    parser.add_argument("--connections", default="8,32")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--scale", type=float, default=1.0, help="of the national dataset, when it is created")
    parser.add_argument("--out", default=str(BENCH / "results" / f"api-{date.today()}.md"))
    args = parser.parse_args()
    counts = [int(c) for c in args.connections.split(",")]

    wrk = web.ensure_wrk()
    national.ensure_loaded(scale=args.scale)
    clients = register_clients()
    workdir = Path(tempfile.mkdtemp(prefix="portal-bench-api-"))
    (workdir / "report.lua").write_text(web.REPORT_LUA)
    os.environ.update(PORTAL_API_HTTPS_ONLY="false", PORTAL_API_RATE_LIMIT="100000000 per minute")
    port = web.free_port()
    server = web.start_gunicorn(port, args.workers, args.threads, workdir / "gunicorn.log", [])
    rows = []
    try:
        tokens = {name: token(port, key, secret) for name, (_, key, secret) in clients.items()}
        meter = web.CpuMeter(server)
        base = f"http://127.0.0.1:{port}"
        for name, label, path, who in LISTS:
            run_wrk(wrk, base + path, counts[0], args.warmup, workdir / "report.lua", tokens[who])
            for connections in counts:
                before = meter.snapshot()
                result = run_wrk(wrk, base + path, connections, args.duration, workdir / "report.lua", tokens[who])
                result["cpu"] = web.CpuMeter.used(before, meter.snapshot())
                rows.append((label, path, connections, result))
                print(f"{name:<12} c={connections:<3} {result['rps']:8.1f} req/s  p50 {result['p50'] / 1000:6.1f}  "
                      f"p95 {result['p95'] / 1000:6.1f} ms  cpu/req {web.cpu_per_request(result)} ms  "
                      f"statuses {result['statuses']}")
    finally:
        web.stop(server)
        remove_clients(clients)
        shutil.rmtree(workdir, ignore_errors=True)

    lines = [f"# API list reads, {datetime.now():%Y-%m-%d %H:%M}", "",
             f"gunicorn {args.workers} workers x {args.threads} threads, production settings, "
             f"{args.duration:g} s per measurement, national dataset at {national.database_url()}.", "",
             "| list | connections | req/s | p50 ms | p95 ms | CPU ms per request (app + PostgreSQL) | statuses |",
             "|---|---|---|---|---|---|---|"]
    for label, path, connections, result in rows:
        lines.append(f"| {label} (`{path}`) | {connections} | {result['rps']:.0f} | {result['p50'] / 1000:.1f} | "
                     f"{result['p95'] / 1000:.1f} | {web.cpu_per_request(result)} | {result['statuses']} |")
    table = "\n".join(lines) + "\n"
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    if out.exists():
        out = out.with_name(f"{out.stem}-{datetime.now():%H%M}{out.suffix}")
    out.write_text(table, encoding="utf-8")
    print()
    print(table)
    print(f"written to {out}")


if __name__ == "__main__":
    main()
