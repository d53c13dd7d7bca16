"""Filing a notice through the stepped web form: validation per step, and one transaction on submit."""
from datetime import timedelta

from sqlalchemy import func, select

from portal.extensions import db
from portal.formatting import local_today
from portal.models import ContractEndNotice, NoticeDraft, RefillRequest, WorkflowEvent
from portal.notices import draft_service as drafts
from portal.notices import notice_steps as steps
from tests.conftest import login
from tests.factories import make_notice
from tests.notice_steps import walk_steps


def form_data(**changes):
    today = local_today()
    data = {
        "expected_end_date": (today + timedelta(days=50)).isoformat(),
        "reason_category": "temp_match",
        "reason_text": "Het werk past niet goed meer.",
        "initiative": "both",
        "notes_strengths": "Werkt heel nauwkeurig.",
        "notes_discussed": "y",
        "consent_given": "y",
        "consent_date": (today - timedelta(days=2)).isoformat(),
        "refill_wanted": "ja",
        "refill_job_title": "Orderpicker",
        "refill_hours": "24",
        "refill_tasks": "Orders verzamelen",
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def post_notice(client, employment, **changes):
    """Walk the steps with these answers: the filed notice's redirect, or the first step with errors."""
    return walk_steps(client, employment, form_data(**changes))


def count(model):
    return db.session.scalar(select(func.count()).select_from(model))


def test_filing_saves_notice_event_and_refill_request_routed_to_the_region(client, world):
    login(client, world.employer_a)
    response = post_notice(client, world.emp_a1)
    assert response.status_code == 302
    notice = db.session.scalar(select(ContractEndNotice))
    assert response.headers["Location"] == f"/meldingen/{notice.id}"
    assert notice.status == "submitted"
    assert notice.consent_given and notice.consent_recorded_by_id == world.employer_a.id
    events = db.session.scalars(select(WorkflowEvent).order_by(WorkflowEvent.id)).all()
    assert [(e.subject_type, e.action, e.actor_id) for e in events] == [
        ("notice", "submit", world.employer_a.id),
        ("refill", "open", world.employer_a.id),
    ]
    refill = notice.refill_request
    assert refill.region.code == "AM18"
    assert refill.status == "open"
    assert refill.job_title == "Orderpicker"

    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Uw melding is verstuurd" in page
    assert "Nog niet gelezen door de arbeidsdeskundige." in page


def test_refill_request_holds_no_personal_data_of_the_leaving_employee(world):
    notice = make_notice(world.employer_a, world.emp_a1)
    refill = notice.refill_request
    text_columns = [c.name for c in RefillRequest.__table__.columns if c.type.python_type is str]
    values = " ".join(str(getattr(refill, name)) for name in text_columns)
    assert world.emp_a1.employee.name not in values
    assert "nauwkeurig" not in values.lower()
    assert "employee" not in " ".join(RefillRequest.__table__.columns.keys())


def test_without_region_the_notice_is_saved_and_the_refill_request_flagged_for_an_admin(client, world):
    login(client, world.employer_b)
    response = post_notice(client, world.emp_b_nowhere)
    assert response.status_code == 302
    refill = db.session.scalar(select(RefillRequest))
    assert refill.region_id is None and refill.needs_routing
    client.post("/uitloggen")
    login(client, world.admin)
    page = client.get("/beheer/").get_data(as_text=True)
    assert "Verzoeken zonder regio" in page and "Orderpicker" in page


def test_no_refill_request_when_the_employer_does_not_want_one(client, world):
    login(client, world.employer_a)
    post_notice(client, world.emp_a1, refill_wanted="nee", refill_job_title=None)
    assert count(ContractEndNotice) == 1
    assert count(RefillRequest) == 0


def test_empty_steps_show_dutch_errors_and_save_nothing(client, world):
    login(client, world.employer_a)
    base = f"/contracten/{world.emp_a1.id}/einde-melden"
    response = client.post(f"{base}/einde", data={"reason_text": "Mijn getypte tekst", "expected_end_date-dag": ""})
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Er ging iets mis. Verbeter dit:" in page
    for message in ("Vul de datum in waarop het werk stopt.", "Kies een reden.", "Kies wie het initiatief nam."):
        assert message in page
    assert "Mijn getypte tekst" in page
    page = client.post(f"{base}/plek", data={}).get_data(as_text=True)
    assert "Kies of u de plek opnieuw wilt invullen." in page
    assert count(ContractEndNotice) == 0
    assert count(NoticeDraft) == 0  # a step with errors is not saved


def test_end_date_before_the_contract_start_is_refused(client, world):
    login(client, world.employer_a)
    before = (world.emp_a1.start_date - timedelta(days=1)).isoformat()
    page = post_notice(client, world.emp_a1, expected_end_date=before).get_data(as_text=True)
    assert "De einddatum kan niet voor de start van het contract liggen" in page
    assert "Het werk past niet goed meer." in page  # kept
    assert count(ContractEndNotice) == 0


def test_end_date_more_than_twelve_months_ahead_is_refused(client, world):
    login(client, world.employer_a)
    late = (local_today() + timedelta(days=380)).isoformat()
    page = post_notice(client, world.emp_a1, expected_end_date=late).get_data(as_text=True)
    assert "hoogstens 12 maanden vooruit" in page
    assert count(ContractEndNotice) == 0


def test_a_malformed_date_gets_a_dutch_message(client, world):
    login(client, world.employer_a)
    page = post_notice(client, world.emp_a1, expected_end_date="31-02-2026x").get_data(as_text=True)
    assert "Vul een geldige datum in" in page


def test_texts_longer_than_the_maximum_are_refused_and_kept(client, world):
    login(client, world.employer_a)
    page = post_notice(client, world.emp_a1, notes_strengths="a" * 4001).get_data(as_text=True)
    assert "Gebruik hoogstens 4000 tekens." in page
    assert count(ContractEndNotice) == 0


def test_consent_needs_a_discussion_and_then_a_date(client, world):
    login(client, world.employer_a)
    page = post_notice(client, world.emp_a1, notes_discussed=None).get_data(as_text=True)
    assert "Toestemming kan alleen als u de notities met de werknemer heeft besproken." in page
    page = post_notice(client, world.emp_a1, consent_date="").get_data(as_text=True)
    assert "Vul de datum in waarop de werknemer toestemming gaf." in page
    future = (local_today() + timedelta(days=1)).isoformat()
    page = post_notice(client, world.emp_a1, consent_date=future).get_data(as_text=True)
    assert "De datum van de toestemming kan niet in de toekomst liggen." in page
    assert count(ContractEndNotice) == 0


def test_refill_wanted_needs_the_job_details(client, world):
    login(client, world.employer_a)
    page = post_notice(client, world.emp_a1, refill_job_title="", refill_hours="").get_data(as_text=True)
    assert "Vul de functie in." in page and "Vul het aantal uren per week in." in page
    assert count(ContractEndNotice) == 0


def test_only_one_open_notice_per_employment(client, world):
    make_notice(world.employer_a, world.emp_a1)
    login(client, world.employer_a)
    page = post_notice(client, world.emp_a1).get_data(as_text=True)
    assert "Voor dit contract loopt al een melding." in page
    assert count(ContractEndNotice) == 1


def test_a_new_notice_is_possible_after_withdrawal(client, world):
    from portal.notices import notice_service as service

    notice = make_notice(world.employer_a, world.emp_a1)
    service.withdraw(world.employer_a, notice, "Toch verlengd")
    db.session.commit()
    login(client, world.employer_a)
    assert post_notice(client, world.emp_a1).status_code == 302
    assert count(ContractEndNotice) == 2


def test_form_is_prefilled_from_the_employment(client, world):
    login(client, world.employer_a)
    page = client.get(f"/contracten/{world.emp_a1.id}/einde-melden").get_data(as_text=True)
    end = world.emp_a1.end_date
    assert f'class="date-input date-input-jaar" value="{end.year}"' in page
    assert f'class="date-input date-input-dag" value="{end.day}"' in page
    page = client.get(f"/contracten/{world.emp_a1.id}/einde-melden/plek-gegevens").get_data(as_text=True)
    assert "Medewerker magazijn" not in page  # not asked before the employer wants the place refilled
    walk_steps(client, world.emp_a1, form_data(refill_job_title=None, refill_hours=None), submit=False)
    page = client.get(f"/contracten/{world.emp_a1.id}/einde-melden/plek-gegevens").get_data(as_text=True)
    assert 'value="Medewerker magazijn"' in page


def test_employee_page_links_to_the_open_notice_instead_of_a_new_one(client, world):
    notice = make_notice(world.employer_a, world.emp_a1)
    login(client, world.employer_a)
    page = client.get(f"/medewerkers/{world.emp_a1.employee_id}").get_data(as_text=True)
    assert f"/meldingen/{notice.id}" in page
    assert f"/contracten/{world.emp_a1.id}/einde-melden" not in page


def test_a_box_unticked_in_the_draft_can_be_ticked_later(client, world):
    """An unticked box is saved as "": shown again, it must still post its value when ticked."""
    login(client, world.employer_a)
    walk_steps(client, world.emp_a1, form_data(notes_discussed=None, consent_given=None), submit=False)
    page = client.get(f"/contracten/{world.emp_a1.id}/einde-melden/toestemming?terug=controleren").get_data(as_text=True)
    assert 'name="consent_given" type="checkbox" value="y"' in page
    assert 'name="terug" value="controleren"' in page
    response = client.post(f"/contracten/{world.emp_a1.id}/einde-melden/toestemming",
                           data={"terug": "controleren", "notes_discussed": "y", "consent_given": "y"})
    assert response.headers["Location"].endswith("/einde-melden/toestemming-datum?terug=controleren")  # newly asked
    response = client.post(f"/contracten/{world.emp_a1.id}/einde-melden/toestemming-datum",
                           data={"terug": "controleren", "consent_date": local_today().isoformat()})
    assert response.headers["Location"].endswith("/einde-melden/controleren")  # and back


def test_the_check_page_shows_only_what_applies_and_links_each_answer_to_its_step(client, world):
    login(client, world.employer_a)
    page = walk_steps(client, world.emp_a1, form_data(consent_given=None, refill_wanted="nee"),
                      submit=False).get_data(as_text=True)
    assert "Controleer uw melding" in page
    assert "Wanneer gaf de werknemer toestemming?" not in page and "Uren per week" not in page
    assert "Werkt heel nauwkeurig." in page and "Nee" in page
    base = f"/contracten/{world.emp_a1.id}/einde-melden"
    assert f'href="{base}/overdracht?terug=controleren#notes_strengths"' in page
    assert f'href="{base}/einde?terug=controleren#expected_end_date-dag"' in page
    # A step that does not apply sends the browser on to the right place.
    assert client.get(f"{base}/plek-gegevens").headers["Location"] == f"{base}/controleren"


def test_the_check_page_files_nothing_before_every_step_is_answered(client, world):
    login(client, world.employer_a)
    base = f"/contracten/{world.emp_a1.id}/einde-melden"
    client.post(f"{base}/overdracht", data={"later": "1", "notes_tasks": "half"})
    response = client.post(f"{base}/controleren")
    assert response.headers["Location"] == base
    assert client.get(base).headers["Location"] == f"{base}/einde"
    assert count(ContractEndNotice) == 0


def test_a_notice_filed_meanwhile_is_shown_on_the_check_page_with_a_link_to_its_step(client, world):
    login(client, world.employer_a)
    walk_steps(client, world.emp_a1, form_data(), submit=False)
    answers = drafts.draft_data(db.session.scalar(select(NoticeDraft)))
    make_notice(world.employer_a, world.emp_a1)  # filed meanwhile (through the API, say), and the draft
    drafts.save_draft(world.employer_a, world.emp_a1, answers, steps.draft_field_names())  # kept open here
    db.session.commit()
    response = client.post(f"/contracten/{world.emp_a1.id}/einde-melden/controleren")
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and "Fout: Controleer uw melding" in page
    assert (f'<a href="/contracten/{world.emp_a1.id}/einde-melden/einde?terug=controleren#expected_end_date-dag">'
            "Voor dit contract loopt al een melding. U kunt die melding bekijken.</a>") in page
    assert count(ContractEndNotice) == 1
