"""The admins' webhook page: subscriptions, their failures, and a retry (issue 20)."""
from sqlalchemy import select, update

from portal.extensions import db
from portal.models import WebhookDelivery
from portal.webhooks.delivery import deliver_due
from tests.conftest import choose_english, login
from tests.factories import make_notice
from tests.webhook_helpers import Receiver, make_client, subscribe


def failed_delivery(world):
    receiver = Receiver().start()
    try:
        subscription = subscribe(make_client("national", name="UWV Planning"), receiver, channels=["notices"])
        notice = make_notice(world.employer_a, world.emp_a1)
        receiver.statuses = [500]
        deliver_due()
    finally:
        receiver.stop()
    # 48 hours of retries later:
    db.session.execute(update(WebhookDelivery).values(status="failed"))
    db.session.commit()
    return subscription, notice


def test_admins_see_subscriptions_and_failures_and_retry_them(client, world):
    subscription, notice = failed_delivery(world)
    login(client, world.admin)
    page = client.get("/beheer/webhooks").get_data(as_text=True)
    assert "UWV Planning" in page and subscription.callback_url in page
    assert f"/api/v1/meldingen/{notice.id}" in page and "HTTP 500" in page
    assert f"/beheer/webhooks/{subscription.id}/opnieuw" in page
    assert subscription.secret not in page  # the signing secret is the client's alone

    response = client.post(f"/beheer/webhooks/{subscription.id}/opnieuw", follow_redirects=True)
    assert "1 berichten staan weer in de wachtrij." in response.get_data(as_text=True)
    assert db.session.scalars(select(WebhookDelivery.status)).all() == ["queued"]
    again = client.post(f"/beheer/webhooks/{subscription.id}/opnieuw", follow_redirects=True)
    assert "geen mislukte berichten" in again.get_data(as_text=True)
    assert client.post("/beheer/webhooks/99999/opnieuw").status_code == 404
    assert client.post("/beheer/webhooks/99999999999999999999999/opnieuw").status_code == 404
    assert client.get(f"/beheer/webhooks/{subscription.id}/opnieuw").status_code == 405


def test_only_admins_may_retry(client, world):
    subscription, _ = failed_delivery(world)
    for user in (world.employer_a, world.ad1, world.wsp_amsterdam):
        login(client, user)
        assert client.post(f"/beheer/webhooks/{subscription.id}/opnieuw").status_code == 403
        client.post("/uitloggen")
    assert db.session.scalars(select(WebhookDelivery.status)).all() == ["failed"]


def test_the_page_in_english(client, world):
    failed_delivery(world)
    login(client, world.admin)
    choose_english(client, "/beheer/webhooks")
    page = client.get("/beheer/webhooks").get_data(as_text=True)
    assert "Messages to connected systems" in page and "Resend" in page and "Latest failed messages" in page
