"""The audit-log CSV export: a cell a spreadsheet would run as a formula is written as text."""
import csv
import io

import pytest
from sqlalchemy import update

from portal.admin.audit_log_views import _cell
from portal.extensions import db
from portal.models import User
from tests.conftest import login

# Every prefix that makes Excel/LibreOffice start a formula (or, for tab and CR, hide one).
GUARDED = ["=1+1", "+1+1", "-1+1", "@SUM(A1:A9)", "\t=1+1", "\r=1+1"]


@pytest.mark.parametrize("text", GUARDED)
def test_guard_writes_formula_cells_as_text(text):
    assert _cell(text) == "'" + text


@pytest.mark.parametrize("value,expected", [
    ("Sanne de Vries", "Sanne de Vries"), ("a=b", "a=b"), ("Jan - Piet", "Jan - Piet"), ("", ""), (None, ""),
    (42, "42"), (-1, "'-1"),  # a negative number is guarded too: it starts with "-"
])
def test_guard_leaves_other_cells_alone(value, expected):
    assert _cell(value) == expected


def test_every_guarded_prefix_is_neutralised_in_the_export(app, client, world):
    viewer = app.test_client()
    login(viewer, world.ad1)
    # The export names the actor as they were named at the time: one audited look per name.
    for name in GUARDED:
        db.session.execute(update(User).where(User.id == world.ad1.id).values(name=name))
        db.session.commit()
        assert viewer.get(f"/medewerkers/{world.emp_a1.employee_id}").status_code == 200
    login(client, world.admin)
    response = client.get("/beheer/toegangslog.csv", query_string={"actor": world.ad1.email})
    assert response.status_code == 200 and response.mimetype == "text/csv"
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff")), delimiter=";"))
    names = [row[1] for row in rows[1:]]  # newest first
    assert sorted(names) == sorted("'" + name for name in GUARDED)
    assert all(row[2] == world.ad1.email and row[3] == "ad" for row in rows[1:])
