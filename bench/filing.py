"""Filing a notice in the web benchmark.

The notice form is in steps (portal/notices/notice_steps.py); each step saves the draft, and the
check page's button files it. What is measured is that last POST, the one that files: for every
contract the bench first writes the draft a browser would have left after the steps (the same
`with_step` the step pages use), then wrk posts the check page's button for a different contract
each request. Afterwards everything the run made is removed, so every run starts from the same data.
"""
from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from urllib.parse import urlencode

import national
from harness import COOKIE, DONE_LUA, CpuMeter, log_in, run_wrk

# POST: each request files a notice for the next contract of the list (one per line:
# path TAB cookie TAB body); threads take turns, so no contract is used twice. A redirect that
# does not lead to the new notice (no draft left: a repeat) counts as status 599, a failure.
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
  if status == 302 and not string.find(headers["Location"] or "", "/meldingen/", 1, true) then status = 599 end
  statuses[status] = (statuses[status] or 0) + 1
end
""" + DONE_LUA

ANSWERS = {
    "reason_category": "temp_no_work", "initiative": "employer", "reason_text": "Minder werk na de zomer.",
    "notes_strengths": "Nauwkeurig en betrouwbaar.", "notes_wishes": "Wil buiten werken.",
    "notes_discussed": "y", "consent_given": "y",
    "refill_wanted": "ja", "refill_job_title": "Medewerker logistiek", "refill_hours": "24",
    "refill_tasks": "Orders verzamelen.",
}
TABLES = ("contract_end_notices", "refill_requests", "workflow_events", "outbox_emails", "notice_drafts",
          "employee_access_links", "webhook_notifications", "webhook_deliveries")


def draft_data(expected_end_date: str, consent_date: str) -> dict[str, str]:
    """What the steps leave in the draft when a browser answers them all with ANSWERS."""
    from werkzeug.datastructures import MultiDict

    from portal.notices import notice_steps as steps

    posted = MultiDict({**ANSWERS, "expected_end_date": expected_end_date, "consent_date": consent_date})
    data: dict[str, str] = {}
    slug = steps.STEPS[0].slug
    while slug != steps.CHECK:
        step = steps.BY_SLUG[slug]
        data = steps.with_step(data, step, posted, done=True)
        slug = steps.next_slug(data, step, from_check=False)
    allowed = set(steps.draft_field_names())
    return {name: value for name, value in data.items() if name in allowed}


def write_drafts(items: list[tuple[str, int, str]]) -> None:
    """A finished draft for every (employer e-mail, employment id, end date)."""
    from sqlalchemy import insert, select

    from portal.extensions import db
    from portal.models import Employee, Employment, NoticeDraft, User, utcnow

    app = national.bench_app()
    consent_date = (date.today() - timedelta(days=1)).isoformat()
    with app.app_context(), app.test_request_context():
        users = dict(db.session.execute(select(User.email, User.id).where(User.email.in_({i[0] for i in items}))).all())
        organisations = dict(db.session.execute(
            select(Employment.id, Employee.organisation_id).join(Employee, Employee.id == Employment.employee_id)
            .where(Employment.id.in_([i[1] for i in items]))).all())
        now = utcnow()
        rows = [
            {"organisation_id": organisations[employment_id], "employment_id": employment_id,
             "created_by_id": users[email], "updated_by_id": users[email], "created_at": now, "updated_at": now,
             "data": json.dumps(draft_data(expected, consent_date))}
            for email, employment_id, expected in items
        ]
        db.session.execute(insert(NoticeDraft), rows)
        db.session.commit()
        db.session.remove()
        db.engine.dispose()


def high_water_marks() -> dict:
    from sqlalchemy import text

    from portal.extensions import db

    app = national.bench_app()
    with app.app_context():
        marks = {table: db.session.scalar(text(f"SELECT coalesce(max(id), 0) FROM {table}"))  # nosec B608 (fixed names)
                 for table in TABLES}
        marks["at"] = datetime.now(UTC)
        db.session.remove()
        db.engine.dispose()
    return marks


def remove_filed_since(marks: dict) -> int:
    """Delete what the filing runs made (and the drafts left over); reopen the prompts they
    answered. Returns the number of notices removed."""
    import time

    from sqlalchemy import func, select, text, update

    from portal.extensions import db
    from portal.models import ContractEndNotice, ContractEndPrompt

    app = national.bench_app()
    with app.app_context():
        # wrk stops sending, but the server still works off the requests it has queued: wait until
        # no more notices appear, or the late ones stay behind.
        last, deadline = None, time.monotonic() + 60
        while time.monotonic() < deadline:
            newest = db.session.scalar(select(func.max(ContractEndNotice.id)))
            db.session.rollback()
            if newest == last:
                break
            last = newest
            time.sleep(2)
        mark = marks["contract_end_notices"]
        employment_ids = select(ContractEndNotice.employment_id).where(ContractEndNotice.id > mark)
        removed = db.session.scalar(select(func.count()).where(ContractEndNotice.id > mark))
        db.session.execute(
            update(ContractEndPrompt)
            .where(ContractEndPrompt.employment_id.in_(employment_ids), ContractEndPrompt.status == "notice_filed",
                   ContractEndPrompt.answered_at >= marks["at"])
            .values(status="open", answered_by_id=None, answered_at=None)
        )
        # Children before parents: deliveries, notifications, events, links, refill requests, notices.
        for table in ("webhook_deliveries", "webhook_notifications", "workflow_events", "employee_access_links",
                      "refill_requests", "contract_end_notices", "outbox_emails", "notice_drafts"):
            db.session.execute(text(f"DELETE FROM {table} WHERE id > :mark"), {"mark": marks[table]})  # nosec B608
        db.session.commit()
        db.session.remove()
        db.engine.dispose()
    return removed


def measure_post(wrk, base, port, plan, password, connection_counts, args, workdir, results, meter, stats) -> str:
    """Filing notices: each request a different contract; cleaned up afterwards."""
    marks = high_water_marks()
    summary = ""
    try:
        write_drafts(plan.post_items)
        tokens = {}
        for email in plan.post_users:
            browser, token = log_in(port, email, password, "/medewerkers")
            tokens[email] = (browser.cookie, token)
        lines = [
            f"/contracten/{employment_id}/einde-melden/controleren\t{COOKIE}={tokens[email][0]}\t"
            + urlencode({"csrf_token": tokens[email][1]})
            for email, employment_id, _ in plan.post_items
        ]
        data = workdir / "post-items.tsv"
        offset = 0
        totals: dict[str, int] = {}
        for phase, connections, seconds in [("warm-up", connection_counts[0], args.warmup)] + [
            ("measure", c, args.duration) for c in connection_counts
        ]:
            # Every phase gets contracts no earlier phase used.
            data.write_text("\n".join(lines[offset:]) + "\n")
            stats.reset()
            before = meter.snapshot()
            result = run_wrk(wrk, base + "/", connections, seconds, workdir / "post.lua", None, [str(data), "1"])
            result["cpu"] = CpuMeter.used(before, meter.snapshot())
            # Requests still in flight when wrk stopped may have filed theirs: skip those too.
            offset += sum(result["statuses"].values()) + connections
            for status, count in result["statuses"].items():
                totals[status] = totals.get(status, 0) + count
            if phase == "measure":
                result["statements"] = stats.top(result["requests"])
                results[("post", connections)] = result
                print(f"{'post':<10} c={connections:<3} {result['rps']:8.1f} req/s  p50 {result['p50'] / 1000:7.1f}  "
                      f"p95 {result['p95'] / 1000:7.1f}  p99 {result['p99'] / 1000:7.1f} ms  statuses {result['statuses']}")
            if offset >= len(lines):
                print("warning: ran out of contracts; later requests repeat and count as failures (599)")
        summary = (f"{totals.get('302', 0)} notices filed (302 to the new notice), "
                   f"{totals.get('599', 0)} repeats without a draft (599), other: "
                   f"{ {k: v for k, v in totals.items() if k not in ('302', '599')} or 'none'}; "
                   f"{len(lines)} different contracts with a finished draft were available")
    finally:
        removed = remove_filed_since(marks)
        summary += f"; afterwards {removed} filed notices and the unused drafts were removed again"
        print(summary)
    return summary


def write_scripts(workdir: Path) -> None:
    (workdir / "post.lua").write_text(POST_LUA)
