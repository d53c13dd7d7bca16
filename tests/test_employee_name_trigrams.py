"""The employer's search by part of a name is served by the trigram index on PostgreSQL (issue
21), and still finds part of a name in any case, on both databases."""
from __future__ import annotations

import pytest
from sqlalchemy import text

from portal.extensions import db
from portal.models import Location, User
from tests.conftest import login
from tests.factories import make_employment

INDEX = "ix_employees_organisation_name_trigrams"


def test_postgresql_can_answer_the_search_from_the_trigram_index(app, world):
    with app.app_context():
        if db.session.get_bind().dialect.name != "postgresql":
            pytest.skip("SQLite (the demo) has no trigrams: a plain index stands in")
        # The test data is small: without these the planner reads the table or the organisation's
        # names. Left only bitmap scans, it needs an index that answers ILIKE itself.
        db.session.execute(text("SET LOCAL enable_seqscan = off"))
        db.session.execute(text("SET LOCAL enable_indexscan = off"))
        plan = db.session.execute(text("EXPLAIN SELECT id FROM employees WHERE name ILIKE :pattern"),
                                  {"pattern": "%jong%"}).scalars().all()
        db.session.rollback()
    assert any(INDEX in line for line in plan), plan


def test_search_finds_part_of_a_name_whatever_its_case(app, client, world):
    with app.app_context():
        location = db.session.get(Location, world.loc_a.id)
        make_employment(location.organisation, location, db.session.get(User, world.ad1.id),
                        name="Émile van den BAKKER-Özdemir")
    login(client, world.employer_a)
    for term in ("bakker", "VAN DEN BAKKER", "den bak"):  # SQLite folds the case of ASCII letters only
        page = client.get(f"/medewerkers?zoek={term}").get_data(as_text=True)
        assert "Émile van den BAKKER-Özdemir" in page, term
    assert "Émile" not in client.get("/medewerkers?zoek=bakkerij").get_data(as_text=True)
