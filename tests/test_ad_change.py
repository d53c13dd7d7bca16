"""A change of AD, complete: a reason chosen by the admin; the new AD, the old AD and the
employer's users mailed with the date and the reason; the history on the employee page. And the
admin's settings for escalation: an AD's team lead, a region's UWV mailbox."""
import pytest
from sqlalchemy import select, update

from portal.admin import user_service
from portal.extensions import db
from portal.models import Region
from portal.workflows import InputRejected
from tests.admin_helpers import audit_events, mails  # noqa: F401  (fixtures)
from tests.conftest import login


@pytest.fixture(autouse=True)
def no_region_mailboxes():
    yield
    db.session.rollback()
    db.session.execute(update(Region).values(uwv_email=""))
    db.session.commit()


def move_daan(client, world, **data):
    login(client, world.admin)
    return client.post(f"/beheer/arbeidsdeskundigen?van={world.ad1.id}", data={
        "employees": [world.emp_a1.employee_id], "ad": str(world.ad3.id), "backup": "keep", **data})


def test_new_ad_old_ad_and_employer_are_mailed_with_date_and_reason(client, world):
    assert move_daan(client, world, reason="employer_request").status_code == 302
    [employer_mail] = mails("caseworker_changed")
    [uwv_mail] = mails("caseworker_changed_uwv")
    assert set(employer_mail.recipient_list) == {world.employer_a.email, world.employer_a2.email}
    # The new AD, the backup kept (ad2) and the AD before (ad1); each side without the other's addresses.
    assert set(uwv_mail.recipient_list) == {world.ad3.email, world.ad2.email, world.ad1.email}
    for mail in (employer_mail, uwv_mail):
        assert "Reden: Verzoek van de werkgever" in mail.body_text
        assert f"Was: {world.ad1.name}" in mail.body_text
        assert "heeft sinds " in mail.body_text and " een nieuwe contactpersoon bij UWV." in mail.body_text


def test_the_reason_is_required_and_other_needs_words(client, world):
    shown = move_daan(client, world).get_data(as_text=True)
    assert "Kies waarom de medewerkers een andere arbeidsdeskundige krijgen." in shown
    assert 'class="error-summary"' in shown and 'href="#reason-0"' in shown
    shown = move_daan(client, world, reason="other", note="   ").get_data(as_text=True)
    assert "Schrijf kort op waarom, bij de reden Anders." in shown
    assert mails("caseworker_changed") == []  # nothing half-saved
    assert move_daan(client, world, reason="nonsense").status_code == 200
    assert move_daan(client, world, reason="other", note="Nieuwe wijkindeling").status_code == 302
    assert "Reden: Nieuwe wijkindeling" in mails("caseworker_changed")[0].body_text


def test_employer_sees_the_history_with_date_from_to_and_reason(client, world):
    move_daan(client, world, reason="departure")
    client.post("/uitloggen")
    login(client, world.employer_a)
    page = client.get(f"/medewerkers/{world.emp_a1.employee_id}").get_data(as_text=True)
    history = page[page.index("Wisselingen van arbeidsdeskundige"):page.index("Contracten")]
    assert world.ad1.name in history and world.ad3.name in history
    assert "Vertrek van de arbeidsdeskundige" in history
    assert history.index(world.ad1.name) < history.index(world.ad3.name)  # from, then to
    # The admin's history page shows the reason too.
    client.post("/uitloggen")
    login(client, world.admin)
    admin_page = client.get(f"/beheer/medewerkers/{world.emp_a1.employee_id}/contactpersonen").get_data(as_text=True)
    assert "Vertrek van de arbeidsdeskundige" in admin_page


def test_no_change_yet_says_so_and_other_employers_get_404(client, world):
    login(client, world.employer_a)
    page = client.get(f"/medewerkers/{world.emp_a1.employee_id}").get_data(as_text=True)
    assert "Deze medewerker heeft nog geen andere arbeidsdeskundige gehad." in page
    client.post("/uitloggen")
    login(client, world.employer_b)
    assert client.get(f"/medewerkers/{world.emp_a1.employee_id}").status_code == 404


# --- team lead ---------------------------------------------------------------------------

def test_admin_sets_and_clears_an_ads_team_lead(client, world, audit_events):
    login(client, world.admin)
    page = client.get(f"/beheer/gebruikers/{world.ad1.id}").get_data(as_text=True)
    assert "Teamleider" in page
    assert client.post(f"/beheer/gebruikers/{world.ad1.id}/teamleider", data={"team_lead": str(world.ad3.id)}).status_code == 302
    db.session.expire_all()
    assert world.ad1.team_lead_id == world.ad3.id
    assert [e.action for e in audit_events()] == ["team_lead_set"]
    client.post(f"/beheer/gebruikers/{world.ad1.id}/teamleider", data={"team_lead": ""})
    db.session.expire_all()
    assert world.ad1.team_lead_id is None


@pytest.mark.parametrize("choice,message", [
    ("self", "Iemand kan niet zijn eigen teamleider zijn. Kies een ander."),
    ("employer", "Kies een teamleider uit de lijst."),
    ("99999", "Kies een teamleider uit de lijst."),
    ("x'); drop", "Kies een teamleider uit de lijst."),
])
def test_a_wrong_team_lead_is_refused(client, world, choice, message):
    value = {"self": str(world.ad1.id), "employer": str(world.employer_a.id)}.get(choice, choice)
    login(client, world.admin)
    response = client.post(f"/beheer/gebruikers/{world.ad1.id}/teamleider", data={"team_lead": value})
    assert response.status_code == 400
    shown = response.get_data(as_text=True)
    assert message in shown and 'class="error-summary"' in shown
    db.session.expire_all()
    assert world.ad1.team_lead_id is None


def test_only_ads_have_a_team_lead(client, world):
    login(client, world.admin)
    assert "Teamleider opslaan" not in client.get(f"/beheer/gebruikers/{world.employer_a.id}").get_data(as_text=True)
    response = client.post(f"/beheer/gebruikers/{world.employer_a.id}/teamleider", data={"team_lead": str(world.ad1.id)})
    assert "Alleen een arbeidsdeskundige heeft een teamleider." in response.get_data(as_text=True)
    with pytest.raises(InputRejected):
        user_service.set_team_lead(world.admin, world.ad1, world.ad1)


@pytest.mark.parametrize("role", ["ad1", "employer_a", "wsp_amsterdam"])
def test_only_admins_set_team_leads_and_region_mailboxes(client, world, role):
    region = db.session.scalar(select(Region).where(Region.code == "AM18"))
    login(client, getattr(world, role))
    assert client.post(f"/beheer/gebruikers/{world.ad1.id}/teamleider", data={"team_lead": str(world.ad3.id)}).status_code == 403
    assert client.post(f"/beheer/regios/{region.id}", data={"uwv_email": "x@uwv.test"}).status_code == 403
    db.session.expire_all()
    assert world.ad1.team_lead_id is None and region.uwv_email == ""


def test_team_lead_of_an_unknown_user_is_not_found(client, world):
    login(client, world.admin)
    assert client.post("/beheer/gebruikers/987654/teamleider", data={"team_lead": ""}).status_code == 404


# --- the region's UWV mailbox -----------------------------------------------------------

def test_admin_sets_the_regions_uwv_mailbox(client, world):
    region = db.session.scalar(select(Region).where(Region.code == "AM18"))
    login(client, world.admin)
    url = f"/beheer/regios/{region.id}"
    assert "UWV-mailbox van de regio" in client.get(url).get_data(as_text=True)
    shown = client.post(url, data={"uwv_email": "geen-adres"}).get_data(as_text=True)
    assert "geldig e-mailadres" in shown and 'value="geen-adres"' in shown
    db.session.expire_all()
    assert db.session.get(Region, region.id).uwv_email == ""
    assert client.post(url, data={"uwv_email": "UWV@GrootAmsterdam.test"}).status_code == 302
    db.session.expire_all()
    assert db.session.get(Region, region.id).uwv_email == "uwv@grootamsterdam.test"
