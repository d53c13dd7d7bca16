"""Administration pages in English, and e-mail in the recipient's language (not the sender's)."""
from flask_babel import force_locale

from portal.extensions import db
from portal.formatting import date_long
from portal.jobs.prompts import create_prompts
from portal.models import ContractEndPrompt
from tests.admin_helpers import mails
from tests.conftest import choose_english, login


def english(client, user):
    login(client, user)
    choose_english(client)


def test_admin_pages_in_english(client, world):
    english(client, world.admin)
    page = client.get("/beheer/").get_data(as_text=True)
    assert "<h1>Administration</h1>" in page and "Requests without a region" in page
    page = client.get("/beheer/gebruikers").get_data(as_text=True)
    assert "Invite user" in page and "Search by name or e-mail address" in page and "users found." in page
    page = client.get(f"/beheer/organisaties/{world.org_a.id}").get_data(as_text=True)
    assert "Workplaces" in page and "Add workplace" in page and "Werkplekken" not in page
    page = client.get("/beheer/e-mail").get_data(as_text=True)
    assert "Outgoing e-mail" in page


def test_one_event_mails_each_recipient_in_their_own_language(client, world):
    # The admin works in English; of the employer's two users one reads English, one Dutch.
    world.employer_a.language = "en"
    db.session.commit()
    english(client, world.admin)
    response = client.post(f"/beheer/arbeidsdeskundigen?van={world.ad1.id}", data={
        "employees": [world.emp_a1.employee_id], "ad": str(world.ad3.id), "backup": "keep", "reason": "workload"})
    assert response.status_code == 302
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "1 employee has another case worker. The employers get an e-mail." in page

    sent = {tuple(m.recipient_list): m for m in mails("caseworker_changed")}
    assert set(sent) == {(world.employer_a.email,), (world.employer_a2.email,)}
    dutch, english_mail = sent[(world.employer_a2.email,)], sent[(world.employer_a.email,)]
    assert dutch.subject == "Nieuwe contactpersoon bij UWV voor Daan de Jong"
    assert dutch.body_text.startswith("Goedendag,") and "Arbeidsdeskundige: " + world.ad3.name in dutch.body_text
    assert '<html lang="nl">' in dutch.body_html and "Bekijk het in Servicepunt Inclusief" in dutch.body_html
    assert english_mail.subject == "New UWV contact person for Daan de Jong"
    assert english_mail.body_text.startswith("Hello,") and "Case worker: " + world.ad3.name in english_mail.body_text
    assert "Daan de Jong has had a new contact person at UWV since " in english_mail.body_text
    assert '<html lang="en">' in english_mail.body_html and "View it in Servicepunt Inclusief" in english_mail.body_html
    assert "Goedendag" not in english_mail.body_text + english_mail.body_html


def test_a_job_without_a_request_writes_dutch_by_default(world):
    assert create_prompts(3) >= 1  # no request here, as in `flask jobs run`
    prompt = db.session.query(ContractEndPrompt).filter_by(employment_id=world.emp_a1.id).one()
    with force_locale("nl"):
        dutch_date = date_long(prompt.end_date)
    [mail] = [m for m in mails("prompt_employer") if "Daan de Jong" in m.subject]
    assert set(mail.recipient_list) == {world.employer_a.email, world.employer_a2.email}
    assert mail.subject == f"Het contract van Daan de Jong stopt op {dutch_date}: wordt het verlengd?"
    assert mail.body_text.startswith("Goedendag,") and '<html lang="nl">' in mail.body_html
    [ad_mail] = [m for m in mails("prompt_ad") if "Daan de Jong" in m.subject]
    assert ad_mail.subject == "Contract stopt binnen 3 maanden: Daan de Jong"


def test_a_job_mails_an_english_recipient_in_english_with_english_dates(world):
    world.employer_a.language = "en"
    db.session.commit()
    create_prompts(3)
    prompt = db.session.query(ContractEndPrompt).filter_by(employment_id=world.emp_a1.id).one()
    with force_locale("en"):
        english_date = date_long(prompt.end_date)
    with force_locale("nl"):
        dutch_date = date_long(prompt.end_date)
    sent = {tuple(m.recipient_list): m for m in mails("prompt_employer") if "Daan de Jong" in m.subject}
    assert sent[(world.employer_a.email,)].subject == (
        f"The contract of Daan de Jong ends on {english_date}: will it be extended?")
    assert english_date in sent[(world.employer_a.email,)].body_text
    assert sent[(world.employer_a2.email,)].subject == (
        f"Het contract van Daan de Jong stopt op {dutch_date}: wordt het verlengd?")
    assert english_date != dutch_date
