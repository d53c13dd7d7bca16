"""The access log: every view of personal data and every refusal, append-only (ASVS 5.0 16.2, 16.4)."""
import pytest
from sqlalchemy import func, select, text
from sqlalchemy.exc import DatabaseError

from portal.extensions import db
from portal.models import AuditEvent
from tests.conftest import login, make_app
from tests.factories import make_notice


@pytest.fixture
def audit_since():
    start = db.session.scalar(select(func.coalesce(func.max(AuditEvent.id), 0)))

    def rows():
        db.session.expire_all()
        return db.session.scalars(select(AuditEvent).where(AuditEvent.id > start).order_by(AuditEvent.id)).all()

    return rows


def test_viewing_a_notice_and_its_notes_is_logged(client, world, audit_since):
    notice = make_notice(world.employer_a, world.emp_a1, consent=True)
    login(client, world.ad1)
    client.get(f"/meldingen/{notice.id}")
    rows = audit_since()
    assert [(r.action, r.result) for r in rows] == [("view_notice", "allowed"), ("view_handover_notes", "allowed")]
    row = rows[0]
    assert (row.actor_id, row.actor_role, row.object_type, row.object_id) == (world.ad1.id, "ad", "notice", notice.id)
    assert row.subject_employee_id == world.emp_a1.employee_id and row.ip_address == "127.0.0.1"
    assert row.created_at.tzinfo is not None


def test_without_consent_no_notes_are_read(client, world, audit_since):
    notice = make_notice(world.employer_a, world.emp_a1, consent=False)
    login(client, world.ad1)
    client.get(f"/meldingen/{notice.id}")
    assert [r.action for r in audit_since()] == ["view_notice"]


def test_viewing_an_employee_is_logged(client, world, audit_since):
    login(client, world.employer_a)
    client.get(f"/medewerkers/{world.emp_a1.employee_id}")
    [row] = audit_since()
    assert (row.action, row.subject_employee_id, row.actor_organisation_id) == (
        "view_employee", world.emp_a1.employee_id, world.org_a.id)


def test_refusals_are_logged_too(client, world, audit_since):
    notice_b = make_notice(world.employer_b, world.emp_b1)
    login(client, world.employer_a)
    assert client.get(f"/meldingen/{notice_b.id}").status_code == 404
    assert client.get(f"/medewerkers/{world.emp_b1.employee_id}").status_code == 404
    client.post("/uitloggen")
    login(client, world.wsp_amsterdam)
    assert client.get(f"/meldingen/{notice_b.id}").status_code == 403
    rows = audit_since()
    assert [(r.action, r.result, r.subject_employee_id) for r in rows] == [
        ("view_notice", "denied", world.emp_b1.employee_id),
        ("view_employee", "denied", world.emp_b1.employee_id),
        ("view_notice", "denied", world.emp_b1.employee_id),
    ]
    assert rows[2].actor_role == "wsp"


def test_the_client_ip_comes_only_from_the_trusted_proxy(database_url, world, audit_since):
    notice = make_notice(world.employer_a, world.emp_a1)
    forged = {"X-Forwarded-For": "203.0.113.9"}
    direct = make_app(database_url).test_client()
    login(direct, world.employer_a)
    direct.get(f"/meldingen/{notice.id}", headers=forged)
    behind_proxy = make_app(database_url, TRUSTED_PROXY_COUNT=1).test_client()
    login(behind_proxy, world.employer_a)
    behind_proxy.get(f"/meldingen/{notice.id}", headers={"X-Forwarded-For": "198.51.100.7, 203.0.113.5"})
    assert [r.ip_address for r in audit_since() if r.action == "view_notice"] == ["127.0.0.1", "203.0.113.5"]


def test_audit_rows_cannot_be_changed_or_deleted(client, world, audit_since):
    login(client, world.employer_a)
    client.get(f"/medewerkers/{world.emp_a1.employee_id}")
    [row] = audit_since()
    for statement in (f"UPDATE audit_events SET result = 'allowed', actor_email = 'x' WHERE id = {row.id}",
                      f"DELETE FROM audit_events WHERE id = {row.id}"):
        with pytest.raises(DatabaseError, match="append-only"):
            db.session.execute(text(statement))
        db.session.rollback()
    if db.engine.dialect.name == "postgresql":
        with pytest.raises(DatabaseError, match="append-only"):
            db.session.execute(text("TRUNCATE audit_events"))
        db.session.rollback()
    assert [r.id for r in audit_since()] == [row.id]


def test_admin_searches_the_log(client, world, audit_since):
    notice = make_notice(world.employer_a, world.emp_a1)
    login(client, world.ad1)
    client.get(f"/meldingen/{notice.id}")
    client.post("/uitloggen")
    login(client, world.admin)
    page = client.get("/beheer/toegangslog", query_string={"actor": world.ad1.email, "action": "view_notice"})
    html = page.get_data(as_text=True)
    assert "1 regel gevonden." in html and world.ad1.name in html and "Melding bekeken" in html
    none = client.get("/beheer/toegangslog", query_string={"actor": "niemand-bekend"}).get_data(as_text=True)
    assert "0 regels gevonden." in none


def test_employer_sees_who_at_uwv_read_the_notice(client, world):
    notice = make_notice(world.employer_a, world.emp_a1, consent=True)
    login(client, world.ad2)
    client.get(f"/meldingen/{notice.id}")
    client.post("/uitloggen")
    login(client, world.employer_a)
    page = client.get(f"/meldingen/{notice.id}").get_data(as_text=True)
    assert "Wie heeft deze melding bekeken?" in page
    assert "Ruben Smit (Arbeidsdeskundige UWV) — Overdrachtsnotities gelezen" in page
