"""One transaction per request or job: committed once at the end, rolled back on a server error;
a refused step undoes only its own writes."""
from __future__ import annotations

import pytest
from flask import abort
from sqlalchemy import func, select, update

from portal.auth.permissions import public
from portal.extensions import db
from portal.models import AuditEvent, JobMark, RefillRequest
from portal.unit_of_work import refusable_step, unit_of_work
from portal.vacancies import refill_service
from portal.workflows import TransitionRefused
from tests.conftest import login, make_app, unique_name
from tests.factories import make_notice


def _committed_marks(app, key: str) -> int:
    """Counted in another app's session: only what was committed is seen."""
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(JobMark).where(JobMark.key == key))


@pytest.fixture(scope="module")
def writing_app(database_url):
    """An app with three extra pages that write a row and end in three ways."""
    app = make_app(database_url, PROPAGATE_EXCEPTIONS=False)

    @app.route("/test/schrijf/<key>/<ending>", methods=["POST"])
    @public
    def write_then(key, ending):
        db.session.add(JobMark(key=key))
        db.session.flush()
        if ending == "crash":
            raise RuntimeError("a bug halfway through the request")
        if ending == "not-found":
            abort(404)
        return "ok"

    app.config["WTF_CSRF_ENABLED"] = False
    return app


@pytest.mark.parametrize(("ending", "status", "kept"), [("ok", 200, 1), ("not-found", 404, 1), ("crash", 500, 0)])
def test_a_request_commits_once_unless_it_ends_in_a_server_error(writing_app, app, ending, status, kept):
    key = unique_name("uow")
    response = writing_app.test_client().post(f"/test/schrijf/{key}/{ending}")
    assert response.status_code == status
    assert _committed_marks(app, key) == kept


def test_unit_of_work_commits_at_the_end_and_rolls_back_on_error(app):
    key = unique_name("cli")
    with unit_of_work():
        db.session.add(JobMark(key=key))
    assert _committed_marks(app, key) == 1
    other = unique_name("cli")
    with pytest.raises(ValueError), unit_of_work():
        db.session.add(JobMark(key=other))
        db.session.flush()
        raise ValueError("the command failed")
    assert _committed_marks(app, other) == 0


def test_a_lost_compare_and_set_leaves_the_callers_other_work_alone(app, world):
    notice = make_notice(world.employer_a, world.emp_a1)
    refill = notice.refill_request
    key = unique_name("kept")
    with unit_of_work():
        db.session.add(JobMark(key=key))  # the caller's earlier work in the same transaction
        # Another adviser claimed it a moment ago (as seen by the database, not by our object).
        db.session.execute(update(RefillRequest).where(RefillRequest.id == refill.id).values(status="claimed")
                           .execution_options(synchronize_session=False))
        with pytest.raises(TransitionRefused), refusable_step():
            refill_service.claim(world.wsp_amsterdam, refill)
    assert _committed_marks(app, key) == 1


def test_a_refused_step_undoes_its_own_writes_only(app):
    kept, undone = unique_name("kept"), unique_name("undone")
    with unit_of_work():
        db.session.add(JobMark(key=kept))
        with pytest.raises(TransitionRefused), refusable_step():
            db.session.add(JobMark(key=undone))
            db.session.flush()
            raise TransitionRefused("refused halfway")
    assert _committed_marks(app, kept) == 1
    assert _committed_marks(app, undone) == 0


def test_a_page_view_is_in_the_access_log_with_the_page(client, world):
    notice = make_notice(world.employer_a, world.emp_a1)
    login(client, world.ad1)
    before = db.session.scalar(select(func.max(AuditEvent.id))) or 0
    assert client.get(f"/meldingen/{notice.id}").status_code == 200
    db.session.rollback()  # a fresh look from the test's own session
    actions = db.session.scalars(select(AuditEvent.action).where(AuditEvent.id > before)).all()
    assert "view_notice" in actions and "view_handover_notes" in actions
