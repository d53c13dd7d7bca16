"""Onboarding employers: KvK, PSO certificate rules, activation, banner, workplaces, regions."""
from datetime import date, timedelta

import pytest
from sqlalchemy import select

from portal.admin import organisation_service as service
from portal.auth.permissions import Forbidden, may_file_notices
from portal.extensions import db
from portal.formatting import local_today
from portal.models import Location, Organisation, Region, user_regions, utcnow
from portal.workflows import InputRejected, TransitionRefused
from tests.admin_helpers import audit_events, forget_certificate_verifiers  # noqa: F401  (fixtures)
from tests.conftest import login
from tests.factories import make_notice

TODAY = date(2026, 11, 23)


def certificate(days_left: int, **changes) -> service.CertificateInput:
    values = dict(level="trede_2", certifying_body="Stichting PSO", valid_from=TODAY - timedelta(days=300),
                  valid_until=TODAY + timedelta(days=days_left), pso_30_plus=True, number="PSO-2026-0001")
    values.update(changes)
    return service.CertificateInput(**values)


def new_organisation(admin, name="Bakkerij Het Volle Leven", kvk="8765 4321"):
    return service.save_organisation(admin, None, name, kvk)


@pytest.mark.parametrize("text,expected", [("12345678", "12345678"), ("1234 5678", "12345678"), ("12.34.56.78", "12345678"),
                                           ("1234567", None), ("123456789", None), ("abcdefgh", None)])
def test_kvk_numbers_have_eight_digits(text, expected):
    assert service.normalise_kvk(text) == expected


@pytest.mark.parametrize("text,expected", [("1234 AB", "1234 AB"), ("1234ab", "1234 AB"), (" 1234  ab ", "1234 AB"),
                                           ("0123 AB", None), ("1234 SS", None), ("1234 A", None), ("12345 AB", None)])
def test_postcodes_are_dutch(text, expected):
    assert service.normalise_postcode(text) == expected


def test_a_new_organisation_starts_inactive_and_kvk_is_unique(world):
    organisation = new_organisation(world.admin)
    assert organisation.kvk_number == "87654321" and not organisation.is_active
    with pytest.raises(InputRejected) as refused:
        new_organisation(world.admin, "Een ander", "87654321")
    assert "hoort al bij Bakkerij Het Volle Leven" in refused.value.errors["kvk_number"]
    with pytest.raises(InputRejected):
        new_organisation(world.admin, "Een ander", "1234")


def test_certificate_states():
    organisation = Organisation(name="X", kvk_number="11112222", is_active=True)
    assert organisation.certificate_status(TODAY) == "missing"
    organisation.pso_level, organisation.pso_valid_until = "trede_1", TODAY + timedelta(days=61)
    assert organisation.certificate_status(TODAY) == "missing"  # not verified by an admin
    organisation.pso_verified_at = utcnow()
    assert organisation.certificate_status(TODAY) == "valid"
    organisation.pso_valid_until = TODAY + timedelta(days=60)
    assert organisation.certificate_status(TODAY) == "expiring" and organisation.certificate_banner(TODAY) == "expiring"
    organisation.pso_valid_until = TODAY
    assert organisation.certificate_status(TODAY) == "expiring" and organisation.may_file_notices(TODAY)
    organisation.pso_valid_until = TODAY - timedelta(days=1)
    assert organisation.certificate_status(TODAY) == "expired" and not organisation.may_file_notices(TODAY)
    assert organisation.certificate_banner(TODAY) == "expired"
    organisation.pso_valid_from, organisation.pso_valid_until = TODAY + timedelta(days=1), TODAY + timedelta(days=400)
    assert organisation.certificate_status(TODAY) == "not_yet_valid" and not organisation.may_file_notices(TODAY)


def test_activation_needs_a_valid_verified_certificate(world):
    organisation = new_organisation(world.admin)
    with pytest.raises(TransitionRefused):
        service.activate(world.admin, organisation, TODAY)
    with pytest.raises(InputRejected) as refused:
        service.record_certificate(world.admin, organisation, certificate(-1), TODAY)
    assert "verlopen" in refused.value.errors["valid_until"]
    with pytest.raises(InputRejected) as refused:
        service.record_certificate(world.admin, organisation, certificate(10, valid_from=TODAY + timedelta(days=20)), TODAY)
    assert "voor de begindatum" in refused.value.errors["valid_until"]
    service.record_certificate(world.admin, organisation, certificate(365), TODAY)
    assert organisation.pso_verified_by_id == world.admin.id and organisation.pso_verified_at is not None
    assert organisation.pso_30_plus and organisation.pso_level == "trede_2"
    service.activate(world.admin, organisation, TODAY)
    assert organisation.is_active
    with pytest.raises(TransitionRefused):
        service.activate(world.admin, organisation, TODAY)


def test_a_certificate_valid_only_later_does_not_activate(world):
    organisation = new_organisation(world.admin)
    service.record_certificate(world.admin, organisation, certificate(400, valid_from=TODAY + timedelta(days=5)), TODAY)
    with pytest.raises(TransitionRefused):
        service.activate(world.admin, organisation, TODAY)


def expire(organisation, days_ago=1):
    organisation.pso_valid_until = local_today() - timedelta(days=days_ago)
    db.session.commit()


def test_after_expiry_users_read_but_cannot_file_notices(client, world):
    expire(world.org_a)
    login(client, world.employer_a)
    page = client.get("/medewerkers").get_data(as_text=True)
    assert "is verlopen" in page and "geen nieuwe meldingen doen" in page
    assert client.get(f"/medewerkers/{world.emp_a1.employee_id}").status_code == 200
    response = client.get(f"/contracten/{world.emp_a1.id}/einde-melden")
    assert response.status_code == 403 and "U kunt nu geen melding doen" in response.get_data(as_text=True)
    for step in ("einde", "overdracht", "controleren"):
        assert client.post(f"/contracten/{world.emp_a1.id}/einde-melden/{step}", data={}).status_code == 403
    with pytest.raises(Forbidden):  # the service refuses too, whoever calls it
        make_notice(world.employer_a, world.emp_a1)
    # Another organisation is not affected.
    assert may_file_notices(world.employer_b)


def test_a_renewed_verified_certificate_lifts_the_block(client, world):
    expire(world.org_a, days_ago=10)
    today = local_today()
    service.record_certificate(
        world.admin, world.org_a,
        certificate(0, valid_from=today - timedelta(days=9), valid_until=today + timedelta(days=3 * 365)), today,
    )
    db.session.commit()
    assert may_file_notices(world.employer_a)
    login(client, world.employer_a)
    assert "PSO-certificaat" not in client.get("/medewerkers").get_data(as_text=True)
    assert client.get(f"/contracten/{world.emp_a1.id}/einde-melden").status_code == 200


def test_banner_and_admin_task_sixty_days_before_expiry(client, world):
    world.org_a.pso_valid_until = local_today() + timedelta(days=60)
    world.org_b.pso_valid_until = local_today() + timedelta(days=61)
    db.session.commit()
    login(client, world.employer_a)
    page = client.get("/medewerkers").get_data(as_text=True)
    assert "verloopt op" in page and "certificate-banner" in page
    assert client.get(f"/contracten/{world.emp_a1.id}/einde-melden").status_code == 200  # still allowed
    client.post("/uitloggen")
    login(client, world.employer_b)
    assert "certificate-banner" not in client.get("/medewerkers").get_data(as_text=True)
    client.post("/uitloggen")
    login(client, world.admin)
    dashboard = client.get("/beheer/").get_data(as_text=True)
    assert "Uw taken" in dashboard and world.org_a.name in dashboard and world.org_b.name not in dashboard
    listing = client.get("/beheer/organisaties?certificate=expiring").get_data(as_text=True)
    assert world.org_a.name in listing and world.org_b.name not in listing


def test_an_inactive_organisation_cannot_file_notices(client, world):
    world.org_a.is_active = False
    db.session.commit()
    login(client, world.employer_a)
    assert "nog niet actief" in client.get("/medewerkers").get_data(as_text=True)
    assert client.get(f"/contracten/{world.emp_a1.id}/einde-melden").status_code == 403


def test_onboarding_through_the_pages(client, world, audit_events):
    login(client, world.admin)
    response = client.post("/beheer/organisaties/nieuw", data={"name": "Kringloop Oost", "kvk_number": "55556666"})
    organisation = db.session.scalar(select(Organisation).where(Organisation.kvk_number == "55556666"))
    assert response.headers["Location"] == f"/beheer/organisaties/{organisation.id}"
    page = client.get(f"/beheer/organisaties/{organisation.id}").get_data(as_text=True)
    assert "Nog niet actief" in page and "Organisatie activeren" not in page
    url = f"/beheer/organisaties/{organisation.id}/certificaat"
    form = {"level": "trede_1", "pso_30_plus": "nee", "certifying_body": "Stichting PSO",
            "valid_from": (local_today() - timedelta(days=5)).isoformat(),
            "valid_until": (local_today() + timedelta(days=700)).isoformat()}
    refused = client.post(url, data=form).get_data(as_text=True)
    assert "Controleer het certificaat voordat u het opslaat." in refused
    assert client.post(url, data={**form, "confirmed": "y"}).status_code == 302
    assert "Organisatie activeren" in client.get(f"/beheer/organisaties/{organisation.id}").get_data(as_text=True)
    client.post(f"/beheer/organisaties/{organisation.id}/activeren")
    db.session.expire_all()
    assert db.session.get(Organisation, organisation.id).is_active
    assert [e.action for e in audit_events()] == ["organisation_saved", "certificate_verified", "organisation_activated"]


def test_workplace_postcode_and_municipality_give_the_region(client, world):
    login(client, world.admin)
    from tests.factories import municipality

    utrecht = municipality("Utrecht")
    url = f"/beheer/organisaties/{world.org_a.id}/werkplekken/nieuw"
    page = client.post(url, data={"name": "Kantoor", "postcode": "12345", "municipality": ""}).get_data(as_text=True)
    assert "Vul een postcode in zoals 1234 AB" in page and "Kies de gemeente." in page
    client.post(url, data={"name": "Kantoor", "postcode": "3511ab", "municipality": str(utrecht.id)})
    location = db.session.scalar(select(Location).where(Location.name == "Kantoor"))
    assert location.postcode == "3511 AB" and location.region.name == utrecht.region.name
    again = client.post(url, data={"name": "kantoor", "postcode": "3511 AB", "municipality": str(utrecht.id)})
    assert "al een werkplek met deze naam" in again.get_data(as_text=True)


def test_region_contact_and_coordinators(client, world):
    region = db.session.scalar(select(Region).where(Region.code == "AM18"))
    login(client, world.admin)
    url = f"/beheer/regios/{region.id}"
    page = client.get(url).get_data(as_text=True)
    assert world.wsp_amsterdam.name in page and world.wsp_rijnmond.name not in page
    assert "geldig e-mailadres" in client.post(url, data={"wsp_email": "geen-adres"}).get_data(as_text=True)
    with pytest.raises(InputRejected) as refused:  # the page only offers the region's advisers
        from portal.admin.region_service import save_region

        save_region(world.admin, region, "", "", "", {world.wsp_rijnmond.id})
    assert "Alleen adviseurs van deze regio" in refused.value.errors["coordinators"]
    client.post(url, data={"wsp_name": "WSP Groot Amsterdam", "wsp_email": "WSP@amsterdam.example",
                           "wsp_phone": "020 123 4567", "coordinators": [world.wsp_amsterdam2.id]})
    db.session.expire_all()
    region = db.session.get(Region, region.id)
    assert (region.wsp_name, region.wsp_email) == ("WSP Groot Amsterdam", "wsp@amsterdam.example")
    flags = dict(db.session.execute(
        select(user_regions.c.user_id, user_regions.c.is_coordinator).where(user_regions.c.region_id == region.id)
    ).all())
    assert flags == {world.wsp_amsterdam.id: False, world.wsp_amsterdam2.id: True}

