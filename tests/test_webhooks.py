"""Webhooks (issue 20): notifications in the event's transaction, subscriptions within the client's
scope, signed delivery to a real local HTTP receiver, retries over the portal clock."""
import socket
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from flask import current_app
from sqlalchemy import select, update

from portal.admin.reassign_service import reassign
from portal.extensions import db
from portal.models import Employee, WebhookDelivery, WebhookNotification, utcnow
from portal.notices import notice_service as notices
from portal.unit_of_work import unit_of_work
from portal.webhooks import subscription_service
from portal.webhooks.delivery import deliver_due
from portal.workflows import InputRejected
from tests.factories import make_notice, region
from tests.webhook_helpers import Receiver, make_client, subscribe


@pytest.fixture
def receiver():
    server = Receiver().start()
    yield server
    server.stop()


def notifications():
    return db.session.scalars(select(WebhookNotification).order_by(WebhookNotification.id)).all()


def deliveries():
    db.session.expire_all()
    return db.session.scalars(select(WebhookDelivery).order_by(WebhookDelivery.id)).all()


# --- notifications and fan-out -------------------------------------------------------------

def test_a_workflow_step_writes_its_notification_and_deliveries_in_the_same_transaction(world, receiver):
    uwv = make_client("national")
    subscribe(uwv, receiver, channels=["notices"])
    notice = make_notice(world.employer_a, world.emp_a1)
    rows = notifications()
    assert [(n.channel, n.action, n.resource_path) for n in rows] == [
        ("notices", "submit", f"/api/v1/meldingen/{notice.id}"),
        ("refill_requests", "open", f"/api/v1/herbezettingsverzoeken/{notice.refill_request.id}"),
    ]
    assert [d.notification.channel for d in deliveries()] == ["notices"]  # not subscribed to refill requests

    notices.acknowledge(world.ad1, notice)
    db.session.rollback()  # the step is undone: so are its notification and delivery
    assert len(notifications()) == 2 and len(deliveries()) == 1
    notices.acknowledge(world.ad1, notice)
    db.session.commit()
    assert [n.action for n in notifications()][-1] == "acknowledge"
    assert len(deliveries()) == 2


def test_clients_hear_only_about_their_own_scope_and_filters(world, receiver):
    employer_a = make_client("organisation", organisation=world.org_a, permissions={"notices": "read"})
    wsp_rijnmond = make_client("regions", regions=[region("AM22")], permissions={"refill_requests": "read"})
    uwv_amsterdam = make_client("national")
    for client, channels in ((employer_a, ["notices"]), (wsp_rijnmond, ["refill_requests"])):
        subscribe(client, receiver, channels=channels)
    subscribe(uwv_amsterdam, receiver, channels=["notices", "refill_requests"], region_codes=["AM18"])
    make_notice(world.employer_a, world.emp_a1)  # Amsterdam (AM18)
    make_notice(world.employer_b, world.emp_b1)  # Rotterdam (AM22)
    got = {(d.subscription.client.name, d.subscription.client_id, d.notification.channel, tuple(d.notification.region_ids))
           for d in deliveries()}
    am18, am22 = region("AM18").id, region("AM22").id
    assert {(c, ch, r) for _, c, ch, r in got} == {
        (employer_a.id, "notices", (am18,)),
        (wsp_rijnmond.id, "refill_requests", (am22,)),
        (uwv_amsterdam.id, "notices", (am18,)),
        (uwv_amsterdam.id, "refill_requests", (am18,)),
    }


def test_a_deactivated_client_or_a_withdrawn_permission_gets_nothing(world, receiver):
    client = make_client("national")
    subscribe(client, receiver, channels=["notices"])
    client.permissions = {"refill_requests": "read"}
    db.session.commit()
    make_notice(world.employer_a, world.emp_a1)
    assert deliveries() == []


# --- subscriptions: validated and scope-checked ----------------------------------------------

@pytest.mark.parametrize("url,allowed", [
    ("http://127.0.0.1:9000/hook", True),  # this machine, allowed in tests and development
    ("https://crm.example.nl/hooks", True),
    ("http://crm.example.nl/hooks", False),
    ("ftp://crm.example.nl/hooks", False),
    ("https://user:pw@crm.example.nl/", False),
    ("https://crm.example.nl:99999/", False),
    ("https://10.1.2.3/hooks", False),
    ("https://169.254.169.254/latest", False),
    ("", False),
])
def test_callback_urls(world, url, allowed):
    client = make_client("national")
    if allowed:
        subscription_service.create_subscription(client, url, ["notices"])
    else:
        with pytest.raises(InputRejected) as refused:
            subscription_service.create_subscription(client, url, ["notices"])
        assert "callback_url" in refused.value.errors


def test_production_refuses_plain_http_even_to_this_machine(world, monkeypatch):
    monkeypatch.setitem(current_app.config, "WEBHOOK_ALLOW_HTTP_LOCALHOST", False)
    client = make_client("national")
    for url in ("http://127.0.0.1:9000/hook", "https://localhost/hook", "https://[::1]/hook"):
        with pytest.raises(InputRejected, match="callback_url"):
            subscription_service.create_subscription(client, url, ["notices"])


def test_subscriptions_stay_within_the_clients_scope(world):
    employer_a = make_client("organisation", organisation=world.org_a, permissions={"notices": "read"})
    wsp = make_client("regions", regions=[region("AM18")], permissions={"refill_requests": "read"})
    url = "https://crm.example.nl/hooks"
    cases = [
        (employer_a, dict(channels=["refill_requests"]), "channels"),  # no permission for it
        (employer_a, dict(channels=["notices"], organisation_kvk=world.org_b.kvk_number), "organisation"),
        (employer_a, dict(channels=["notices"], organisation_kvk="00000000"), "organisation"),
        (employer_a, dict(channels=[]), "channels"),
        (wsp, dict(channels=["refill_requests"], region_codes=["AM22"]), "regions"),
        (wsp, dict(channels=["refill_requests"], region_codes=["XX99"]), "regions"),
        (wsp, dict(channels=["refill_requests"], organisation_kvk=world.org_b.kvk_number), "organisation"),
    ]
    for client, values, field in cases:
        with pytest.raises(InputRejected) as refused:
            subscription_service.create_subscription(client, url, **values)
        assert field in refused.value.errors, (client.name, values)
    own, secret = subscription_service.create_subscription(employer_a, url, ["notices"], organisation_kvk=world.org_a.kvk_number)
    assert secret.startswith("whsec_") and own.organisation_id == world.org_a.id
    mine, _ = subscription_service.create_subscription(wsp, url, ["refill_requests"], region_codes=["am18"])
    assert [r.code for r in mine.regions] == ["AM18"]


def test_a_client_lists_and_deletes_only_its_own_subscriptions(world, receiver):
    first, second = make_client("national"), make_client("national")
    subscription = subscribe(first, receiver)
    make_notice(world.employer_a, world.emp_a1)
    assert subscription_service.subscriptions_of(second) == []
    assert subscription_service.delete_subscription(second, subscription.id) is False
    with unit_of_work():
        assert subscription_service.delete_subscription(first, subscription.id) is True
    assert subscription_service.subscriptions_of(first) == []
    assert [d.status for d in deliveries()] == ["cancelled"]  # the waiting delivery lapses
    make_notice(world.employer_a, world.emp_a2)
    assert len(deliveries()) == 1


# --- delivery --------------------------------------------------------------------------------

def test_delivery_is_signed_and_data_poor(world, receiver):
    subscription = subscribe(make_client("national"), receiver, channels=["notices"])
    notice = make_notice(world.employer_a, world.emp_a1)
    result = deliver_due()
    assert result.delivered == 1
    [request] = receiver.requests
    assert request.signature_ok
    assert request.headers["idempotency-key"] == request.headers["webhook-id"] == deliveries()[0].idempotency_key
    base = current_app.config["PUBLIC_BASE_URL"]
    body = request.json
    assert body["kanaal"] == "meldingen" and body["actie"] == "submit" and body["resource"] == "melding"
    assert body["resourceUrl"] == f"{base}/api/v1/meldingen/{notice.id}"
    assert body["kenmerken"] == {"werkgeverKvk": world.org_a.kvk_number, "regios": ["AM18"]}
    [delivery] = deliveries()
    assert delivery.status == "delivered" and delivery.last_status_code == 200 and delivery.attempts == 1
    # A receiver with another secret refuses it (401): the signature really is checked.
    receiver.secret = subscription.secret.replace(subscription.secret[6:10], "AAAA")
    notices.acknowledge(world.ad1, notice)
    db.session.commit()
    assert deliver_due().retrying == 1 and not receiver.requests[-1].signature_ok
    assert deliveries()[-1].last_error == "HTTP 401"


def at(moment: datetime):
    return time_machine.travel(moment, tick=True)


def test_failures_retry_with_backoff_then_fail_after_48_hours_and_an_admin_retries(world, receiver):
    start = datetime(2026, 12, 1, 9, tzinfo=UTC)
    with at(start):
        subscribe(make_client("national"), receiver, channels=["notices"])
        make_notice(world.employer_a, world.emp_a1)
        receiver.statuses = [500, 503]
        assert deliver_due().retrying == 1
        [delivery] = deliveries()
        assert delivery.status == "queued" and delivery.last_error == "HTTP 500"
        first_wait = delivery.next_attempt_at - start
        assert timedelta(seconds=25) < first_wait < timedelta(seconds=40)
        assert deliver_due().busy is False  # not due yet
    with at(start + timedelta(minutes=1)):
        assert deliver_due().retrying == 1
        second_wait = deliveries()[0].next_attempt_at - (start + timedelta(minutes=1))
        assert second_wait > first_wait  # exponential backoff
    with at(start + timedelta(minutes=3)):
        assert deliver_due().delivered == 1
    assert [r.headers["webhook-id"] for r in receiver.requests].count(deliveries()[0].idempotency_key) == 3
    assert receiver.handled[deliveries()[0].idempotency_key] == 1

    # A receiver that stays down: retried until 48 hours after the event, then failed.
    with at(start + timedelta(hours=1)):
        make_notice(world.employer_a, world.emp_a2)
        receiver.statuses = [500] * 100
        moment = start + timedelta(hours=1)
        while moment < start + timedelta(hours=50):
            with at(moment):
                deliver_due()
            moment += timedelta(minutes=30)
    failed = deliveries()[-1]
    assert failed.status == "failed" and failed.last_error == "HTTP 500"
    assert 20 < failed.attempts < 60  # at most an hour apart (WEBHOOK_RETRY_MAX_SECONDS), for 48 hours
    receiver.statuses = []
    assert subscription_service.retry_failed(failed.subscription) == 1
    db.session.commit()
    assert deliver_due().delivered == 1


def test_notifications_carry_no_personal_data(world, receiver):
    canary = "Kanarie Zwaluwstaart"
    employee = db.session.get(Employee, world.emp_a1.employee_id)
    employee.name = canary
    db.session.commit()
    subscribe(make_client("national"), receiver, channels=["notices", "refill_requests", "assignments", "pool"])
    notice = make_notice(world.employer_a, world.emp_a1, handover_notes={"notes_strengths": f"{canary} is precies"},
                         reason_text=f"{canary} stopt")
    notices.acknowledge(world.ad1, notice)
    db.session.commit()
    while deliver_due().busy:
        pass
    assert len(receiver.requests) == 3
    secrets = [canary, employee.personnel_number, world.ad1.name, world.ad1.email, world.employer_a.email]
    stored = [repr(row.__dict__) for row in notifications()]
    for text in [r.body.decode() for r in receiver.requests] + stored:
        for secret in secrets:
            assert secret not in text


def test_an_admins_reassignment_notifies_the_assignments_channel(world, receiver):
    employer_b = make_client("organisation", organisation=world.org_b, permissions={"assignments": "read"})
    uwv = make_client("national", permissions={"assignments": "read"})
    for client in (employer_b, uwv):
        subscribe(client, receiver, channels=["assignments"])
    employee_a = db.session.get(Employee, world.emp_a1.employee_id)
    with unit_of_work():
        reassign(world.admin, [employee_a], world.ad3, None, reason="workload")
    [notification] = notifications()
    assert (notification.channel, notification.action, notification.resource_path) == (
        "assignments", "update", f"/api/v1/toewijzingen/{employee_a.id}")
    assert [d.subscription.client_id for d in deliveries()] == [uwv.id]  # not the other employer's system


def test_a_receiver_that_is_down_or_redirects_is_retried_not_followed(world, receiver):
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        closed_port = probe.getsockname()[1]
    subscription = subscribe(make_client("national"), receiver, channels=["notices"])
    subscription.callback_url = f"http://127.0.0.1:{closed_port}/hooks"
    db.session.commit()
    make_notice(world.employer_a, world.emp_a1)
    assert deliver_due().retrying == 1
    assert "ConnectError" in deliveries()[0].last_error
    subscription.callback_url = receiver.url
    db.session.commit()
    receiver.statuses = [302]
    db.session.execute(update(WebhookDelivery).values(next_attempt_at=utcnow()))
    db.session.commit()
    assert deliver_due().retrying == 1 and deliveries()[0].last_error == "HTTP 302"
    assert len(receiver.requests) == 1  # the redirect was not followed


def test_in_production_an_address_that_leads_inside_is_not_posted_to(world, receiver, monkeypatch):
    subscribe(make_client("national"), receiver, channels=["notices"])  # made while allowed (as if DNS changed later)
    make_notice(world.employer_a, world.emp_a1)
    monkeypatch.setitem(current_app.config, "WEBHOOK_ALLOW_HTTP_LOCALHOST", False)
    assert deliver_due().retrying == 1
    assert receiver.requests == [] and "intern netwerk" in deliveries()[0].last_error
