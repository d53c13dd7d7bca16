"""Routing a request without a region fixes the cause: the workplace gets its municipality."""
from sqlalchemy import select

from portal.extensions import db
from portal.models import Location, OutboxEmail, RefillRequest
from tests.conftest import login
from tests.factories import make_employment, make_notice, municipality, region


def mails(kind):
    return db.session.scalars(select(OutboxEmail).where(OutboxEmail.kind == kind)).all()


def waiting_request(world):
    return make_notice(world.employer_b, world.emp_b_nowhere).refill_request


def test_the_employer_hears_the_request_waits(client, world):
    refill = waiting_request(world)
    [mail] = mails("refill_await_route")
    assert mail.recipient_list == [world.employer_b.email]
    assert "wacht even" in mail.body_text and "Functioneel beheer" in mail.body_text
    login(client, world.employer_b)
    page = client.get(f"/herbezetting/{refill.id}").get_data(as_text=True)
    assert "Dit verzoek wacht op doorsturen." in page
    assert "Gemeente kiezen en doorsturen" not in page  # the employer cannot route


def test_the_admin_sets_the_municipality_and_the_request_goes_to_its_region(client, world):
    refill = waiting_request(world)
    other = make_notice(world.employer_b, make_employment(world.org_b, world.loc_nowhere, world.ad3)).refill_request
    login(client, world.admin)
    page = client.get(f"/beheer/herbezetting/{refill.id}/regio").get_data(as_text=True)
    assert "Gemeente van de werkplek" in page and "Er wacht nog 1 ander verzoek van deze werkplek" in page
    amsterdam = municipality("Amsterdam")
    response = client.post(f"/beheer/herbezetting/{refill.id}/regio", data={"municipality": str(amsterdam.id)})
    assert response.status_code == 302
    page = client.get(response.location).get_data(as_text=True)
    assert "2 verzoeken zijn doorgestuurd naar het WSP van Groot Amsterdam." in page
    db.session.expire_all()
    assert db.session.get(Location, world.loc_nowhere.id).municipality_id == amsterdam.id
    for routed in (refill, other):
        assert db.session.get(RefillRequest, routed.id).region_id == region("AM18").id
    [to_employer, _] = mails("refill_route")
    assert to_employer.recipient_list == [world.employer_b.email]
    assert "doorgestuurd naar het Werkgeversservicepunt van de regio Groot Amsterdam" in to_employer.body_text
    assert any(world.wsp_amsterdam.email in m.recipient_list for m in mails("refill_opened"))
    client.post("/uitloggen")

    login(client, world.employer_b)
    page = client.get(f"/herbezetting/{refill.id}").get_data(as_text=True)
    assert "naar het Werkgeversservicepunt van de regio Groot Amsterdam" in page
    assert "Dit verzoek wacht op doorsturen." not in page
    client.post("/uitloggen")
    login(client, world.wsp_amsterdam)
    assert client.get(f"/herbezetting/{refill.id}").status_code == 200

    # The next request of this workplace finds its region by itself.
    later = make_notice(world.employer_b, make_employment(world.org_b, world.loc_nowhere, world.ad3)).refill_request
    assert later.region_id == region("AM18").id
    assert len(mails("refill_await_route")) == 2  # only the first two waited


def test_a_missing_or_unknown_municipality_is_refused_and_nothing_changes(client, world):
    refill = waiting_request(world)
    login(client, world.admin)
    url = f"/beheer/herbezetting/{refill.id}/regio"
    page = client.post(url, data={"municipality": ""}).get_data(as_text=True)
    assert "Kies de gemeente van de werkplek." in page and 'class="error-summary"' in page
    for wrong in ("999999", "Amsterdam", "1" * 40):
        response = client.post(url, data={"municipality": wrong})
        assert response.status_code == 200
        assert "Kies de gemeente van de werkplek uit de lijst." in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Location, world.loc_nowhere.id).municipality_id is None
    assert db.session.get(RefillRequest, refill.id).region_id is None
    assert mails("refill_route") == []


def test_only_admins_route_and_only_requests_that_wait(client, world):
    refill = waiting_request(world)
    url = f"/beheer/herbezetting/{refill.id}/regio"
    for user in (world.employer_b, world.ad3, world.wsp_amsterdam):
        login(client, user)
        assert client.get(url).status_code == 403
        assert client.post(url, data={"municipality": str(municipality("Amsterdam").id)}).status_code == 403
        client.post("/uitloggen")
    login(client, world.admin)
    assert client.get("/beheer/herbezetting/99999999/regio").status_code == 404
    routed = make_notice(world.employer_a, world.emp_a1).refill_request  # Amsterdam: has a region
    response = client.get(f"/beheer/herbezetting/{routed.id}/regio")
    assert response.status_code == 302 and response.location.endswith(f"/herbezetting/{routed.id}")
    assert client.post(url, data={"municipality": str(municipality("Rotterdam").id)}).status_code == 302
    db.session.expire_all()
    assert db.session.get(RefillRequest, refill.id).region_id == region("AM22").id
