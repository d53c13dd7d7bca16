"""EXPLAIN ANALYZE of every SQL statement the main pages issue, on the national PostgreSQL database.

    .venv/bin/python bench/explain.py [--out bench/results/explain-<date>.md]

Logs in (in-process test client, no server) as the big employer's user, the busiest AD, the
busiest WSP adviser and an admin, requests each main page, captures its statements and runs
EXPLAIN (ANALYZE, BUFFERS) on each SELECT. The summary flags sequential scans of big tables
and sorts that are not served by an index. Loads the national dataset first when needed.
"""
from __future__ import annotations

import argparse
import re
import statistics
import sys
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import national  # noqa: E402

BIG_TABLES = {"employees", "employments", "caseworker_assignments", "contract_end_notices", "refill_requests",
              "workflow_events", "contract_end_prompts", "users", "audit_events", "outbox_emails"}


def pages_for(logins: dict, ids: dict) -> list[tuple[str, str]]:
    return [
        ("employer", "/medewerkers"),
        ("employer", "/medewerkers?zoek=bakker"),
        ("employer", "/medewerkers?sorteer=einddatum"),
        ("employer", "/medewerkers?eindigt=1"),
        ("employer", "/medewerkers?eindigt=1&sorteer=einddatum"),
        ("employer", "/medewerkers?pagina=60"),
        ("employer", "/meldingen"),
        ("employer", "/hulp"),
        ("employer", "/herbezetting"),
        ("employer", f"/meldingen/{ids['employer_notice']}"),
        ("ad", "/inbox"),
        ("ad", "/inbox?toon=afgerond"),
        ("ad", "/caseload"),
        ("ad", f"/meldingen/{ids['ad_notice']}"),
        ("wsp", "/wsp/verzoeken"),
        ("wsp", "/wsp/verzoeken?toon=mijn"),
        ("wsp", "/wsp/verzoeken?toon=afgerond"),
        ("wsp", f"/herbezetting/{ids['wsp_refill']}"),
        ("wsp", "/wsp/kandidaten"),
        ("admin", "/beheer/"),
        ("admin", "/beheer/herbezetting"),
        ("admin", "/beheer/herbezetting?pagina=100"),
    ]


def find_ids(db, logins) -> dict:
    from sqlalchemy import select

    from portal.auth.permissions import notices_visible_to, refills_visible_to
    from portal.models import OPEN_NOTICE_STATES, OPEN_REFILL_STATES, ContractEndNotice, RefillRequest, User

    def user(role):
        return db.session.scalar(select(User).where(User.email == logins[role]))

    return {
        "employer_notice": db.session.scalar(
            notices_visible_to(user("employer")).with_only_columns(ContractEndNotice.id)
            .where(ContractEndNotice.status.in_(OPEN_NOTICE_STATES)).order_by(ContractEndNotice.id).limit(1)),
        "ad_notice": db.session.scalar(
            notices_visible_to(user("ad")).with_only_columns(ContractEndNotice.id)
            .where(ContractEndNotice.status.in_(OPEN_NOTICE_STATES), ContractEndNotice.consent_given)
            .order_by(ContractEndNotice.id).limit(1)),
        "wsp_refill": db.session.scalar(
            refills_visible_to(user("wsp")).with_only_columns(RefillRequest.id)
            .where(RefillRequest.status.in_(OPEN_REFILL_STATES)).order_by(RefillRequest.id).limit(1)),
    }


def role_logins(useful) -> dict:
    roles = {}
    for what, email, _ in useful:
        role = "employer" if what.startswith("employer") else what.split(",")[0].split()[0].lower()
        roles[{"wsp": "wsp", "ad": "ad", "admin": "admin"}.get(role, role)] = email
    return roles


def summarise(plan: str) -> list[str]:
    flags = []
    for match in re.finditer(r"Seq Scan on (\w+)(?: \w+)?\s+\(cost=[^)]*\) \(actual time=[\d.]+\.\.[\d.]+ rows=(\d+) loops=(\d+)\)", plan):
        table, rows, loops = match.group(1), int(match.group(2)), int(match.group(3))
        if table in BIG_TABLES:
            flags.append(f"seq scan {table} ({rows} rows x {loops})")
    for match in re.finditer(r"Rows Removed by Filter: (\d+)", plan):
        if int(match.group(1)) > 5000:
            flags.append(f"filter removed {match.group(1)} rows")
    if re.search(r"Sort Method: external", plan):
        flags.append("external sort")
    for match in re.finditer(r"Sort Method: top-N heapsort\s+Memory: \d+kB", plan):  # noqa: B007  (only the count of matches matters)
        flags.append("top-N sort (no index order)")
    return flags


def generic_plan(connection, statement: str, parameters: dict) -> str:
    """The plan the server runs once psycopg prepares a statement it sees often (its fifth run)
    and PostgreSQL settles on a generic plan: planned without the values, so an estimate for
    "an organisation" instead of this one. pg_stat_statements shows such plans as ~0 ms planning."""
    from psycopg import sql

    numbers: dict[str, int] = {}

    def placeholder(match) -> str:
        return f"${numbers.setdefault(match.group(1), len(numbers) + 1)}"

    text = re.sub(r"%\((\w+)\)s", placeholder, statement).replace("%%", "%")
    raw = connection.connection.driver_connection
    values = ", ".join(sql.Literal(parameters[name]).as_string(raw) for name in numbers)
    connection.exec_driver_sql("SET plan_cache_mode = force_generic_plan")
    connection.exec_driver_sql(f"PREPARE bench_generic AS {text}".replace("%", "%%"))
    try:
        return "\n".join(row[0] for row in connection.exec_driver_sql(
            f"EXPLAIN (ANALYZE, BUFFERS) EXECUTE bench_generic{f'({values})' if values else ''}".replace("%", "%%")))
    finally:
        connection.exec_driver_sql("DEALLOCATE bench_generic")
        connection.exec_driver_sql("RESET plan_cache_mode")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", default=str(Path(__file__).resolve().parent / "results" / f"explain-{date.today()}.md"))
    parser.add_argument("--only", default="", help="only pages whose path contains this text")
    parser.add_argument("--print", action="store_true", help="also print the full plans")
    parser.add_argument("--generic", action="store_true",
                        help="explain the generic plans (PREPARE/EXECUTE, plan_cache_mode=force_generic_plan)")
    args = parser.parse_args()
    logins = role_logins(national.ensure_loaded())

    from sqlalchemy import event

    # Requests run in their own app (as in production: a fresh app context per request); the data
    # and the EXPLAINs in another one, so that nothing of one request leaks into the next (g, session).
    # With production's planner settings (DATABASE_OPTIONS), so the plans are the ones web.py measures.
    from config.production import Settings as Production
    from portal.extensions import db

    web = national.bench_app(WTF_CSRF_ENABLED=False, TWO_FACTOR_ROLES="", RATELIMIT_ENABLED=False,
                             DATABASE_OPTIONS=Production.DATABASE_OPTIONS)
    app = national.bench_app()
    with web.app_context():
        engine = db.engine
    captured: list[tuple[str, object]] = []
    report = [f"# EXPLAIN of the main pages, national dataset ({date.today()})", ""]
    summary = ["| role | page | queries | ms (median of 5, in-process) | slowest statement ms | flags |",
               "|---|---|---|---|---|---|"]
    with app.app_context():
        ids = find_ids(db, logins)
        clients = {}
        for role, email in logins.items():
            client = web.test_client()
            response = client.post("/inloggen", data={"email": email, "password": national.password()})
            assert response.status_code == 302, (role, response.status_code)
            clients[role] = client

        def before(conn, cursor, statement, parameters, context, executemany):
            captured.append((statement, parameters))

        for role, path in pages_for(logins, ids):
            if args.only not in path:
                continue
            client = clients[role]
            timings = []
            for _ in range(5):
                started = time.perf_counter()
                response = client.get(path)
                timings.append((time.perf_counter() - started) * 1000)
                assert response.status_code == 200, (path, response.status_code)
            captured.clear()
            event.listen(engine, "before_cursor_execute", before)
            try:
                client.get(path)
            finally:
                event.remove(engine, "before_cursor_execute", before)
            statements = list(captured)
            report += [f"## {role} {path}", "", f"{len(statements)} statements, median {statistics.median(timings):.1f} ms", ""]
            flags, slowest = [], 0.0
            with engine.connect() as connection:
                for number, (statement, parameters) in enumerate(statements, start=1):
                    if not statement.lstrip().upper().startswith(("SELECT", "WITH")):
                        report += [f"{number}. (not a SELECT) `{statement.split()[0]}`", ""]
                        continue
                    plan = (generic_plan(connection, statement, parameters) if args.generic else "\n".join(
                        row[0] for row in connection.exec_driver_sql("EXPLAIN (ANALYZE, BUFFERS) " + statement, parameters)))
                    execution = float(re.search(r"Execution Time: ([\d.]+) ms", plan).group(1))
                    slowest = max(slowest, execution)
                    found = summarise(plan)
                    flags += found
                    report += [f"{number}. {execution:.2f} ms {'; '.join(found)}", "", "```sql", statement.strip(),
                               "```", "```", plan, "```", ""]
                connection.rollback()
            summary.append(f"| {role} | `{path}` | {len(statements)} | {statistics.median(timings):.1f} | "
                           f"{slowest:.2f} | {'; '.join(dict.fromkeys(flags)) or '-'} |")
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text("\n".join(report[:2] + summary + [""] + report[2:]) + "\n", encoding="utf-8")
    if args.print:
        print("\n".join(report[2:]))
    print("\n".join(summary))
    print(f"\nfull plans: {out}")


if __name__ == "__main__":
    main()
