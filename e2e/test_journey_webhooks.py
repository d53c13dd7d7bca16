"""The round trip of issue 20: UWV's system subscribes to notices through the API; an employer
files a notice in the browser; a webhook worker delivers it to a real local receiver within a
minute; the receiver checks the signature, reads the notice through the API and acknowledges it
on behalf of the AD; the employer's screen then shows "Gelezen"."""
from __future__ import annotations

import time
from base64 import b64encode

import pytest
from playwright.sync_api import Page, expect

from e2e.a11y import check_page
from e2e.helpers import file_notice_in_steps
from e2e.test_e2e_employer_notice import open_notice_form
from tests.webhook_helpers import Receiver


@pytest.fixture
def receiver():
    server = Receiver().start()
    yield server
    server.stop()


def registered_uwv_client(app) -> tuple[str, str]:
    """UWV's national system, registered as an admin does (notices: read and change)."""
    from portal.api import client_service
    from portal.unit_of_work import unit_of_work

    with app.app_context(), unit_of_work():
        client, secret = client_service.register(None, client_service.ClientInput(
            name="UWV Planning (webhooks)", scope_kind="national", permissions={"notices": "write"}))
        return client.client_key, secret


def deliver_until_arrived(app, receiver: Receiver, seconds: float = 60) -> float:
    """What `flask webhooks deliver` does, in this process, until the receiver has its request."""
    from portal.webhooks.delivery import deliver_due

    started = time.monotonic()
    while not receiver.arrived.is_set() and time.monotonic() - started < seconds:
        with app.app_context():
            deliver_due()
        receiver.arrived.wait(0.5)
    return time.monotonic() - started


def ad_of(app, notice_id: int) -> tuple[str, str]:
    from portal.extensions import db
    from portal.models import ContractEndNotice

    with app.app_context():
        ad = db.session.get(ContractEndNotice, notice_id).employment.employee.current_assignment.ad
        return ad.email, ad.name


def test_a_notice_filed_in_the_browser_reaches_a_subscriber_who_reads_and_acknowledges_it(
        employer: Page, app, today, base_url, receiver, monkeypatch):
    page = employer
    monkeypatch.setitem(app.config, "PUBLIC_BASE_URL", base_url)  # resource URLs point at this test server
    key, secret = registered_uwv_client(app)
    api = page.context.request
    token = api.post("/api/v1/oauth/token", form={"grant_type": "client_credentials"},
                     headers={"Authorization": "Basic " + b64encode(f"{key}:{secret}".encode()).decode()}).json()
    auth = {"Authorization": f"Bearer {token['access_token']}"}
    subscribed = api.post("/api/v1/abonnementen", headers=auth,
                          data={"callbackUrl": receiver.url, "kanalen": ["notices"]})
    assert subscribed.status == 201, subscribed.text()
    receiver.secret = subscribed.json()["geheim"]
    try:
        name = open_notice_form(page, app, today)
        file_notice_in_steps(page, today)
        expect(page.get_by_role("heading", level=1)).to_have_text(f"Melding: {name}")
        expect(page.get_by_text("Nieuw, nog niet gelezen", exact=True)).to_be_visible()

        assert deliver_until_arrived(app, receiver) < 60
        arrived = receiver.requests[0]
        assert arrived.signature_ok
        assert arrived.json["kanaal"] == "meldingen" and arrived.json["actie"] == "submit"
        assert name not in arrived.body.decode()  # data-poor: a link, no name

        notice = api.get(arrived.json["resourceUrl"], headers=auth)
        assert notice.status == 200 and notice.json()["status"] == "submitted"
        ad_email, ad_name = ad_of(app, notice.json()["id"])
        read = api.post(f"/api/v1/meldingen/{notice.json()['id']}/gelezen", headers=auth,
                        data={"arbeidsdeskundige": ad_email})
        assert read.status == 200 and read.json()["status"] == "acknowledged", read.text()

        page.reload()
        expect(page.get_by_text(f"Gelezen door {ad_name} op")).to_be_visible()
        expect(page.get_by_text("Nieuw, nog niet gelezen", exact=True)).to_have_count(0)
        check_page(page, "webhook-notice-read")
    finally:
        # Later tests file notices too; nobody delivers them.
        api.delete(subscribed.json()["_links"]["self"]["href"], headers=auth)
