""""Ik twijfel" (issue 16.3): the employer asks the AD to think along before deciding. It lands in the
AD's inbox with a deadline, has a thread, and can become a notice with its text carried over."""
from datetime import UTC, date, datetime, timedelta

import pytest
import time_machine
from sqlalchemy import func, select

from portal.extensions import db
from portal.formatting import local_today
from portal.jobs.runner import run_due_jobs
from portal.models import ContractEndNotice, EarlyQuestion, NoticeDraft, RefillRequest, WorkflowEvent
from portal.notices.draft_service import draft_data
from portal.questions import question_service as questions
from tests.conftest import login
from tests.factories import make_notice
from tests.notice_steps import walk_steps
from tests.question_helpers import WORRY, ask, fresh, mails
from tests.test_notice_form import form_data


def at(day: date, hour: int = 9):
    return datetime(day.year, day.month, day.day, hour, tzinfo=UTC)


@pytest.fixture
def clock():
    with time_machine.travel(at(date(2026, 12, 1)), tick=False) as traveller:  # a Tuesday
        yield traveller


def test_bad_input_gets_dutch_errors_and_keeps_what_was_typed(client, world):
    login(client, world.employer_a)
    url = f"/contracten/{world.emp_a1.id}/ik-twijfel"
    assert "Waar twijfelt u over?" in client.get(url).get_data(as_text=True)
    yesterday = (local_today() - timedelta(days=1)).isoformat()
    page = client.post(url, data={"worry": "Mijn getypte zorg", "decision_date": yesterday}).get_data(as_text=True)
    assert "De datum van uw beslissing kan niet in het verleden liggen." in page
    typed_day = local_today() - timedelta(days=1)
    assert "Mijn getypte zorg" in page and f'value="{typed_day.day}"' in page and f'value="{typed_day.year}"' in page
    far = (local_today() + timedelta(days=400)).isoformat()
    page = client.post(url, data={"worry": "Mijn getypte zorg", "decision_date": far}).get_data(as_text=True)
    assert "De datum van uw beslissing mag hoogstens 12 maanden vooruit liggen." in page
    page = client.post(url, data={"worry": "", "decision_date": "31-02-2026"}).get_data(as_text=True)
    assert "Schrijf waar u over twijfelt." in page and "Vul een geldige datum in" in page
    assert 'class="error-summary"' in page
    page = client.post(url, data={"worry": "x" * 2001, "decision_date": far}).get_data(as_text=True)
    assert "Gebruik hoogstens 2000 tekens." in page
    assert db.session.scalar(select(func.count(EarlyQuestion.id))) == 0


def test_a_question_reaches_the_ads_not_the_wsp_and_opens_no_refill_request(client, world):
    login(client, world.employer_a)
    decision = (local_today() + timedelta(days=20)).isoformat()
    response = client.post(f"/contracten/{world.emp_a1.id}/ik-twijfel", data={"worry": WORRY, "decision_date": decision})
    assert response.status_code == 302
    question = db.session.scalars(select(EarlyQuestion)).one()
    assert response.headers["Location"] == f"/meedenken/{question.id}"
    assert question.status == "open" and question.response_due is not None and question.notice_id is None
    [mail] = mails("question_asked")
    assert set(mail.recipient_list) == {world.ad1.email, world.ad2.email}  # the AD and the backup
    assert WORRY not in mail.body_text  # a link, never the employer's text about the person
    assert db.session.scalar(select(func.count(RefillRequest.id))) == 0
    assert db.session.scalar(select(func.count(ContractEndNotice.id))) == 0
    # The dashboard's row now leads to the question instead of asking again.
    dashboard = client.get("/medewerkers").get_data(as_text=True)
    assert f"/meedenken/{question.id}" in dashboard
    assert client.get(f"/contracten/{world.emp_a1.id}/ik-twijfel").headers["Location"] == f"/meedenken/{question.id}"


def test_one_open_question_per_contract_and_none_beside_a_notice(world):
    ask(world)
    with pytest.raises(questions.InputRejected) as second:
        ask(world)
    assert "al een open vraag" in second.value.errors["worry"]
    make_notice(world.employer_a, world.emp_a2)
    with pytest.raises(questions.InputRejected) as beside:
        ask(world, employment=world.emp_a2)
    assert "loopt al een melding" in beside.value.errors["worry"]


def test_the_ad_inbox_shows_the_question_with_its_deadline(client, clock, world):
    question = ask(world)
    assert question.response_due == date(2026, 12, 4)  # three working days
    login(client, world.ad1)
    inbox = client.get("/inbox").get_data(as_text=True)
    assert f"/meedenken/{question.id}" in inbox and "twijfelt over het werk van Daan de Jong" in inbox
    assert "Reactie uiterlijk vrijdag 4 december" in inbox
    client.post("/uitloggen")
    login(client, world.ad3)  # not this employee's AD
    assert f"/meedenken/{question.id}" not in client.get("/inbox").get_data(as_text=True)


def test_the_thread_mails_the_other_side_and_the_ads_answer_ends_the_deadline(client, world):
    question = ask(world)
    login(client, world.employer_a)
    client.post(f"/meedenken/{question.id}/berichten", data={"body": "Hij is vaak moe."})
    assert fresh(question).status == "open"
    [to_ad] = mails("new_message")
    assert set(to_ad.recipient_list) == {world.ad1.email, world.ad2.email}
    assert f"/meedenken/{question.id}" in to_ad.body_text and "vaak moe" not in to_ad.body_text
    client.post("/uitloggen")
    login(client, world.ad2)  # the backup may answer too
    page = client.get(f"/meedenken/{question.id}").get_data(as_text=True)
    assert "Hij is vaak moe." in page and WORRY in page
    assert client.post(f"/meedenken/{question.id}/berichten", data={"body": ""}).status_code == 200  # refused, shown
    client.post(f"/meedenken/{question.id}/berichten", data={"body": "Ik bel u morgen."})
    answered = fresh(question)
    assert answered.status == "answered" and answered.response_due is None
    assert mails("new_message")[-1].recipient_list == [world.employer_a.email]


def test_reminder_on_the_deadline_then_escalations_by_the_clock(clock, world):
    question = ask(world)
    clock.move_to(at(date(2026, 12, 3)))
    run_due_jobs()
    assert mails("question_overdue") == []
    clock.move_to(at(date(2026, 12, 4)))
    run_due_jobs()
    run_due_jobs()  # a second run, or a second machine: nothing twice
    [reminder] = mails("question_overdue")
    assert reminder.recipient_list == [world.ad1.email] and "Daan de Jong" in reminder.subject
    assert f"/meedenken/{question.id}" in reminder.body_text
    clock.move_to(at(date(2026, 12, 8)))
    run_due_jobs()
    [escalation] = mails("question_escalated")
    assert escalation.recipient_list == [world.ad2.email]  # the backup AD, as for notices
    clock.move_to(at(date(2026, 12, 10)))
    run_due_jobs()
    run_due_jobs()
    [further] = mails("question_escalated_further")
    assert further.recipient_list == [world.admin.email]  # no team lead, no UWV mailbox: functioneel beheer
    events = db.session.scalars(select(WorkflowEvent.action).where(
        WorkflowEvent.subject_type == "question", WorkflowEvent.subject_id == question.id).order_by(WorkflowEvent.id)).all()
    assert events == ["ask", "remind", "escalate", "escalate_further"]
    assert mails("notice_overdue") == []


def test_an_answered_question_is_not_reminded(clock, world):
    question = ask(world)
    questions.post_message(world.ad1, question, "Ik denk mee.")
    db.session.commit()
    clock.move_to(at(date(2026, 12, 9)))
    run_due_jobs()
    assert mails("question_overdue") == [] and mails("question_escalated") == []


def test_the_employer_turns_the_question_into_a_notice_with_its_text(client, world):
    question = ask(world)
    login(client, world.employer_a)
    response = client.post(f"/meedenken/{question.id}/melding")
    assert response.headers["Location"] == f"/contracten/{world.emp_a1.id}/einde-melden"
    form = client.get(response.headers["Location"], follow_redirects=True).get_data(as_text=True)
    assert WORRY in form  # the explanation starts from the question
    end = world.emp_a1.end_date
    assert f'value="{end.day}"' in form and f'value="{end.month}"' in form and f'value="{end.year}"' in form
    assert fresh(question).status == "open"  # only a draft so far
    response = walk_steps(client, world.emp_a1, form_data(reason_text=WORRY))
    notice = db.session.scalars(select(ContractEndNotice)).one()
    assert response.headers["Location"] == f"/meldingen/{notice.id}"
    converted = fresh(question)
    assert converted.status == "converted" and converted.notice_id == notice.id and notice.reason_text == WORRY
    page = client.get(f"/meedenken/{question.id}").get_data(as_text=True)
    assert f"/meldingen/{notice.id}" in page and "Melding geworden" in page
    assert "Melding maken van deze vraag" not in page  # done: no second notice from it


def test_the_ad_prepares_a_draft_for_the_employer(client, world):
    question = ask(world)
    login(client, world.ad1)
    response = client.post(f"/meedenken/{question.id}/melding")
    assert response.headers["Location"] == f"/meedenken/{question.id}"
    draft = db.session.scalars(select(NoticeDraft)).one()
    assert draft_data(draft)["reason_text"] == WORRY and draft.updated_by_id == world.employer_a.id
    assert fresh(question).status == "answered"
    [mail] = mails("question_draft")
    assert mail.recipient_list == [world.employer_a.email]
    assert f"/contracten/{world.emp_a1.id}/einde-melden" in mail.body_text
    # Filing it converts the question, whoever prepared the draft.
    make_notice(world.employer_a, world.emp_a1)
    assert fresh(question).status == "converted"


def test_a_draft_the_employer_started_keeps_its_own_text(world):
    from portal.notices import draft_service as drafts

    drafts.save_draft(world.employer_a, world.emp_a1, {"reason_text": "Eigen tekst", "notes_tasks": "Orders"},
                      ["reason_text", "notes_tasks"])
    question = ask(world)
    questions.prepare_notice(world.employer_a, question)
    data = draft_data(db.session.scalars(select(NoticeDraft)).one())
    assert data["reason_text"] == "Eigen tekst" and data["notes_tasks"] == "Orders"


def test_the_employer_closes_the_question_without_a_notice(client, world):
    question = ask(world)
    login(client, world.employer_a)
    page = client.post(f"/meedenken/{question.id}/afsluiten", data={"note": "x" * 501}).get_data(as_text=True)
    assert "Gebruik hoogstens 500 tekens." in page and "x" * 501 in page
    client.post(f"/meedenken/{question.id}/afsluiten", data={"note": "Het contract wordt verlengd."})
    assert fresh(question).status == "closed"
    assert set(mails("question_closed")[0].recipient_list) == {world.ad1.email, world.ad2.email}
    assert client.post(f"/meedenken/{question.id}/melding", follow_redirects=True).status_code == 403
