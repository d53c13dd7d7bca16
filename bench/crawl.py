"""Every page the bench users reach, slowest first, on the national database.

    .venv/bin/python bench/crawl.py [--depth 2] [--top 40] [--out bench/results/crawl-<date>.txt]

Logs in as the bench users of bench/web.py (largest employer, fullest AD, busiest WSP adviser,
admin) with the Flask test client and production settings, follows the links on each page up to
--depth clicks from the start pages, and requests each distinct route once more to time it (wall
milliseconds, SQL statements and their time). Pages that differ only in ids or query values count
as one route. Finds the pages the main-page benchmark does not cover that are slow at national
scale (issue 21 found the help page, the closed notices of the inbox and the insights this way).
Single-threaded, one request per route: a map of where to look, not a benchmark.
"""
from __future__ import annotations

import argparse
import re
import sys
import time
from datetime import date
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))
sys.path.insert(0, str(BENCH.parent))

import national  # noqa: E402
import web  # noqa: E402
from profile_pages import log_in, production_app  # noqa: E402

START_PAGES = {"employer": ["/", "/medewerkers"], "ad": ["/", "/inbox"], "wsp": ["/", "/wsp/verzoeken"],
               "admin": ["/", "/beheer/"]}
# Downloads, logging out, switching language, keep-alive and links that change something on GET.
SKIP = re.compile(r"uitloggen|\.pdf|\.csv|\.json|/static/|/taal|verlengen|werknemerslink|^/api/")


def route_of(path: str) -> str:
    base, _, query = path.partition("?")
    return re.sub(r"\d+", "N", base) + ("?" + re.sub(r"=[^&]*", "=", query) if query else "")


def crawl(client, timer, role: str, starts: list[str], depth: int) -> list[tuple]:
    results, routes, queue, found = [], set(), list(starts), {start: 0 for start in starts}
    while queue:
        path = queue.pop(0)
        route = route_of(path)
        if route in routes:
            continue
        routes.add(route)
        client.get(path)  # warm: templates, caches, the connection
        timer.reset()
        started = time.perf_counter()
        response = client.get(path)
        wall = (time.perf_counter() - started) * 1000
        sql = sum(sum(times) for times in timer.by_statement.values()) * 1000
        statements = sum(len(times) for times in timer.by_statement.values())
        results.append((wall, sql, statements, role, path, response.status_code, len(response.data)))
        if response.status_code != 200 or found[path] >= depth or not response.content_type.startswith("text/html"):
            continue
        for link in re.findall(r'href="(/[^"#]*)"', response.get_data(as_text=True)):
            link = link.replace("&amp;", "&")
            if not SKIP.search(link) and link not in found:
                found[link] = found[path] + 1
                queue.append(link)
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--depth", type=int, default=2)
    parser.add_argument("--top", type=int, default=40)
    parser.add_argument("--out", default=str(BENCH / "results" / f"crawl-{date.today()}.txt"))
    args = parser.parse_args()
    plan = web.prepare(max_post_items=0)
    app, timer = production_app()
    results = []
    for role, email in plan.logins.items():
        client = app.test_client()
        log_in(client, email, national.password())
        results += crawl(client, timer, role, START_PAGES[role], args.depth)
    lines = [f"{len(results)} routes; the {min(args.top, len(results))} slowest (one request each, in-process):",
             f"{'ms':>8} {'SQL ms':>8} {'stmts':>5}  {'role':<8} page  [status, size]"]
    for wall, sql, statements, role, path, status, size in sorted(results, reverse=True)[:args.top]:
        lines.append(f"{wall:8.1f} {sql:8.1f} {statements:5d}  {role:<8} {path}  [{status}, {size // 1024} kB]")
    errors = [f"{status} {role} {path}" for _, _, _, role, path, status, _ in results if status >= 500]
    lines.append("server errors: " + (", ".join(errors) if errors else "none"))
    print("\n".join(lines))
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"written to {out}")


if __name__ == "__main__":
    main()
