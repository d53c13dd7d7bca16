"""Issue 6: consent later or withdrawn, drafts, message threads."""
from datetime import UTC, datetime, timedelta

import time_machine
from sqlalchemy import func, select

from portal.extensions import db
from portal.formatting import local_today
from portal.jobs.runner import run_due_jobs
from portal.models import Message, NoticeDraft, OutboxEmail, WorkflowEvent
from tests.conftest import login
from tests.factories import make_notice


def mails(kind, to=None):
    found = db.session.scalars(select(OutboxEmail).where(OutboxEmail.kind == kind).order_by(OutboxEmail.id)).all()
    return [m for m in found if to is None or to in m.recipient_list]


# --- consent ------------------------------------------------------------------------------

def test_consent_added_later_opens_the_notes_to_the_ad(client, world):
    notice = make_notice(world.employer_a, world.emp_a1, consent=False)
    login(client, world.employer_a)
    page = client.post(f"/meldingen/{notice.id}/toestemming", data={"consent_date": "2099-01-01"}).get_data(as_text=True)
    assert "Vink aan dat de werknemer toestemming gaf." in page
    future = (local_today() + timedelta(days=1)).isoformat()
    page = client.post(f"/meldingen/{notice.id}/toestemming", data={"confirm": "y", "consent_date": future}).get_data(as_text=True)
    assert "kan niet in de toekomst liggen" in page
    response = client.post(f"/meldingen/{notice.id}/toestemming",
                           data={"confirm": "y", "consent_date": local_today().isoformat()})
    assert response.status_code == 302
    [mail] = mails("consent_given")
    assert set(mail.recipient_list) == {world.ad1.email, world.ad2.email} and "Zeer nauwkeurig" not in mail.body_text
    client.post("/uitloggen")
    login(client, world.ad1)
    page = client.get(f"/meldingen/{notice.id}").get_data(as_text=True)
    assert "Zeer nauwkeurig" in page and "Toestemming van de werknemer vastgelegd" in page


def test_withdrawn_consent_hides_the_notes_from_then_on(client, world):
    notice = make_notice(world.employer_a, world.emp_a1, consent=True)
    login(client, world.employer_a)
    assert client.post(f"/meldingen/{notice.id}/toestemming-intrekken").status_code == 302
    client.post("/uitloggen")
    login(client, world.ad1)
    page = client.get(f"/meldingen/{notice.id}").get_data(as_text=True)
    assert "Zeer nauwkeurig" not in page and "Toestemming van de werknemer ingetrokken" in page
    actions = db.session.scalars(select(WorkflowEvent.action).where(WorkflowEvent.subject_id == notice.id,
                                                                    WorkflowEvent.subject_type == "notice")).all()
    assert "consent_withdrawn" in actions


def test_only_the_employer_changes_consent(client, world):
    notice = make_notice(world.employer_a, world.emp_a1, consent=False)
    data = {"confirm": "y", "consent_date": local_today().isoformat()}
    login(client, world.ad1)
    assert client.post(f"/meldingen/{notice.id}/toestemming", data=data).status_code == 403
    client.post("/uitloggen")
    login(client, world.employer_b)
    assert client.post(f"/meldingen/{notice.id}/toestemming", data=data).status_code == 404


# --- drafts -------------------------------------------------------------------------------

def save_draft(client, employment, step="overdracht", **data):
    """'Opslaan en later verder' on a step of the notice form."""
    return client.post(f"/contracten/{employment.id}/einde-melden/{step}", data={"later": "1", **data})


def test_a_draft_is_saved_as_typed_and_finished_by_a_colleague(client, world):
    login(client, world.employer_a)
    response = save_draft(client, world.emp_a1, "einde", reason_category="other")
    assert response.status_code == 302
    save_draft(client, world.emp_a1, notes_strengths="Half af, morgen verder")
    client.post("/uitloggen")
    login(client, world.employer_a2)
    listing = client.get("/meldingen").get_data(as_text=True)
    assert "Concepten" in listing and "Daan de Jong" in listing
    # The colleague carries on where it was left: no step was finished, so at the first one.
    start = client.get(f"/contracten/{world.emp_a1.id}/einde-melden")
    assert start.headers["Location"] == f"/contracten/{world.emp_a1.id}/einde-melden/einde"
    form = client.get(start.headers["Location"]).get_data(as_text=True)
    assert '<option selected value="other">' in form and "U gaat verder met het concept" in form
    form = client.get(f"/contracten/{world.emp_a1.id}/einde-melden/overdracht").get_data(as_text=True)
    assert "Half af, morgen verder" in form
    from tests.notice_steps import walk_steps
    from tests.test_notice_form import form_data

    assert walk_steps(client, world.emp_a1, form_data()).status_code == 302
    assert db.session.scalar(select(func.count()).select_from(NoticeDraft)) == 0


def test_drafts_are_invisible_to_uwv_the_wsp_and_other_employers(client, world):
    login(client, world.employer_a)
    save_draft(client, world.emp_a1, notes_strengths="GEHEIM CONCEPT")
    draft = db.session.scalars(select(NoticeDraft)).one()
    client.post("/uitloggen")
    for user in (world.ad1, world.wsp_amsterdam, world.employer_b):
        login(client, user)
        for path in ("/inbox", "/meldingen", "/wsp/verzoeken"):
            assert "GEHEIM CONCEPT" not in client.get(path).get_data(as_text=True)
        assert client.post(f"/concepten/{draft.id}/verwijderen").status_code in (403, 404)
        client.post("/uitloggen")
    assert db.session.scalar(select(func.count()).select_from(NoticeDraft)) == 1


def test_an_untouched_draft_is_removed_after_a_reminder(client, world):
    login(client, world.employer_a2)
    save_draft(client, world.emp_a1, notes_strengths="vergeten")
    start = datetime.now(UTC)
    with time_machine.travel(start + timedelta(days=22), tick=False):
        run_due_jobs()
        assert mails("draft_reminder") == []
    with time_machine.travel(start + timedelta(days=23, hours=1), tick=False):
        run_due_jobs()
        run_due_jobs()
        [reminder] = mails("draft_reminder")
        assert reminder.recipient_list == [world.employer_a2.email]
    with time_machine.travel(start + timedelta(days=29), tick=False):
        run_due_jobs()
        assert db.session.scalar(select(func.count()).select_from(NoticeDraft)) == 1
    with time_machine.travel(start + timedelta(days=30, hours=2), tick=False):
        run_due_jobs()
        assert db.session.scalar(select(func.count()).select_from(NoticeDraft)) == 0


# --- message threads ----------------------------------------------------------------------

def test_notice_thread_between_employer_and_ads(client, world):
    notice = make_notice(world.employer_a, world.emp_a1)
    login(client, world.employer_a)
    page = client.post(f"/meldingen/{notice.id}/berichten", data={"body": "  "}).get_data(as_text=True)
    assert "Schrijf een bericht." in page
    assert client.post(f"/meldingen/{notice.id}/berichten", data={"body": "Kunt u bellen? Vertrouwelijk 123"}
                       ).status_code == 302
    [mail] = mails("new_message")
    assert set(mail.recipient_list) == {world.ad1.email, world.ad2.email}
    assert "Vertrouwelijk 123" not in mail.body_text + mail.body_html and f"/meldingen/{notice.id}" in mail.body_text
    client.post("/uitloggen")

    login(client, world.ad2)  # the backup AD reads and replies
    nav = client.get("/inbox").get_data(as_text=True)
    assert '<span class="badge">1<span class="visually-hidden"> ongelezen bericht</span>' in nav
    page = client.get(f"/meldingen/{notice.id}").get_data(as_text=True)
    assert "Kunt u bellen? Vertrouwelijk 123" in page
    assert '<span class="badge">' not in client.get("/inbox").get_data(as_text=True)  # read now
    client.post(f"/meldingen/{notice.id}/berichten", data={"body": "Ik bel u morgen."})
    assert world.employer_a.email in mails("new_message")[-1].recipient_list


def test_refill_thread_between_employer_and_wsp(client, world):
    refill = make_notice(world.employer_a, world.emp_a1).refill_request
    login(client, world.wsp_amsterdam)
    assert client.post(f"/herbezetting/{refill.id}/berichten", data={"body": "Welke werktijden?"}).status_code == 302
    assert mails("new_message")[-1].recipient_list == [world.employer_a.email]
    client.post("/uitloggen")
    login(client, world.employer_a)
    assert "Welke werktijden?" in client.get(f"/herbezetting/{refill.id}").get_data(as_text=True)


def test_threads_are_closed_to_others(client, world):
    notice = make_notice(world.employer_a, world.emp_a1)
    refill = notice.refill_request
    login(client, world.wsp_amsterdam)
    assert client.post(f"/meldingen/{notice.id}/berichten", data={"body": "x"}).status_code == 403
    client.post("/uitloggen")
    login(client, world.ad1)
    assert client.post(f"/herbezetting/{refill.id}/berichten", data={"body": "x"}).status_code == 403
    assert "Nieuw bericht" not in client.get(f"/herbezetting/{refill.id}").get_data(as_text=True)
    client.post("/uitloggen")
    login(client, world.employer_b)
    assert client.post(f"/meldingen/{notice.id}/berichten", data={"body": "x"}).status_code == 404
    assert db.session.scalar(select(func.count()).select_from(Message)) == 0


def test_messages_can_be_neither_edited_nor_deleted(app):
    for rule in app.url_map.iter_rules():
        # Two API routes change something other than a message (issue 20): the PUT of an employee's AD
        # and the DELETE of a client's own webhook subscription.
        allowed = {"api.put_assignment": {"PUT"}, "api.delete_subscription": {"DELETE"}}.get(rule.endpoint, set())
        changing = {"PATCH", "DELETE", "PUT"} - allowed
        assert not (changing & rule.methods), rule.rule
        assert "berichten/<" not in rule.rule  # no route addresses a single message
    import portal.threads.thread_service as threads

    assert [name for name in dir(threads) if name.startswith(("edit", "delete", "update", "remove"))] == []
