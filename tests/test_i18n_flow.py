"""The notice and refill flow, the employer pages, Insights and the PDFs in English.

The English texts come from the merged catalog (portal/translations/en); the Dutch ones stay the default.
"""
import io
from datetime import timedelta

from pypdf import PdfReader
from sqlalchemy import select

from portal.extensions import db
from portal.formatting import local_today
from portal.models import OUTCOMES, WorkflowEvent
from tests.conftest import choose_english, login
from tests.factories import make_notice


def in_english(client, user):
    login(client, user)
    choose_english(client)


def pdf_text(response) -> str:
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(response.data)).pages).replace("\n", " ")


def test_the_employer_sees_the_employee_list_and_a_notice_in_english(client, world):
    notice = make_notice(world.employer_a, world.emp_a1)
    in_english(client, world.employer_a)
    page = client.get("/medewerkers").get_data(as_text=True)
    assert "Your employees with a Wajong benefit" in page and "Search by name or personnel number" in page
    assert "employees found." in page and "Uw medewerkers met een Wajong-uitkering" not in page
    page = client.get(f"/meldingen/{notice.id}").get_data(as_text=True)
    assert "Handover from the employer" in page and "Who has viewed this notice?" in page
    assert "Overdracht van de werkgever" not in page


def test_the_notice_form_explains_itself_in_english(client, world):
    in_english(client, world.employer_a)
    page = client.get(f"/contracten/{world.emp_a1.id}/einde-melden").get_data(as_text=True)
    assert "Report end of contract" in page and "When does the work end?" in page and "Save and continue later" in page
    page = client.post(f"/contracten/{world.emp_a1.id}/einde-melden/einde", data={}).get_data(as_text=True)
    assert "Fill in the date on which the work ends." in page and "Choose a reason." in page


def test_a_step_done_in_english_flashes_english_but_stores_dutch_event_notes(client, world):
    # The work has ended: only then may a notice close without a new job (issue 15).
    notice = make_notice(world.employer_a, world.emp_a1, expected_end_date=local_today() - timedelta(days=1))
    in_english(client, world.ad1)
    client.post(f"/meldingen/{notice.id}/gelezen")
    client.post(f"/meldingen/{notice.id}/plan", data={"plan_service": "none", "plan_reason": "Werkt verder."})
    response = client.post(f"/meldingen/{notice.id}/afsluiten", data={"outcome": "extended"}, follow_redirects=True)
    assert "The notice has been closed." in response.get_data(as_text=True)
    note = db.session.scalar(
        select(WorkflowEvent.note).where(WorkflowEvent.subject_id == notice.id, WorkflowEvent.action == "close")
    )
    assert note == str(OUTCOMES["extended"])  # the Dutch label, whatever the actor's language


def test_refill_pages_and_pdfs_in_english(client, world):
    notice = make_notice(world.employer_a, world.emp_a1)
    in_english(client, world.wsp_amsterdam)
    page = client.get(f"/herbezetting/{notice.refill_request.id}").get_data(as_text=True)
    assert "Fill the job again: Medewerker magazijn" in page and "I will pick up this request" in page
    assert "Refill requests" in client.get("/wsp/verzoeken").get_data(as_text=True)
    text = pdf_text(client.get(f"/herbezetting/{notice.refill_request.id}/herbezettingsverzoek.pdf"))
    assert "Refill request" in text and "Hours per week" in text and "Created on" in text


def test_notice_pdfs_follow_the_users_language(client, world):
    notice = make_notice(world.employer_a, world.emp_a1)
    in_english(client, world.employer_a)
    text = pdf_text(client.get(f"/meldingen/{notice.id}/overdrachtsdocument.pdf"))
    assert "Handover document" in text and "What the employer says about the employee" in text
    text = pdf_text(client.get(f"/meldingen/{notice.id}/wat-gebeurt-er-nu.pdf"))
    assert "What happens now?" in text and "Where can you get help?" in text and "Waar krijgt u hulp?" not in text


def test_insights_and_its_csv_in_english(client, world):
    make_notice(world.employer_a, world.emp_a1)
    in_english(client, world.employer_a)
    page = client.get("/inzicht").get_data(as_text=True)
    assert "Insights: your organisation" in page and "Key figures" in page and "Why does the work end?" in page
    csv = client.get("/inzicht/kerncijfers.csv").get_data(as_text=True)
    assert "Key figure;" in csv and "Previous period;Unit" in csv and "Time until read (median)" in csv
