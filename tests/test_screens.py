"""Screens people finish without help (issue 18, points 4-10): card lists, tags and "Te laat", the AD's
pages, plain words, the invitation form, the empty list, one phone format and lang="nl" on typed text."""
from __future__ import annotations

import re
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import select, update

from portal.extensions import db
from portal.formatting import local_today, lower_first, phone, tel_href
from portal.models import ContractEndNotice, OutboxEmail
from portal.notices import notice_service
from portal.threads import thread_service
from tests.conftest import login
from tests.factories import make_notice, make_organisation, make_user

PORTAL = Path(__file__).parent.parent / "portal"


@pytest.mark.parametrize("typed, shown", [
    ("0205551234", "020 555 1234"), ("020-5551234", "020 555 1234"), ("+31 20 555 1234", "020 555 1234"),
    ("0612345678", "06 1234 5678"), ("06-12 34 56 78", "06 1234 5678"), ("088 - 898 92 94", "088 898 9294"),
    ("0341123456", "0341 123 456"), ("+44 20 7946 0958", "+44 20 7946 0958"), ("", ""), (None, ""),
])
def test_one_way_to_write_a_phone_number(typed, shown):
    assert phone(typed) == shown


def test_a_tel_link_has_only_digits():
    assert tel_href("020 555 1234") == "tel:0205551234" and tel_href("+31 6 1234 5678") == "tel:+31612345678"


def test_a_label_inside_a_sentence_keeps_its_abbreviations():
    assert lower_first("Interne bemiddeling met het WSP") == "interne bemiddeling met het WSP"
    assert lower_first("PSO-certificaat") == "PSO-certificaat" and lower_first("WSP helpt") == "WSP helpt"


def test_the_plan_mail_writes_wsp_in_capitals(app, world):
    notice = make_notice(world.employer_a, world.emp_a1)
    notice_service.acknowledge(world.ad1, notice)
    notice_service.record_plan(world.ad1, notice, "internal_mediation", local_today() + timedelta(days=7), "")
    db.session.commit()
    body = db.session.scalars(select(OutboxEmail.body_text).order_by(OutboxEmail.id.desc())).first()
    assert "interne bemiddeling met het Werkgeversservicepunt (WSP)" in body and "het wsp" not in body


def test_every_mail_text_writes_out_wsp_pso_and_kvk():
    """Subjects and texts of the e-mails: an abbreviation comes with its meaning."""
    spelled = {"WSP": "Werkgeversservicepunt (WSP)", "PSO": "Prestatieladder", "KvK": "Kamer van Koophandel"}
    texts = []
    for path in (PORTAL / "notifications").glob("*.py"):
        texts += re.findall(r'_l?\(\s*((?:"[^"\n]*"\s*)+)', path.read_text())
    bare = [text for text in texts for short, long in spelled.items()
            if re.search(rf"\b{short}\b", text) and long not in text]
    assert texts and not bare, bare


def test_the_employer_list_is_a_card_list_with_a_secondary_row_action(client, world):
    login(client, world.employer_a)
    page = client.get("/medewerkers").get_data(as_text=True)
    assert '<table class="list cards">' in page
    assert 'data-label="Vervanger"' in page and "Achtervang" not in page
    action = re.search(r'<a class="([^"]+)" href="/contracten/\d+/einde-melden">', page)
    assert action and "button-secondary" in action.group(1)
    assert "Plek opnieuw invullen" in page and "Herbezetting" not in page


def test_a_new_employer_is_told_how_employees_get_in_and_whom_to_ask(app, client):
    organisation = make_organisation("Nieuw BV")
    user = make_user("employer", "Nieuwe Werkgever", organisation=organisation)
    login(client, user)
    page = client.get("/medewerkers").get_data(as_text=True)
    assert "Er staan nog geen medewerkers in de portal" in page
    assert f'href="mailto:{app.config["SUPPORT_EMAIL"]}"' in page
    searched = client.get("/medewerkers?zoek=niemand").get_data(as_text=True)
    assert "Geen medewerkers gevonden." in searched and "Er staan nog geen" not in searched


def test_an_overdue_notice_says_te_laat_to_the_employer(client, world):
    notice = make_notice(world.employer_a, world.emp_a1)
    db.session.execute(update(ContractEndNotice).where(ContractEndNotice.id == notice.id)
                       .values(response_due=local_today() - timedelta(days=2)))
    db.session.commit()
    login(client, world.employer_a)
    page = client.get("/meldingen").get_data(as_text=True)
    assert 'class="tag tag-overdue">Te laat<' in page
    # not late yet: no tag
    db.session.execute(update(ContractEndNotice).where(ContractEndNotice.id == notice.id)
                       .values(response_due=local_today() + timedelta(days=2)))
    db.session.commit()
    assert "Te laat" not in client.get("/meldingen").get_data(as_text=True)


def test_status_tags_of_one_list_each_have_their_own_colour():
    css = (PORTAL / "static" / "css" / "portal.css").read_text()
    fills = {}
    for state in ("submitted", "acknowledged", "plan_recorded", "closed", "withdrawn",
                  "open", "claimed", "candidates_proposed", "filled", "not_filled", "cancelled"):
        rule = re.search(rf"[^}}]*\.status-{state}\b[^{{]*\{{([^}}]*)\}}", css)
        assert rule, state
        fills[state] = re.search(r"background:\s*([^;]+);", rule.group(1)).group(1).strip()
    notice = [fills[s] for s in ("submitted", "acknowledged", "plan_recorded", "closed", "withdrawn")]
    refill = [fills[s] for s in ("open", "claimed", "candidates_proposed", "filled", "not_filled", "cancelled")]
    assert len(set(notice)) == len(notice) and len(set(refill)) == len(refill)


def test_the_ad_inbox_shows_role_consent_and_unread_messages(client, world):
    own = make_notice(world.employer_a, world.emp_a2, consent=False)  # ad2 is the AD
    covered = make_notice(world.employer_a, world.emp_a1, consent=True)  # ad2 is the backup
    thread_service.post_message(world.employer_a, "notice", covered, "Kunt u mij bellen?")
    thread_service.post_message(world.employer_a, "notice", covered, "Het is dringend.")
    db.session.commit()
    login(client, world.ad2)
    page = client.get("/inbox").get_data(as_text=True)
    rows = {m.group(1): m.group(0) for m in re.finditer(r'<tr[^>]*>\s*<td[^>]*><a href="/meldingen/(\d+)">.*?</tr>', page, re.S)}
    assert "U bent de arbeidsdeskundige" in rows[str(own.id)] and "Nog niet" in rows[str(own.id)]
    assert "Geen nieuwe" in rows[str(own.id)]
    assert "U bent de vervanger" in rows[str(covered.id)] and "Ja, u mag de notities lezen" in rows[str(covered.id)]
    assert "2 nieuwe berichten" in rows[str(covered.id)]
    client.get(f"/meldingen/{covered.id}")  # reading the thread
    page = client.get("/inbox").get_data(as_text=True)
    assert "nieuwe berichten" not in page


def test_each_inbox_row_counts_the_unread_messages_of_its_own_thread(client, world):
    """The read marks of other threads do not count: with two threads read, one of them with a
    new message, each row shows its own figure (a mark not tied to its notice once made this a
    wrong figure on SQLite and an error page on PostgreSQL)."""
    first = make_notice(world.employer_a, world.emp_a2)
    second = make_notice(world.employer_a, world.emp_a1)
    for notice in (first, second):
        thread_service.post_message(world.employer_a, "notice", notice, "Kunt u mij bellen?")
    db.session.commit()
    login(client, world.ad2)
    for notice in (first, second):
        client.get(f"/meldingen/{notice.id}")  # both threads read
    for text in ("Nog een vraag.", "En nog een."):
        thread_service.post_message(world.employer_a, "notice", second, text)
    db.session.commit()
    response = client.get("/inbox")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    rows = {m.group(1): m.group(0) for m in re.finditer(r'<tr[^>]*>\s*<td[^>]*><a href="/meldingen/(\d+)">.*?</tr>', page, re.S)}
    assert "Geen nieuwe" in rows[str(first.id)]
    assert "2 nieuwe berichten" in rows[str(second.id)]


def test_the_caseload_shows_contract_end_job_coach_open_notice_and_last_contact(client, world):
    notice = make_notice(world.employer_a, world.emp_a1)
    thread_service.post_message(world.employer_a, "notice", notice, "Kunt u mij bellen?")
    db.session.commit()
    login(client, world.ad1)
    page = client.get("/caseload").get_data(as_text=True)
    employee_link = f'<a href="/medewerkers/{world.emp_a1.employee_id}">'
    row = re.search(r"<tr>\s*<td[^>]*>" + re.escape(employee_link) + r".*?</tr>", page, re.S).group(0)
    assert f'href="/meldingen/{notice.id}"' in row
    end = world.emp_a1.end_date
    assert (end and str(end.year) in row) or "Geen einddatum" in row
    assert 'data-label="Jobcoach"' in row and 'data-label="Laatste contact"' in row
    assert "Nog geen bericht" not in row and str(local_today().year) in row
    assert "Mijn medewerkers" in page and "caseload" not in page.split("<main", 1)[1].split("</main>")[0].replace(
        "/caseload", "")


def test_the_ad_reads_the_notes_before_confirming_and_can_go_back(client, world):
    notice = make_notice(world.employer_a, world.emp_a1, consent=True)
    login(client, world.ad1)
    page = client.get(f"/meldingen/{notice.id}").get_data(as_text=True)
    assert 'class="back-link" href="/inbox"' in page
    assert page.index("Overdracht van de werkgever") < page.index("Ik heb deze melding gelezen")
    assert page.index("Zeer nauwkeurig") < page.index("Ik heb deze melding gelezen")
    client.post("/uitloggen")
    login(client, world.employer_a)
    page = client.get(f"/meldingen/{notice.id}").get_data(as_text=True)
    assert 'class="back-link" href="/meldingen"' in page and "Ik heb deze melding gelezen" not in page


def test_the_invitation_form_marks_the_role_dependent_questions(client, world):
    login(client, world.admin)
    page = client.get("/beheer/gebruikers/uitnodigen").get_data(as_text=True)
    regions = page.index('data-show-when="role=wsp"')
    assert page.index('name="regions"') > regions and page.index('name="organisation"') < regions
    assert "js/show_when.js" in page


def test_typed_text_says_it_is_dutch_on_an_english_page(client, world):
    notice = make_notice(world.employer_a, world.emp_a1, consent=True)
    thread_service.post_message(world.employer_a, "notice", notice, "Kunt u mij bellen?")
    db.session.commit()
    login(client, world.ad1)
    client.post("/taal", data={"language": "en", "next": "/inbox"})
    page = client.get(f"/meldingen/{notice.id}").get_data(as_text=True)
    assert '<html lang="en">' in page
    assert '<span lang="nl">Kunt u mij bellen?</span>' in page
    assert re.search(r'<span lang="nl">[^<]*Zeer nauwkeurig', page)
    client.post("/taal", data={"language": "nl", "next": "/inbox"})
    page = client.get(f"/meldingen/{notice.id}").get_data(as_text=True)
    assert '<span lang="nl">' not in page


def test_the_notice_page_has_one_primary_action(client, world):
    notice = make_notice(world.employer_a, world.emp_a1, consent=True)
    login(client, world.ad1)
    for _ in range(2):  # unread (confirm reading), then read (record a plan)
        page = client.get(f"/meldingen/{notice.id}").get_data(as_text=True)
        main = page.split("<main", 1)[1].split("</main>")[0]
        primary = re.findall(r'class="button"', main)
        assert len(primary) == 1, [main[m.start() - 60:m.start() + 80] for m in re.finditer(r'class="button"', main)]
        client.post(f"/meldingen/{notice.id}/gelezen")
    assert "Plan vastleggen" in main


def test_the_job_coach_list_is_a_card_list_and_the_coach_pages_say_vervanger(client, world):
    login(client, world.coach_a)
    page = client.get("/jobcoach").get_data(as_text=True)
    assert '<table class="list cards">' in page
    row = re.search(r"<tr>\s*<td[^>]*>.*?</tr>", page.split("<tbody>", 1)[1], re.S).group(0)
    assert all(re.search(r"<td[^>]*data-label=", cell) for cell in re.findall(r"<td[^>]*>", row)), row
    assert 'class="row-action"' in row and f"/jobcoach/dienstverbanden/{world.emp_a1.id}" in row
    page = client.get(f"/jobcoach/dienstverbanden/{world.emp_a1.id}").get_data(as_text=True)
    main = page.split("<main", 1)[1].split("</main>")[0]
    assert "Vervanger" in main and "Achtervang" not in main
    assert len(re.findall(r'class="button"', main)) == 1


def test_the_job_coach_signal_is_marked_dutch_on_an_english_page(client, world):
    login(client, world.coach_a)
    client.post(f"/jobcoach/dienstverbanden/{world.emp_a1.id}/signaal",
                data={"kind": "not_going_well", "text": "Hij is vaak moe."})
    client.post("/taal", data={"language": "en", "next": "/jobcoach"})
    page = client.get(f"/jobcoach/dienstverbanden/{world.emp_a1.id}").get_data(as_text=True)
    signal_link = re.search(r'href="(/signalen/\d+)"', page)
    assert signal_link, page
    page = client.get(signal_link.group(1)).get_data(as_text=True)
    assert '<html lang="en">' in page and '<span lang="nl">Hij is vaak moe.</span>' in page


def test_the_new_pages_use_no_old_words():
    """The employee's page, the job coach's and the question's pages: the words of the README's list."""
    templates = PORTAL / "templates"
    for folder in ("employee_access", "jobcoach", "questions"):
        for path in (templates / folder).glob("*.html"):
            text = path.read_text()
            assert not re.search(r"achtervang|herbezetting|caseload", text.replace("/caseload", ""), re.I), path


def test_the_login_page_writes_out_wsp_before_it_uses_it(client):
    main = client.get("/inloggen").get_data(as_text=True).split("<main", 1)[1]
    first_wsp = re.search(r"\bWSP\b", main)
    assert first_wsp and main[:first_wsp.end() + 1].endswith("Werkgeversservicepunt (WSP)")
    assert len(re.findall(r'class="button"', main)) == 1
