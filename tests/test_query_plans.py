"""portal/query_plans.py: the employee list, the WSP queue and the candidate's matching jobs
reuse PostgreSQL's generic plan, for those statements only (issue 21)."""
from __future__ import annotations

from sqlalchemy import text

from portal.extensions import db
from portal.query_plans import reused_plan
from tests.conftest import login
from tests.pool_helpers import published_profile, vacancy
from tests.test_query_counts import statements_for

FORCE = "SET LOCAL plan_cache_mode = force_generic_plan"
BACK = "SET LOCAL plan_cache_mode = DEFAULT"


def _postgres() -> bool:
    return db.session.get_bind().dialect.name == "postgresql"


def test_inside_the_block_the_generic_plan_is_used_and_after_it_postgresql_chooses_again(app):
    with app.app_context():
        if not _postgres():
            with reused_plan():
                assert db.session.execute(text("SELECT 1")).scalar() == 1  # SQLite: nothing to set
            return
        with reused_plan():
            assert db.session.execute(text("SHOW plan_cache_mode")).scalar() == "force_generic_plan"
        assert db.session.execute(text("SHOW plan_cache_mode")).scalar() == "auto"
        db.session.rollback()


def _between(statements: list[str], marker: str) -> list[str]:
    start = statements.index(FORCE)
    return [s for s in statements[start + 1:statements.index(BACK, start)] if marker in s]


def test_the_employee_list_reuses_the_plan_but_a_search_does_not(app, client, world):
    login(client, world.employer_a)
    statements, page = statements_for(app, client, "/medewerkers")
    assert "Daan de Jong" in page
    if not _postgres():
        assert FORCE not in statements
        return
    assert [s for s in _between(statements, "FROM employments") if "LIMIT" in s]  # the rows
    searched, page = statements_for(app, client, "/medewerkers?zoek=daan")
    assert "Daan de Jong" in page and FORCE not in searched


def test_the_open_queue_reuses_the_plan_but_the_closed_requests_do_not(app, client, world):
    login(client, world.wsp_amsterdam)
    statements, _ = statements_for(app, client, "/wsp/verzoeken")
    closed, _ = statements_for(app, client, "/wsp/verzoeken?toon=afgerond")
    if _postgres():
        assert _between(statements, "FROM refill_requests") and FORCE not in closed
    else:
        assert FORCE not in statements


def test_the_candidates_matching_jobs_reuse_the_plan(app, client, world):
    profile = published_profile(world)
    refill, _ = vacancy(world)
    login(client, world.wsp_amsterdam)
    statements, page = statements_for(app, client, f"/kandidaten/{profile.id}")
    assert f"/herbezetting/{refill.id}" in page  # the freed job is among the matches
    if _postgres():
        assert [s for s in _between(statements, "FROM refill_requests") if "job_terms" in s]
    else:
        assert FORCE not in statements
