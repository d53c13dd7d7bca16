"""Query discipline: every main list page issues as many SQL statements with 1,000 rows as with 10.

The rows are made with bulk inserts (one statement per table), not with the service functions:
a thousand notices through the workflow would take minutes.
"""
from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from sqlalchemy import event, func, insert, select

from portal.extensions import db
from portal.formatting import local_today
from portal.models import (
    CaseworkerAssignment,
    ContractEndNotice,
    ContractEndPrompt,
    Employee,
    Employment,
    Message,
    RefillRequest,
    WorkflowEvent,
    utcnow,
)
from tests.conftest import login

FEW, MANY = 10, 1_000

NOTICE_STATES = ("submitted", "acknowledged", "plan_recorded", "closed", "withdrawn")
# The refill request of a notice in that state (several per open notice: a queue has all kinds).
REFILL_STATE = {
    "submitted": "open", "acknowledged": "claimed", "plan_recorded": "candidates_proposed",
    "closed": "filled", "withdrawn": "cancelled",
}


def statements_for(app, client, path: str) -> tuple[list[str], str]:
    """The SQL statements one request for `path` sends, and the page it answers."""
    statements: list[str] = []
    with app.app_context():
        engine = db.engine

    def before(conn, cursor, statement, parameters, context, executemany):
        statements.append(statement)

    event.listen(engine, "before_cursor_execute", before)
    try:
        response = client.get(path)
    finally:
        event.remove(engine, "before_cursor_execute", before)
    assert response.status_code == 200, (path, response.status_code)
    return statements, response.get_data(as_text=True)


def _refill_places(world) -> tuple[list[tuple[int, int]], list[int]]:
    """(employer, workplace) pairs and advisers for a batch of refill requests. The first batch has
    one of each; later ones new workplaces, another Amsterdam employer and another adviser, so a
    list that lazily loaded its employers, workplaces or advisers would send more statements for
    the second batch (each newly seen one costs a query), which the test would notice."""
    if not getattr(world, "refill_places_used", False):
        world.refill_places_used = True
        return [(world.org_a.id, world.loc_a.id)], [world.wsp_amsterdam.id]
    from tests.factories import make_location, make_organisation

    other = make_organisation("Groenrijk")
    places = [(world.org_a.id, make_location(world.org_a, "Amsterdam").id), (other.id, make_location(other, "Amsterdam").id),
              (world.org_a.id, world.loc_a.id)]
    db.session.commit()
    return places, [world.wsp_amsterdam.id, world.wsp_amsterdam2.id]


def add_rows(world, count: int) -> None:
    """`count` employees of De Linde (Amsterdam, AD ad1 with backup ad2), each with a contract,
    a notice in one of every state, and a refill request in Groot Amsterdam; contracts that end
    soon without an open notice get a contract-end prompt."""
    today, now = local_today(), utcnow()
    offset = db.session.scalar(select(func.count()).select_from(Employee))
    region_id = world.loc_a.municipality.region_id
    employee_ids = db.session.scalars(
        insert(Employee).returning(Employee.id, sort_by_parameter_order=True),
        [
            dict(organisation_id=world.org_a.id, personnel_number=f"B{offset + n:06d}", name=f"Bulk Medewerker {offset + n:05d}")
            for n in range(count)
        ],
    ).all()
    db.session.execute(
        insert(CaseworkerAssignment),
        [dict(employee_id=e, ad_id=world.ad1.id, backup_ad_id=world.ad2.id, valid_from=now) for e in employee_ids],
    )
    employment_rows = [
        dict(
            employee_id=e, location_id=world.loc_a.id, job_title="Medewerker magazijn", hours_per_week=Decimal("24"),
            contract_type="temporary" if n % 2 else "permanent", start_date=today - timedelta(days=300),
            end_date=today + timedelta(days=30 + n % 60) if n % 2 else None,
        )
        for n, e in enumerate(employee_ids)
    ]
    employment_ids = db.session.scalars(
        insert(Employment).returning(Employment.id, sort_by_parameter_order=True), employment_rows
    ).all()
    states = [NOTICE_STATES[n % len(NOTICE_STATES)] for n in range(count)]
    notice_ids = db.session.scalars(
        insert(ContractEndNotice).returning(ContractEndNotice.id, sort_by_parameter_order=True),
        [
            dict(
                employment_id=employment_id, employee_id=employee_id, filed_by_id=world.employer_a.id, status=state,
                created_at=now - timedelta(minutes=n), expected_end_date=today + timedelta(days=30),
                response_due=today + timedelta(days=n % 7 - 2) if state in ("submitted", "acknowledged") else None,
                reason_category="temp_no_work", initiative="employer", notes_strengths="Nauwkeurig",
                consent_given=n % 3 == 0, refill_wanted=True,
            )
            for n, (employment_id, employee_id, state) in enumerate(zip(employment_ids, employee_ids, states,
                                                                         strict=False))
        ],
    ).all()
    places, advisers = _refill_places(world)
    db.session.execute(
        insert(RefillRequest),
        [
            dict(
                notice_id=notice_id, organisation_id=places[n % len(places)][0], location_id=places[n % len(places)][1],
                region_id=region_id, contact_id=world.employer_a.id, status=REFILL_STATE[state],
                created_at=now - timedelta(minutes=n),
                response_due=today + timedelta(days=n % 7 - 2) if REFILL_STATE[state] == "open" else None,
                job_title="Medewerker magazijn", hours_per_week=Decimal("24"),
                claimed_by_id=None if REFILL_STATE[state] == "open" else advisers[n % len(advisers)],
            )
            for n, (notice_id, state) in enumerate(zip(notice_ids, states, strict=False))
        ],
    )
    prompt_rows = [
        dict(employment_id=employment_id, employee_id=row["employee_id"], organisation_id=world.org_a.id,
             end_date=row["end_date"], status="open", created_at=now)
        for employment_id, row, state in zip(employment_ids, employment_rows, states, strict=False)
        if row["end_date"] is not None and state in ("closed", "withdrawn")
    ]
    if prompt_rows:
        db.session.execute(insert(ContractEndPrompt), prompt_rows)
    db.session.commit()


PAGES = [
    ("employer_a", "/medewerkers"),
    ("employer_a", "/medewerkers?zoek=bulk&sorteer=einddatum"),
    ("employer_a", "/meldingen"),
    ("employer_a", "/herbezetting"),
    ("ad1", "/inbox"),
    ("ad1", "/inbox?toon=afgerond"),
    ("ad1", "/caseload"),
    ("wsp_amsterdam", "/wsp/verzoeken"),
    ("wsp_amsterdam", "/wsp/verzoeken?toon=mijn"),
    ("wsp_amsterdam", "/wsp/verzoeken?toon=afgerond"),
    ("admin", "/beheer/herbezetting"),
]


@pytest.mark.parametrize("who, path", PAGES)
def test_a_page_of_1000_rows_takes_as_many_queries_as_one_of_10(app, client, world, who, path):
    add_rows(world, FEW)
    login(client, getattr(world, who))
    client.get(path)  # the first request after login may do one-off work
    few, _ = statements_for(app, client, path)
    add_rows(world, MANY - FEW)
    many, page = statements_for(app, client, path)
    assert 'rel="next"' in page, "the 1,000 rows should not fit on one page: are they listed at all?"
    assert len(many) == len(few), "\n\n".join(
        [f"{len(few)} statements with {FEW} rows, {len(many)} with {MANY}:"] + [s.split("\n")[0][:160] for s in many]
    )


def test_the_helper_counts_every_statement(app, client, world):
    login(client, world.employer_a)
    statements, _ = statements_for(app, client, "/medewerkers")
    assert any("FROM employments" in s for s in statements)


@pytest.mark.parametrize("who", ["employer_a", "ad1"])
def test_the_notice_page_takes_as_many_queries_with_a_long_history(app, client, world, who):
    """Timeline, messages and past caseworkers are loaded per kind, never per row."""
    from tests.factories import make_notice

    notice = make_notice(world.employer_a, world.emp_a1)
    authors = [world.employer_a.id, world.ad1.id, world.ad2.id]

    def add_history(count: int) -> None:
        now = utcnow()
        db.session.execute(insert(Message), [
            dict(subject_type="notice", subject_id=notice.id, author_id=authors[n % 3], body=f"Bericht {n}",
                 created_at=now) for n in range(count)])
        db.session.execute(insert(WorkflowEvent), [
            dict(subject_type="notice", subject_id=notice.id, action="remind", from_state="submitted",
                 to_state="submitted", actor_id=[None, *authors][n % 4], created_at=now, note="") for n in range(count)])
        db.session.commit()

    path = f"/meldingen/{notice.id}"
    add_history(1)
    login(client, getattr(world, who))
    client.get(path)  # the first view writes the read mark of the thread
    few, _ = statements_for(app, client, path)
    add_history(30)
    client.get(path)
    many, page = statements_for(app, client, path)
    assert page.count("Bericht ") >= 31
    assert len(many) == len(few), "\n".join(s.split("\n")[0][:160] for s in many)
    # 16 today (the job coach's notes and assignment, the employee's own words and link: one query
    # each); it was 23 once (a lazy load per object, everything loaded again after each audit commit).
    assert len(many) <= 16, "\n".join(s.split("\n")[0][:160] for s in many)


def test_the_candidate_pool_takes_as_many_queries_for_more_candidates(app, client, world):
    """The list loads regions and advisers per list, never per candidate (load_only keeps it so)."""
    from portal.pool import profile_service as profiles
    from portal.unit_of_work import unit_of_work
    from tests.factories import make_employment, make_user, region
    from tests.pool_helpers import published_profile

    advisers = []

    def add_candidates(count: int) -> None:
        for _ in range(count):
            employment = make_employment(world.org_a, world.loc_a, world.ad1)
            profile = published_profile(world, employment)
            # Each claimed by another colleague: not the user the request has loaded already.
            advisers.append(make_user("wsp", regions=[region("AM18")]))
            with unit_of_work():
                profiles.claim(advisers[-1], profile)

    add_candidates(1)
    login(client, world.wsp_amsterdam)
    client.get("/wsp/kandidaten")
    few, _ = statements_for(app, client, "/wsp/kandidaten")
    add_candidates(3)
    many, page = statements_for(app, client, "/wsp/kandidaten")
    assert page.count("/kandidaten/") >= 4 and all(adviser.name in page for adviser in advisers)
    assert len(many) == len(few), "\n".join(s.split("\n")[0][:160] for s in many)
