""""Ik twijfel" (issue 16.3): who may see and do what, the access log, and a canary that never
reaches the WSP (not on a page, not in a mail, not through the clock's escalations)."""
from datetime import date

import pytest
import time_machine
from sqlalchemy import select, update

from portal.auth.permissions import Forbidden, check_may, questions_visible_to
from portal.extensions import db
from portal.jobs.runner import run_due_jobs
from portal.models import AuditEvent, Employee, OutboxEmail, User
from portal.workflows import QUESTION_WORKFLOW
from tests.conftest import login
from tests.question_helpers import ask
from tests.test_early_question import at

# Who sees a question about emp_a1 (De Linde; AD ad1, backup ad2): others get 404, other roles 403.
MATRIX = {
    "employer_a": 200, "employer_a2": 200, "employer_b": 404, "ad1": 200, "ad2": 200, "ad3": 404,
    "wsp_amsterdam": 403, "wsp_rijnmond": 403, "admin": 403,
}


@pytest.mark.parametrize("user_name", MATRIX)
def test_question_page_access_matrix(client, world, user_name):
    question = ask(world)
    login(client, getattr(world, user_name))
    assert client.get(f"/meedenken/{question.id}").status_code == MATRIX[user_name]
    # The scope agrees with the page, for every role.
    user = getattr(world, user_name)
    visible = db.session.scalar(questions_visible_to(user).with_only_columns(db.literal(1))) is not None
    assert visible == (MATRIX[user_name] == 200)


def test_asking_is_the_employers_own_contract_only(client, world):
    login(client, world.employer_b)
    assert client.get(f"/contracten/{world.emp_a1.id}/ik-twijfel").status_code == 404
    assert client.post(f"/contracten/{world.emp_a1.id}/ik-twijfel", data={"worry": "x"}).status_code == 404
    client.post("/uitloggen")
    login(client, world.ad1)
    assert client.get(f"/contracten/{world.emp_a1.id}/ik-twijfel").status_code == 403


def test_actions_on_a_foreign_question_are_not_found_and_roles_keep_to_their_steps(client, world):
    question = ask(world)
    login(client, world.employer_b)
    for action in ("berichten", "melding", "afsluiten"):
        assert client.post(f"/meedenken/{question.id}/{action}", data={"body": "x"}).status_code == 404, action
    client.post("/uitloggen")
    login(client, world.ad3)
    assert client.post(f"/meedenken/{question.id}/melding").status_code == 404
    client.post("/uitloggen")
    login(client, world.ad1)
    assert client.post(f"/meedenken/{question.id}/afsluiten").status_code == 403  # the employer's step
    client.post("/uitloggen")
    login(client, world.wsp_amsterdam)
    assert client.post(f"/meedenken/{question.id}/berichten", data={"body": "x"}).status_code == 403
    with pytest.raises(Forbidden):
        check_may(world.employer_a, QUESTION_WORKFLOW, "answer", question)
    with pytest.raises(Forbidden):
        check_may(world.ad3, QUESTION_WORKFLOW, "answer", question)


def test_every_view_of_a_question_is_in_the_access_log(client, world):
    question = ask(world)
    before = db.session.scalar(select(db.func.max(AuditEvent.id))) or 0
    login(client, world.ad1)
    client.get(f"/meedenken/{question.id}")
    client.post("/uitloggen")
    login(client, world.employer_b)
    client.get(f"/meedenken/{question.id}")
    rows = db.session.scalars(select(AuditEvent).where(AuditEvent.id > before, AuditEvent.action == "view_question")
                              .order_by(AuditEvent.id)).all()
    assert [(r.actor_id, r.result, r.subject_employee_id) for r in rows] == [
        (world.ad1.id, "allowed", world.emp_a1.employee_id), (world.employer_b.id, "denied", world.emp_a1.employee_id)]


NAME = "Canarius Twijfelaar"
WORRY = "CANARY-twijfel-zorg-7717"


def test_the_question_never_reaches_the_wsp(world, app):
    db.session.execute(update(Employee).where(Employee.id == world.emp_a1.employee_id).values(name=NAME))
    db.session.commit()
    with time_machine.travel(at(date(2026, 12, 1)), tick=False) as clock:
        question = ask(world, worry=WORRY)
        for day in (date(2026, 12, 4), date(2026, 12, 8), date(2026, 12, 10)):  # reminder, escalations
            clock.move_to(at(day))
            run_due_jobs()
            db.session.commit()
        wsp_addresses = {u.email for u in db.session.scalars(select(User).where(User.role == "wsp"))}
        mails = db.session.scalars(select(OutboxEmail)).all()
        assert any(NAME in m.subject for m in mails)  # the canary was mailed, to UWV
        for mail in mails:
            assert WORRY not in mail.subject + mail.body_text + (mail.body_html or "")
            assert not set(mail.recipient_list) & wsp_addresses, mail.subject
        adviser = app.test_client()
        login(adviser, world.wsp_amsterdam)
        for path in ("/wsp/verzoeken", "/wsp/kandidaten", "/inzicht", f"/meedenken/{question.id}",
                     f"/contracten/{world.emp_a1.id}/ik-twijfel"):
            text = adviser.get(path).get_data(as_text=True)
            assert NAME not in text and WORRY not in text, path


def test_a_team_lead_named_by_an_escalation_may_open_the_question_but_not_answer_it(world, app):
    world.ad1.team_lead_id = world.ad3.id
    db.session.commit()
    with time_machine.travel(at(date(2026, 12, 1)), tick=False) as clock:
        question = ask(world)
        lead = app.test_client()
        login(lead, world.ad3)
        assert lead.get(f"/meedenken/{question.id}").status_code == 404  # no standing access to the team's work
        for day in (date(2026, 12, 4), date(2026, 12, 8), date(2026, 12, 10)):
            clock.move_to(at(day))
            run_due_jobs()
            db.session.commit()
        [further] = db.session.scalars(select(OutboxEmail).where(OutboxEmail.kind == "question_escalated_further")).all()
        assert further.recipient_list == [world.ad3.email]  # the team lead after the backup
        login(lead, world.ad3)  # days later: a new session
        assert lead.get(f"/meedenken/{question.id}").status_code == 200
        assert lead.post(f"/meedenken/{question.id}/berichten", data={"body": "Ik kijk mee."}).status_code == 302
        db.session.expire_all()
        assert db.session.get(type(question), question.id).status == "open"  # the AD or backup still answers
        assert lead.post(f"/meedenken/{question.id}/melding").status_code == 403
