"""The audit viewer: organisation filter, administrative changes, CSV export."""
import csv
import io

from portal.auth import invitation_service as invitations
from portal.extensions import db
from tests.admin_helpers import audit_events, forget_certificate_verifiers  # noqa: F401  (fixtures)
from tests.conftest import login


def export(client, **params) -> list[list[str]]:
    response = client.get("/beheer/toegangslog.csv", query_string=params)
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]
    text = response.get_data(as_text=True)
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text.lstrip("\ufeff")), delimiter=";"))


def test_filter_by_organisation_covers_its_people_and_its_employees(app, client, world, audit_events):
    viewer = app.test_client()
    login(viewer, world.ad1)
    viewer.get(f"/medewerkers/{world.emp_a1.employee_id}")  # an AD looks at an employee of org A
    other = app.test_client()
    login(other, world.employer_b)
    other.get(f"/medewerkers/{world.emp_b1.employee_id}")  # someone of org B looks at their own
    login(client, world.admin)
    by_name = client.get("/beheer/toegangslog", query_string={"organisation": world.org_a.name}).get_data(as_text=True)
    assert world.ad1.email in by_name and world.employer_b.email not in by_name
    by_kvk = client.get("/beheer/toegangslog", query_string={"organisation": world.org_b.kvk_number}).get_data(as_text=True)
    assert world.employer_b.email in by_kvk and world.ad1.email not in by_kvk


def test_administrative_changes_are_in_the_log(client, world):
    invitations.invite_user(world.admin, email="log@uwv.example", name="Log Boek", role="ad")
    login(client, world.admin)
    page = client.get("/beheer/toegangslog", query_string={"action": "user_invited"}).get_data(as_text=True)
    assert "Gebruiker uitgenodigd" in page and world.admin.email in page


def test_csv_export_has_the_same_rows_as_the_page(app, client, world, audit_events):
    viewer = app.test_client()
    login(viewer, world.ad1)
    viewer.get(f"/medewerkers/{world.emp_a1.employee_id}")
    login(client, world.admin)
    rows = export(client, actor=world.ad1.email)
    assert rows[0][:4] == ["tijd (UTC)", "naam", "e-mailadres", "rol"]
    assert [(r[2], r[5], r[8]) for r in rows[1:]] == [(world.ad1.email, "Medewerker bekeken", str(world.emp_a1.employee_id))]
    assert "audit_exported" in [e.action for e in audit_events()]  # the download itself is logged


def test_csv_cells_cannot_run_as_formulas(app, client, world):
    world.ad1.name = "=HYPERLINK(\"http://evil.example\")"
    db.session.commit()
    viewer = app.test_client()
    login(viewer, world.ad1)
    viewer.get(f"/medewerkers/{world.emp_a1.employee_id}")
    login(client, world.admin)
    [row] = export(client, actor=world.ad1.email)[1:]
    assert row[1].startswith("'=")


def test_only_admins_export(client, world):
    login(client, world.employer_a)
    assert client.get("/beheer/toegangslog.csv").status_code == 403
