"""The admin's scope per the access matrix: refill requests and reference data, never notices
(they carry the handover notes) nor the contract-end questions and threads around them."""
import io

from pypdf import PdfReader
from sqlalchemy import func, select

from portal.auth.permissions import (
    employees_visible_to,
    is_visible,
    may_read_handover_notes,
    notices_visible_to,
    prompts_visible_to,
    refills_visible_to,
    thread_scope,
)
from portal.extensions import db
from portal.jobs.runner import run_due_jobs
from portal.models import ContractEndNotice, ContractEndPrompt, Employee, RefillRequest
from tests.conftest import login
from tests.factories import make_notice

NOTES = ("Zeer nauwkeurig", "Wil buiten werken")  # the handover notes make_notice writes


def notices_of_both_organisations(world):
    notices = [make_notice(world.employer_a, world.emp_a1), make_notice(world.employer_b, world.emp_b1)]
    run_due_jobs()  # contract-end questions for the temporary contracts
    db.session.commit()
    return notices


def ids(query):
    model = query.column_descriptions[0]["entity"]
    return set(db.session.scalars(query.with_only_columns(model.id)).all())


def test_admin_scope_holds_no_notices_prompts_or_threads(world):
    notices = notices_of_both_organisations(world)
    admin = world.admin
    assert ids(notices_visible_to(admin)) == set()
    for notice in notices:
        assert not is_visible(notices_visible_to(admin), notice)
        assert not may_read_handover_notes(admin, notice)
        assert not may_read_handover_notes(admin, notice, visible=True)
    assert db.session.scalar(select(func.count()).select_from(ContractEndPrompt)) > 0
    assert ids(prompts_visible_to(admin)) == set()
    assert thread_scope(admin, "notice") is None and thread_scope(admin, "refill") is None
    # What the admin does see: every refill request (to route them) and every employee (reference data).
    assert ids(refills_visible_to(admin)) == set(db.session.scalars(select(RefillRequest.id)))
    assert ids(employees_visible_to(admin)) == set(db.session.scalars(select(Employee.id)))


def test_the_other_roles_scopes_are_not_empty(world):
    """The empty admin scope above is not an empty world: the employer and AD see their notices."""
    notice_a, notice_b = notices_of_both_organisations(world)
    assert ids(notices_visible_to(world.employer_a)) == {notice_a.id}
    assert ids(notices_visible_to(world.ad3)) == {notice_b.id}
    assert db.session.scalar(select(func.count()).select_from(ContractEndNotice)) == 2


def test_admin_pages_for_a_notice(client, world):
    notice = make_notice(world.employer_a, world.emp_a1)
    refill = notice.refill_request
    login(client, world.admin)
    for path in (f"/meldingen/{notice.id}", f"/meldingen/{notice.id}/overdrachtsdocument.pdf",
                 f"/meldingen/{notice.id}/wat-gebeurt-er-nu.pdf", f"/medewerkers/{world.emp_a1.employee_id}"):
        assert client.get(path).status_code == 403, path
    assert client.post(f"/meldingen/{notice.id}/berichten", data={"body": "x"}).status_code == 403
    assert client.post(f"/herbezetting/{refill.id}/berichten", data={"body": "x"}).status_code == 403
    # The refill request: readable and routable, without the notes and without a thread.
    page = client.get(f"/herbezetting/{refill.id}").get_data(as_text=True)
    assert refill.job_title in page and "Orders picken" in page
    assert not any(note in page for note in NOTES)
    assert "Nieuw bericht" not in page and f"/meldingen/{notice.id}" not in page
    listing = client.get("/beheer/herbezetting").get_data(as_text=True)
    assert f"/herbezetting/{refill.id}" in listing
    response = client.get(f"/herbezetting/{refill.id}/herbezettingsverzoek.pdf")
    assert response.status_code == 200
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(response.data)).pages)
    assert "Orders picken" in text and not any(note in text for note in NOTES)
