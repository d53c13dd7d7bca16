"""Moving employees to another AD and backup: history kept, employers told."""
import pytest
from sqlalchemy import select

from portal.admin import reassign_service as service
from portal.extensions import db
from portal.models import CaseworkerAssignment, Employee
from portal.workflows import InputRejected
from tests.admin_helpers import audit_events, forget_certificate_verifiers, mails  # noqa: F401  (fixtures)
from tests.conftest import login
from tests.factories import make_employment, make_user


def assignments_of(employment) -> list[CaseworkerAssignment]:
    db.session.expire_all()
    return db.session.scalars(
        select(CaseworkerAssignment).where(CaseworkerAssignment.employee_id == employment.employee_id)
        .order_by(CaseworkerAssignment.id)
    ).all()


def test_many_employees_move_with_history_and_mails(client, world, audit_events):
    # ad1 guides Daan (org A, backup ad2) and one employee of org B.
    extra = make_employment(world.org_b, world.loc_b, world.ad1, None, name="Sem Visser")
    login(client, world.admin)
    page = client.get(f"/beheer/arbeidsdeskundigen?van={world.ad1.id}").get_data(as_text=True)
    assert "Daan de Jong" in page and "Sem Visser" in page and "Lieke Bakker" not in page
    response = client.post(f"/beheer/arbeidsdeskundigen?van={world.ad1.id}", data={
        "employees": [world.emp_a1.employee_id, extra.employee_id], "ad": str(world.ad3.id), "backup": "keep", "reason": "workload"})
    assert response.status_code == 302
    old, new = assignments_of(world.emp_a1)
    assert (old.ad_id, old.valid_until is not None) == (world.ad1.id, True)
    assert (new.ad_id, new.backup_ad_id, new.valid_until, new.assigned_by_id) == (world.ad3.id, world.ad2.id, None, world.admin.id)
    assert [a.ad_id for a in assignments_of(extra)] == [world.ad1.id, world.ad3.id]
    sent = mails("caseworker_changed")
    assert len(sent) == 2
    by_employee = {m.subject: set(m.recipient_list) for m in sent}
    assert by_employee["Nieuwe contactpersoon bij UWV voor Daan de Jong"] == {world.employer_a.email, world.employer_a2.email}
    assert by_employee["Nieuwe contactpersoon bij UWV voor Sem Visser"] == {world.employer_b.email}
    assert world.ad3.name in sent[0].body_text
    events = [(e.action, e.subject_employee_id) for e in audit_events() if e.action == "caseworker_reassigned"]
    assert sorted(events) == sorted([("caseworker_reassigned", world.emp_a1.employee_id),
                                     ("caseworker_reassigned", extra.employee_id)])
    history = client.get(f"/beheer/medewerkers/{world.emp_a1.employee_id}/contactpersonen").get_data(as_text=True)
    assert world.ad1.name in history and world.ad3.name in history and world.admin.name in history


def test_all_employees_at_once_with_a_new_backup(client, world):
    login(client, world.admin)
    client.post(f"/beheer/arbeidsdeskundigen?van={world.ad3.id}", data={
        "all_employees": "y", "ad": str(world.ad1.id), "backup": str(world.ad2.id), "reason": "departure"})
    for employment in (world.emp_b1, world.emp_b_nowhere):
        current = assignments_of(employment)[-1]
        assert (current.ad_id, current.backup_ad_id) == (world.ad1.id, world.ad2.id)


def test_moving_again_changes_nothing_and_sends_nothing(world):
    employee = db.session.get(Employee, world.emp_a1.employee_id)
    assert service.reassign(world.admin, [employee], world.ad3, service.KEEP_BACKUP, "workload") == 1
    assert service.reassign(world.admin, [employee], world.ad3, service.KEEP_BACKUP, "workload") == 0
    assert len(assignments_of(world.emp_a1)) == 2 and len(mails("caseworker_changed")) == 1


def test_the_new_ad_cannot_also_be_the_backup(client, world):
    login(client, world.admin)
    page = client.post(f"/beheer/arbeidsdeskundigen?van={world.ad1.id}", data={
        "employees": [world.emp_a1.employee_id], "ad": str(world.ad2.id), "backup": "keep", "reason": "workload"}).get_data(as_text=True)
    assert "is nu de vervanger van Daan de Jong" in page
    assert len(assignments_of(world.emp_a1)) == 1 and mails("caseworker_changed") == []


def test_choices_are_required(client, world):
    login(client, world.admin)
    page = client.post(f"/beheer/arbeidsdeskundigen?van={world.ad1.id}", data={"ad": "", "backup": "none"}).get_data(as_text=True)
    assert "Kies minstens één medewerker." in page and "Kies de nieuwe arbeidsdeskundige." in page
    left = make_user("ad", "Al Vertrokken")
    left.is_enabled = False
    db.session.commit()
    employee = db.session.get(Employee, world.emp_a1.employee_id)
    with pytest.raises(InputRejected):
        service.reassign(world.admin, [employee], left, None, "workload")


def test_a_backup_who_left_is_not_kept(world):
    world.ad2.is_enabled = False
    db.session.commit()
    employee = db.session.get(Employee, world.emp_a1.employee_id)
    service.reassign(world.admin, [employee], world.ad3, service.KEEP_BACKUP, "workload")
    assert assignments_of(world.emp_a1)[-1].backup_ad_id is None


def test_only_admins_reassign(client, world):
    login(client, world.ad1)
    assert client.get("/beheer/arbeidsdeskundigen").status_code == 403
    assert client.post("/beheer/arbeidsdeskundigen", data={"all_employees": "y"}).status_code == 403
