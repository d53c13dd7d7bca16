"""The employee's own page "Mijn overdracht" (issue 16): link + code, the page, consent, own words."""
from __future__ import annotations

import io
from datetime import timedelta

import pytest
from pypdf import PdfReader
from sqlalchemy import func, select

from portal.audit.access_log_service import viewers_of_notice
from portal.auth.permissions import may_read_handover_notes, may_record_profile_consent
from portal.employee_access import links
from portal.extensions import db
from portal.formatting import local_today
from portal.models import AuditEvent, EmployeeAccessLink, EmployeeStatement, OutboxEmail, WorkflowEvent
from portal.notices import notice_service, outcome_service
from portal.notices.notice_pdf import next_steps_pdf
from portal.unit_of_work import unit_of_work
from portal.workflows import SIDE_EVENTS
from tests.conftest import login
from tests.factories import make_employment, make_notice, new_job


def credentials(notice) -> tuple[str, str]:
    printable = links.printable(notice)
    assert printable is not None
    return printable


def enter(client, notice, code=None):
    token, right_code = credentials(notice)
    return client.post(f"/mijn-overdracht/{token}", data={"code": right_code if code is None else code})


@pytest.fixture
def notice(world):
    return make_notice(world.employer_a, world.emp_a1, consent=True)


def test_filing_issues_a_link_whose_code_the_letter_prints_again_and_again(notice):
    link = db.session.scalar(select(EmployeeAccessLink).where(EmployeeAccessLink.notice_id == notice.id))
    token, code = credentials(notice)
    assert credentials(notice) == (token, code)  # a second download prints the same
    assert len(code) == 8 and set(code) <= set(links.CODE_ALPHABET)
    assert not set(code) & set("0O1IL")
    # Only hashes and the seed are stored: neither the token nor the code.
    assert token not in (link.token_hash, link.code_hash, link.seed)
    assert code not in (link.token_hash, link.code_hash, link.seed)


def test_the_link_alone_shows_only_the_code_form(client, notice):
    token, _code = credentials(notice)
    page = client.get(f"/mijn-overdracht/{token}")
    text = page.get_data(as_text=True)
    assert page.status_code == 200
    assert 'name="code"' in text
    assert "Daan de Jong" not in text and "Zeer nauwkeurig" not in text
    assert client.get("/mijn-overdracht").status_code == 401  # no session: nothing personal either


def test_the_right_code_opens_the_page(client, notice, world):
    token, code = credentials(notice)
    response = client.post(f"/mijn-overdracht/{token}", data={"code": f"{code[:4].lower()}-{code[4:]}"})
    assert response.status_code == 302 and response.headers["Location"] == "/mijn-overdracht"
    text = client.get("/mijn-overdracht").get_data(as_text=True)
    assert "Daan de Jong" in text
    assert "Zeer nauwkeurig" in text  # what the employer wrote
    assert world.ad1.name in text and world.ad1.email in text and world.ad1.phone in text
    assert world.ad2.name in text  # the backup
    assert "Nog niet bevestigd" not in text  # that is the AD's wording


def test_a_wrong_code_says_so_and_counts(client, notice):
    response = enter(client, notice, code="AAAA-AAAA")
    assert response.status_code == 200
    assert "Deze code klopt niet" in response.get_data(as_text=True)
    assert "4 keer" in response.get_data(as_text=True)
    assert client.get("/mijn-overdracht").status_code == 401


def test_five_wrong_codes_block_the_link_even_for_the_right_code(client, notice, world):
    token, code = credentials(notice)
    for _ in range(5):
        response = enter(client, notice, code="WRONG123")
    assert response.status_code == 403
    assert "vijf keer een foute code" in response.get_data(as_text=True)
    assert client.post(f"/mijn-overdracht/{token}", data={"code": code}).status_code == 403  # too late now
    assert links.printable(notice) is None  # the letter now says: ask the AD
    assert client.get("/mijn-overdracht").status_code == 401
    # The AD hears of it, and the event is on the timeline.
    assert db.session.scalar(select(OutboxEmail).where(OutboxEmail.kind == "employee_link_blocked")) is not None


def test_the_ad_issues_a_new_link_and_the_old_one_stops(client, notice, world):
    old_token, old_code = credentials(notice)
    for _ in range(5):
        client.post(f"/mijn-overdracht/{old_token}", data={"code": "WRONG123"})
    login(client, world.ad1)
    assert client.post(f"/meldingen/{notice.id}/werknemerslink").status_code == 302
    client.post("/uitloggen")
    db.session.expire_all()
    new_token, new_code = credentials(notice)
    assert (new_token, new_code) != (old_token, old_code)
    assert client.post(f"/mijn-overdracht/{old_token}", data={"code": old_code}).status_code == 404
    assert client.post(f"/mijn-overdracht/{new_token}", data={"code": new_code}).status_code == 302


def test_the_employer_may_not_issue_a_link(client, notice, world):
    login(client, world.employer_a)
    assert client.post(f"/meldingen/{notice.id}/werknemerslink").status_code == 403


def test_someone_elses_code_does_not_open_this_link(client, notice, world):
    other = make_notice(world.employer_b, world.emp_b1)
    _other_token, other_code = credentials(other)
    response = enter(client, notice, code=other_code)
    assert response.status_code == 200 and "Deze code klopt niet" in response.get_data(as_text=True)
    assert client.get("/mijn-overdracht").status_code == 401


def test_links_expire_when_the_notice_closes(client, notice, world):
    token, code = credentials(notice)
    assert client.post(f"/mijn-overdracht/{token}", data={"code": code}).status_code == 302
    with unit_of_work():
        notice_service.acknowledge(world.ad1, notice)
        outcome_service.close(world.ad1, notice, new_job(notice), notice.created_at.date())
    assert client.get("/mijn-overdracht").status_code == 401  # the open session ends too
    page = client.post(f"/mijn-overdracht/{token}", data={"code": code})
    assert page.status_code == 410 and "afgerond" in page.get_data(as_text=True)


def test_the_session_lasts_at_most_thirty_minutes(client, notice, app):
    assert enter(client, notice).status_code == 302
    with client.session_transaction() as session:
        value = dict(session["employee_access"])
        session["employee_access"] = {**value, "since": value["since"] - 31 * 60}
    assert client.get("/mijn-overdracht").status_code == 401


def test_the_employee_session_is_not_a_staff_login(client, notice):
    enter(client, notice)
    assert client.get("/meldingen").status_code == 302  # to the staff login
    assert client.get(f"/meldingen/{notice.id}").status_code == 302


def test_the_page_shows_nothing_of_other_employees(client, world):
    canary = "KANARIE-7731 geheime notitie"
    other_employment = make_employment(world.org_a, world.loc_a, world.ad1, name="Tess Kanarie")
    make_notice(world.employer_a, other_employment,
                handover_notes={"notes_strengths": canary, "notes_wishes": canary}, reason_text=canary)
    mine = make_notice(world.employer_a, world.emp_a1)
    enter(client, mine)
    with unit_of_work():
        db.session.add(EmployeeStatement(notice_id=mine.id, body="Mijn eigen wens"))
    text = client.get("/mijn-overdracht").get_data(as_text=True)
    assert "Daan de Jong" in text and "Mijn eigen wens" in text
    assert canary not in text and "Tess Kanarie" not in text


def test_every_view_is_in_the_access_log_and_not_in_the_employers_viewer_list(client, notice):
    before = db.session.scalar(select(func.max(AuditEvent.id))) or 0  # the log is append-only: never emptied
    enter(client, notice)
    client.get("/mijn-overdracht")
    client.get("/mijn-overdracht")
    rows = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "view_own_page", AuditEvent.id > before)).all()
    assert len(rows) == 2
    assert {(r.object_type, r.object_id, r.subject_employee_id, r.actor_role) for r in rows} == {
        ("notice", notice.id, notice.employment.employee_id, "employee")}
    assert all(v.action != "view_own_page" for v in viewers_of_notice(notice.id))


# --- consent: the employee's "no" wins --------------------------------------------------------

def test_the_employees_no_hides_the_notes_from_the_ad_at_once(client, notice, world):
    assert may_read_handover_notes(world.ad1, notice)  # the employer's recorded consent opens them
    enter(client, notice)
    assert client.post("/mijn-overdracht/toestemming", data={"consent-answer": "nee"}).status_code == 302
    db.session.expire_all()
    assert not may_read_handover_notes(world.ad1, notice)
    assert may_read_handover_notes(world.employer_a, notice)  # the employer still reads its own notes
    login(client, world.ad1)
    text = client.get(f"/meldingen/{notice.id}").get_data(as_text=True)
    assert "Zeer nauwkeurig" not in text
    assert "wil niet dat UWV de overdracht leest" in text
    pdf_audit = client.get(f"/meldingen/{notice.id}/overdrachtsdocument.pdf")
    assert pdf_audit.status_code == 200
    mail = db.session.scalar(select(OutboxEmail).where(OutboxEmail.kind == "employee_consent_refused"))
    assert mail is not None and world.ad1.email in mail.recipients
    assert "Zeer nauwkeurig" not in mail.body_text


def test_the_employees_no_wins_over_the_employer_recording_consent_later(client, world):
    notice = make_notice(world.employer_a, world.emp_a1, consent=False)
    enter(client, notice)
    client.post("/mijn-overdracht/toestemming", data={"consent-answer": "nee"})
    client.post("/mijn-overdracht/stoppen")
    login(client, world.employer_a)
    response = client.post(f"/meldingen/{notice.id}/toestemming",
                           data={"confirm": "y", "consent_date": local_today().isoformat()})
    assert response.status_code == 302
    db.session.expire_all()
    assert notice.consent_given  # the employer recorded it
    assert not may_read_handover_notes(world.ad1, notice)  # but the employee said no


def test_the_ad_sees_confirmed_or_not_yet_and_the_employees_own_words(client, notice, world):
    login(client, world.ad1)
    assert "Nog niet bevestigd door de werknemer." in client.get(f"/meldingen/{notice.id}").get_data(as_text=True)
    client.post("/uitloggen")
    enter(client, notice)
    client.post("/mijn-overdracht/toestemming", data={"consent-answer": "ja"})
    client.post("/mijn-overdracht/aanvulling", data={"body": "Ik wil liever <b>binnen</b> werken."})
    client.post("/mijn-overdracht/stoppen")
    login(client, world.ad1)
    text = client.get(f"/meldingen/{notice.id}").get_data(as_text=True)
    day = db.session.get(type(notice), notice.id).employee_consent_at
    assert "Bevestigd door de werknemer op" in text and str(day.year) in text
    assert "Ik wil liever &lt;b&gt;binnen&lt;/b&gt; werken." in text  # their words, escaped
    assert "Zeer nauwkeurig" in text  # the notes beside them
    # The employer neither reads nor edits the employee's words.
    client.post("/uitloggen")
    login(client, world.employer_a)
    employer_page = client.get(f"/meldingen/{notice.id}").get_data(as_text=True)
    assert "binnen</b>" not in employer_page and "liever" not in employer_page
    kinds = set(db.session.scalars(select(OutboxEmail.kind)))
    assert {"employee_consent_given", "employee_statement"} <= kinds
    actions = set(db.session.scalars(select(WorkflowEvent.action).where(WorkflowEvent.subject_id == notice.id)))
    assert {"employee_consent_given", "employee_statement"} <= actions


def test_the_employees_yes_opens_notes_the_employer_did_not_share(client, world):
    notice = make_notice(world.employer_a, world.emp_a1, consent=False)
    assert not may_read_handover_notes(world.ad1, notice)
    enter(client, notice)
    client.post("/mijn-overdracht/toestemming", data={"consent-answer": "ja"})
    db.session.expire_all()
    assert may_read_handover_notes(world.ad1, notice)


def test_withdrawing_consent_any_time_and_the_profile_answer(client, notice, world):
    with unit_of_work():
        notice_service.acknowledge(world.ad1, notice)
    enter(client, notice)
    client.post("/mijn-overdracht/kandidaatprofiel", data={"profile-answer": "ja"})
    db.session.expire_all()
    assert notice.has_profile_consent and notice.profile_consent_method == "employee_page"
    client.post("/mijn-overdracht/kandidaatprofiel", data={"profile-answer": "nee"})
    db.session.expire_all()
    assert not notice.has_profile_consent
    assert not may_record_profile_consent(world.ad1, notice)  # the AD cannot record it over their no
    client.post("/mijn-overdracht/toestemming", data={"consent-answer": "ja"})
    client.post("/mijn-overdracht/toestemming", data={"consent-answer": "nee"})
    db.session.expire_all()
    assert notice.employee_consent is False


@pytest.mark.parametrize("data", [
    {}, {"consent-answer": "misschien"}, {"consent-answer": "ja" * 5000}, {"consent-answer": "\x00"},
])
def test_hostile_answers_get_a_message_not_a_500(client, notice, data):
    enter(client, notice)
    response = client.post("/mijn-overdracht/toestemming", data=data, follow_redirects=True)
    assert response.status_code == 200
    assert "Kies ja of nee" in response.get_data(as_text=True) or "Ongeldige keuze" in response.get_data(as_text=True)
    db.session.expire_all()
    assert notice.employee_consent is None


def test_an_empty_or_too_long_wish_keeps_what_was_typed(client, notice):
    enter(client, notice)
    empty = client.post("/mijn-overdracht/aanvulling", data={"body": "   "})
    assert empty.status_code == 200 and "Schrijf eerst wat u wilt toevoegen" in empty.get_data(as_text=True)
    long_text = "lang " * 1000
    too_long = client.post("/mijn-overdracht/aanvulling", data={"body": long_text})
    assert too_long.status_code == 200 and "hoogstens 4000" in too_long.get_data(as_text=True)
    assert "lang lang lang" in too_long.get_data(as_text=True)
    assert db.session.scalar(select(EmployeeStatement.id)) is None


@pytest.mark.parametrize("path", [
    "/mijn-overdracht/" + "a" * 5000, "/mijn-overdracht/%00%01", "/mijn-overdracht/'%20OR%201=1--",
    "/mijn-overdracht/../../etc/passwd", "/mijn-overdracht/" + "é" * 30,
])
def test_hostile_links_never_500(client, notice, path):
    for response in (client.get(path), client.post(path, data={"code": "x" * 10000})):
        assert response.status_code in (404, 405, 308), response.status_code


def test_hostile_codes_never_500(client, notice):
    token, _code = credentials(notice)
    for code in ("", "x" * 10000, "\x00\x01", "' OR 1=1 --", "😀" * 8):
        response = client.post(f"/mijn-overdracht/{token}", data={"code": code})
        assert response.status_code in (200, 403)


def test_a_forged_session_value_opens_nothing(client, notice):
    for value in ({"link": "1", "since": "x"}, "nonsense", {"link": 10**30, "since": 0.0}, {"since": 1}):
        with client.session_transaction() as session:
            session["employee_access"] = value
        assert client.get("/mijn-overdracht").status_code == 401


def test_the_letter_carries_the_link_and_the_code(client, notice, world):
    token, code = credentials(notice)
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(next_steps_pdf(notice))).pages)
    assert token in text.replace("\n", "")
    assert f"{code[:4]} {code[4:]}" in text


def test_the_employee_gets_the_link_by_mail_when_the_employer_gave_the_address(world):
    notice = make_notice(world.employer_a, world.emp_a1, employee_email="daan@voorbeeld.example")
    mail = db.session.scalar(select(OutboxEmail).where(OutboxEmail.kind == "employee_link"))
    token, code = credentials(notice)
    assert mail.recipients == "daan@voorbeeld.example"
    assert token in mail.body_text and code not in mail.body_text  # the code is only in the letter


def test_every_event_name_fits_its_column():
    # SQLite does not enforce VARCHAR lengths; PostgreSQL refused a 32-character event name.
    length = WorkflowEvent.__table__.c.action.type.length
    assert all(len(action) <= length for action in SIDE_EVENTS)


def test_the_handover_pdf_follows_the_employees_answer(client, notice, world):
    enter(client, notice)
    client.post("/mijn-overdracht/toestemming", data={"consent-answer": "nee"})
    client.post("/mijn-overdracht/stoppen")
    login(client, world.ad1)
    pdf = client.get(f"/meldingen/{notice.id}/overdrachtsdocument.pdf")
    text = " ".join("".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.data)).pages).split())
    assert "Zeer nauwkeurig" not in text and "geen toestemming" in text
    client.post("/uitloggen")
    login(client, world.employer_a)
    pdf = client.get(f"/meldingen/{notice.id}/overdrachtsdocument.pdf")
    text = " ".join("".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.data)).pages).split())
    assert "Zeer nauwkeurig" in text and "wil niet dat UWV de overdracht leest" in text


def test_the_notice_form_takes_the_employees_address_and_refuses_a_wrong_one(client, world):
    from tests.test_notice_form import post_notice

    login(client, world.employer_a)
    wrong = post_notice(client, world.emp_a1, employee_email="daan at thuis")
    assert wrong.status_code == 200
    page = wrong.get_data(as_text=True)
    assert "Vul een geldig e-mailadres in" in page and 'value="daan at thuis"' in page
    assert db.session.scalar(select(EmployeeAccessLink.id)) is None
    assert post_notice(client, world.emp_a1, employee_email="daan@voorbeeld.example").status_code == 302
    mail = db.session.scalar(select(OutboxEmail).where(OutboxEmail.kind == "employee_link"))
    assert mail is not None and mail.recipients == "daan@voorbeeld.example"


def test_the_page_says_what_happens_next_by_when_and_whether_it_is_late(client, notice):
    enter(client, notice)
    page = client.get("/mijn-overdracht").get_data(as_text=True)
    assert "Uw arbeidsdeskundige leest de melding uiterlijk" in page and "Te laat" not in page
    with unit_of_work():
        db.session.get(type(notice), notice.id).response_due = local_today() - timedelta(days=1)
    page = client.get("/mijn-overdracht").get_data(as_text=True)
    assert "Te laat" in page and "Dit duurt langer dan afgesproken" in page
