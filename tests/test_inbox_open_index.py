"""The AD inbox's open notices come from the partial index on open notices (issue 21): the open
states must be in the SQL text itself, or the server's reused plan cannot use that index."""
from __future__ import annotations

from sqlalchemy import inspect

from portal.extensions import db
from tests.conftest import login
from tests.factories import make_notice
from tests.test_query_counts import statements_for

OPEN_STATES_IN_SQL = "status IN ('submitted', 'acknowledged', 'plan_recorded')"


def test_the_inbox_names_the_open_states_in_its_sql(app, client, world):
    make_notice(world.employer_a, world.emp_a1)
    login(client, world.ad1)
    statements, page = statements_for(app, client, "/inbox")
    assert "Daan de Jong" in page
    main = [s for s in statements if "page_total" in s and "contract_end_notices" in s]
    assert len(main) == 1 and OPEN_STATES_IN_SQL in " ".join(main[0].split()), main


def test_the_partial_index_has_the_same_condition(app):
    with app.app_context():
        indexes = {index["name"]: index for index in inspect(db.engine).get_indexes("contract_end_notices")}
    index = indexes["ix_contract_end_notices_open_employee"]
    assert index["column_names"] == ["employee_id"]
    where = index.get("dialect_options", {})
    condition = where.get("postgresql_where") or where.get("sqlite_where")
    if condition is not None:  # SQLAlchemy reflects the condition on PostgreSQL only
        assert "submitted" in str(condition) and "plan_recorded" in str(condition)
