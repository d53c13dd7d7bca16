"""Which workflow events become webhook notifications (portal/webhooks/events.py), and that every
resource URL a notification carries is a documented GET route of the API."""
from __future__ import annotations

import re
from datetime import timedelta
from decimal import Decimal

from sqlalchemy import select

from portal.api.openapi import document
from portal.extensions import db
from portal.formatting import local_today
from portal.jobcoach import coach_service
from portal.models import User, WebhookDelivery, WebhookNotification
from portal.notices import notice_service as notices
from portal.unit_of_work import unit_of_work
from portal.webhooks import subscription_service
from portal.webhooks.events import RESOURCE_PATHS
from tests.conftest import login
from tests.factories import make_notice, region
from tests.notice_steps import walk_steps
from tests.question_helpers import ask
from tests.test_notice_form import form_data
from tests.webhook_helpers import ALL_READ, make_client


def notifications():
    return db.session.scalars(select(WebhookNotification).order_by(WebhookNotification.id)).all()


def subscribed_uwv():
    client = make_client("national", permissions=ALL_READ)
    with unit_of_work():
        subscription_service.create_subscription(client, "https://hooks.example.nl/uwv", ["notices"])
    return client


def test_a_job_finding_assignment_is_announced_on_the_notices_channel(world):
    subscribed_uwv()
    notice = make_notice(world.employer_a, world.emp_a1)
    start = local_today() + timedelta(days=7)
    with unit_of_work():
        notices.acknowledge(world.ad1, notice)
        notices.record_plan(world.ad1, notice, "jobcoach_job_finding", start, "")
    before = len(notifications())
    with unit_of_work():
        coach_service.assign_job_finding(world.ad1, notice, world.coach_a.id, Decimal("20"), start,
                                         start + timedelta(days=60), local_today())
    new = notifications()[before:]
    assert [(n.channel, n.action, n.resource_path) for n in new] == [
        ("notices", "job_finding_assign", f"/api/v1/meldingen/{notice.id}")]
    assert db.session.scalar(select(WebhookDelivery).where(WebhookDelivery.notification_id == new[0].id)) is not None


def test_an_ik_twijfel_question_and_a_concern_signal_announce_nothing(world):
    """Canaries: both stay between employer, job coach and AD, and carry personal worries."""
    subscribed_uwv()
    ask(world)
    with unit_of_work():
        coach_service.report_concern(world.coach_a, world.emp_a1, "not_going_well", "Hij is vaak moe.")
    assert notifications() == []
    assert db.session.scalars(select(WebhookDelivery)).all() == []


def test_every_resource_url_of_a_notification_is_a_documented_get_route(app):
    with app.test_request_context():
        paths = document()["paths"]
    routed = {rule.rule for rule in app.url_map.iter_rules() if "GET" in rule.methods}
    for resource, pattern in RESOURCE_PATHS.items():
        concrete = pattern.format(id=7)
        documented = [path for path in paths if "get" in paths[path]
                      and re.fullmatch(re.sub(r"\{[a-z_]+\}", r"[0-9]+", path), concrete)]
        assert len(documented) == 1, resource
        assert documented[0].replace("{", "<int:").replace("}", ">") in routed, resource
        # The route itself answers (401 without a token), not a 404 from the URL map.
        assert app.test_client().get(concrete).status_code == 401, resource


def _statements(app, action) -> list[str]:
    from sqlalchemy import event

    statements: list[str] = []

    def record(conn, cursor, statement, parameters, context, executemany):
        statements.append(" ".join(statement.split()))

    with app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", record)
    try:
        action()
    finally:
        event.remove(engine, "before_cursor_execute", record)
    return statements


def test_a_web_request_reads_the_subscriptions_once_for_both_events_of_a_filing(app, client, world):
    api_client = make_client("national", permissions=ALL_READ)
    with unit_of_work():
        subscription_service.create_subscription(api_client, "https://hooks.example.nl/uwv",
                                                 ["notices", "refill_requests"])
    login(client, world.employer_a)
    filing = walk_steps(client, world.emp_a1, form_data(), submit=False)
    assert filing.status_code == 200
    responses = []
    statements = _statements(app, lambda: responses.append(
        client.post(f"/contracten/{world.emp_a1.id}/einde-melden/controleren")))
    assert responses[0].status_code == 302 and "/meldingen/" in responses[0].headers["Location"]
    assert len([s for s in statements if "FROM webhook_subscriptions JOIN api_clients" in s]) == 1
    # The notice's employer and region come from the contract filing loaded, not a query of its own.
    assert not [s for s in statements if s.startswith("SELECT employees.organisation_id, municipalities.region_id")]
    assert sorted((n.channel, n.organisation_id, n.region_ids) for n in notifications()) == [
        ("notices", world.org_a.id, [region("AM18").id]), ("refill_requests", world.org_a.id, [region("AM18").id])]
    assert len(db.session.scalars(select(WebhookDelivery)).all()) == 2  # one per event, to the one subscription


def test_outside_a_request_each_event_reads_the_subscriptions_afresh(app, world):
    """Jobs and workers run for long: a subscription made between two events gets the second."""
    make_notice(world.employer_a, world.emp_a1)
    assert db.session.scalars(select(WebhookDelivery)).all() == []
    subscribed_uwv()
    notice = make_notice(world.employer_a, world.emp_a2)
    deliveries = db.session.scalars(select(WebhookDelivery)).all()
    assert [d.notification.resource_path for d in deliveries] == [f"/api/v1/meldingen/{notice.id}"]


def test_a_notice_event_in_a_fresh_session_looks_up_the_workplace(world):
    notice = make_notice(world.employer_b, world.emp_b1)  # Rotterdam: Rijnmond
    notice_id, ad_id, organisation_id, region_id = notice.id, world.ad3.id, world.org_b.id, region("AM22").id
    db.session.expunge_all()  # nothing of the contract in memory, as in a later request or job
    with unit_of_work():
        notices.acknowledge(db.session.get(User, ad_id), db.session.get(type(notice), notice_id))
    acknowledged = notifications()[-1]
    assert (acknowledged.action, acknowledged.organisation_id, acknowledged.region_ids) == (
        "acknowledge", organisation_id, [region_id])


def test_within_a_request_a_commit_makes_the_subscriptions_read_again(app):
    from portal.webhooks.events import _active_subscriptions

    with app.test_request_context("/"):
        assert _active_subscriptions() == []
        assert _active_subscriptions() == []  # kept: the same transaction
        client = make_client("national", permissions=ALL_READ)  # commits
        with unit_of_work():
            subscription_service.create_subscription(client, "https://hooks.example.nl/uwv", ["notices"])
        assert [s.callback_url for s in _active_subscriptions()] == ["https://hooks.example.nl/uwv"]
        db.session.rollback()
