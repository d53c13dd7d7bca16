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
import os
import shutil
import sys
import tempfile
from datetime import date, datetime
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))
sys.path.insert(0, str(BENCH.parent))

import national  # noqa: E402
import web  # noqa: E402  (gunicorn, wrk and the CPU meter of the page benchmark)
from api_clients import api_settings, register_clients, remove_clients, token  # noqa: E402

LISTS = (
    ("notices", "UWV: notices", "/api/v1/meldingen", "national"),
    ("open", "UWV: notices waiting to be read", "/api/v1/meldingen?status=submitted", "national"),
    ("refills", "UWV: refill requests", "/api/v1/herbezettingsverzoeken", "national"),
    ("assignments", "UWV: ADs per employee", "/api/v1/toewijzingen", "national"),
    ("employments", "HR system: own employments (largest employer)", "/api/v1/dienstverbanden", "hr"),
)


def bearer(access_token: str) -> list[str]:
    return [f"Authorization: Bearer {access_token}"]


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
    os.environ.update(api_settings())
    port = web.free_port()
    server = web.start_gunicorn(port, args.workers, args.threads, workdir / "gunicorn.log", [])
    rows = []
    try:
        tokens = {name: token(port, key, secret) for name, (_, key, secret) in clients.items()}
        meter = web.CpuMeter(server)
        base = f"http://127.0.0.1:{port}"
        for name, label, path, who in LISTS:
            web.run_wrk(wrk, base + path, counts[0], args.warmup, workdir / "report.lua", None, headers=bearer(tokens[who]))
            for connections in counts:
                before = meter.snapshot()
                result = web.run_wrk(wrk, base + path, connections, args.duration, workdir / "report.lua", None,
                                     headers=bearer(tokens[who]))
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
