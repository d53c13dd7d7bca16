"""E-mail through the outbox, delivered to a real SMTP server (aiosmtpd) on a free port."""
import threading
from datetime import timedelta

import pytest
from flask import current_app
from sqlalchemy import select, update

from portal.caseload.caseload_service import assign_caseworkers
from portal.extensions import db
from portal.formatting import local_today
from portal.models import OutboxEmail, utcnow
from portal.notices import notice_service as notices
from portal.notices import outcome_service as outcomes
from portal.notifications.delivery import deliver_due
from portal.vacancies import refill_service as vacancies
from tests.conftest import login
from tests.factories import make_notice, new_job
from tests.smtp import SilentServer, SmtpServer, free_port


def point_mail_at(port, timeout=5):
    current_app.extensions["mail"].port = port
    current_app.config["MAIL_TIMEOUT_SECONDS"] = timeout


@pytest.fixture
def smtp():
    server = SmtpServer().start()
    point_mail_at(server.port)
    yield server
    server.stop()


def deliver_all():
    total = 0
    while (result := deliver_due()).sent:
        total += result.sent
    return total


def make_due():
    db.session.execute(update(OutboxEmail).values(next_attempt_at=utcnow() - timedelta(seconds=1)))
    db.session.commit()


def body(message, kind="plain"):
    return message.get_body((kind,)).get_content()


def test_new_notice_mails_the_ad_and_backup_and_the_wsp_without_personal_data(smtp, world):
    world.loc_a.municipality.region.wsp_email = "wsp@grootamsterdam.test"
    db.session.commit()
    notice = make_notice(world.employer_a, world.emp_a1)
    deliver_all()
    for ad in (world.ad1, world.ad2):
        [mail] = smtp.to(ad.email)
        assert "Daan de Jong" in mail["Subject"]
        assert f"/meldingen/{notice.id}" in body(mail) and f"/meldingen/{notice.id}" in body(mail, "html")
        assert "Zeer nauwkeurig" not in body(mail) and "Zeer nauwkeurig" not in body(mail, "html")
    for address in ("wsp@grootamsterdam.test", world.wsp_amsterdam.email, world.wsp_amsterdam2.email):
        [mail] = smtp.to(address)
        assert "Medewerker magazijn" in mail["Subject"]
        assert "Daan de Jong" not in mail.as_string() and "Zeer nauwkeurig" not in mail.as_string()
        assert f"/herbezetting/{notice.refill_request.id}" in body(mail)
    assert smtp.to(world.wsp_rijnmond.email) == []


def test_each_step_mails_the_next_person(smtp, world):
    notice = make_notice(world.employer_a, world.emp_a1)
    refill = notice.refill_request
    deliver_all()
    smtp.messages.clear()
    notices.acknowledge(world.ad1, notice)
    notices.record_plan(world.ad1, notice, "naar_werk", local_today() + timedelta(days=3), "")
    outcomes.close(world.ad1, notice, new_job(notice), local_today())
    vacancies.claim(world.wsp_amsterdam, refill)
    vacancies.propose_candidates(world.wsp_amsterdam, refill, "Twee kandidaten")
    vacancies.close(world.wsp_amsterdam, refill, True, local_today(), "")
    deliver_all()
    subjects = [m["Subject"] for m in smtp.to(world.employer_a.email)]
    assert len(subjects) == 6
    assert any("gelezen" in s for s in subjects) and any("plan" in s for s in subjects)
    assert any("afgerond" in s for s in subjects) and any("behandelt uw verzoek" in s for s in subjects)
    assert any("kandidaten" in s for s in subjects) and any("opnieuw ingevuld" in s for s in subjects)
    read = next(m for m in smtp.to(world.employer_a.email) if "gelezen" in m["Subject"])
    assert "Sanne de Vries heeft uw melding over Daan de Jong gelezen." in body(read)


def test_withdrawal_mails_the_ads_and_the_wsp(smtp, world):
    notice = make_notice(world.employer_a, world.emp_a1)
    deliver_all()
    smtp.messages.clear()
    notices.withdraw(world.employer_a, notice, "Toch verlengd")
    deliver_all()
    assert len(smtp.to(world.ad1.email)) == 1 and len(smtp.to(world.ad2.email)) == 1
    [cancelled] = smtp.to(world.wsp_amsterdam.email)
    assert "vervalt" in cancelled["Subject"] and "Daan de Jong" not in cancelled.as_string()


def test_a_change_of_ad_mails_the_employers_users(smtp, world):
    assign_caseworkers(world.admin, world.emp_a1.employee, world.ad3, world.ad1)
    deliver_all()
    for user in (world.employer_a, world.employer_a2):
        [mail] = smtp.to(user.email)
        assert "Esra Mulder" in body(mail) and world.ad3.phone in body(mail)
    assert smtp.to(world.employer_b.email) == []
    assert world.emp_a1.employee.current_assignment.ad_id == world.ad3.id


def test_smtp_down_the_submit_succeeds_and_mail_arrives_later(client, world):
    port = free_port()
    point_mail_at(port)  # nothing listens here yet
    login(client, world.employer_a)
    make_notice(world.employer_a, world.emp_a1)
    result = deliver_due()
    assert result.sent == 0 and result.retrying > 0
    email = db.session.scalars(select(OutboxEmail)).first()
    assert email.status == "queued" and email.next_attempt_at > utcnow() and email.last_error

    server = SmtpServer(port).start()
    try:
        make_due()
        deliver_all()
        assert len(server.to(world.ad1.email)) == 1
        assert deliver_due().sent == 0  # nothing is sent twice
    finally:
        server.stop()


def test_a_server_that_never_answers_times_out_and_retries(world):
    silent = SilentServer()
    point_mail_at(silent.port, timeout=1)
    try:
        make_notice(world.employer_a, world.emp_a1)
        result = deliver_due()
    finally:
        silent.stop()
    assert result.retrying > 0 and result.sent == 0
    email = db.session.scalars(select(OutboxEmail)).first()
    assert email.status == "queued" and "time-out" in email.last_error


def test_a_permanent_refusal_fails_without_retry(smtp, world):
    smtp.handler.reply = "550 No such user here"
    make_notice(world.employer_a, world.emp_a1)
    result = deliver_due()
    assert result.failed > 0 and result.sent == 0
    email = db.session.scalars(select(OutboxEmail)).first()
    assert email.status == "failed" and email.attempts == 1 and "550" in email.last_error
    make_due()
    assert deliver_due().failed == 0  # not tried again


def test_temporary_failures_stop_after_the_maximum_age(world):
    point_mail_at(free_port())
    make_notice(world.employer_a, world.emp_a1)
    db.session.execute(update(OutboxEmail).values(created_at=utcnow() - timedelta(hours=49)))
    db.session.commit()
    assert deliver_due().failed > 0
    assert {e.status for e in db.session.scalars(select(OutboxEmail))} == {"failed"}


def test_admin_sees_failed_mail_and_retries_it(client, smtp, world):
    smtp.handler.reply = "550 No such user here"
    make_notice(world.employer_a, world.emp_a1)
    deliver_due()
    failed = db.session.scalars(select(OutboxEmail).where(OutboxEmail.status == "failed")).first()
    login(client, world.admin)
    page = client.get("/beheer/e-mail").get_data(as_text=True)
    assert failed.subject in page and "550" in page
    assert client.post(f"/beheer/e-mail/{failed.id}/opnieuw").status_code == 302
    smtp.handler.reply = None
    deliver_all()
    db.session.expire_all()
    assert db.session.get(OutboxEmail, failed.id).status == "sent"


def test_two_workers_deliver_every_message_exactly_once(smtp, world, data_app):
    for _ in range(3):
        notice = make_notice(world.employer_a, world.emp_a1)
        notices.withdraw(world.employer_a, notice, "Toch verlengd")
        db.session.commit()
    expected = {e.message_id for e in db.session.scalars(select(OutboxEmail))}
    assert len(expected) >= 12

    def worker():
        with data_app.app_context():
            current_app.extensions["mail"].port = smtp.port
            while deliver_due(limit=2).sent:
                pass

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    received = [m["Message-ID"] for _, m in smtp.messages]
    assert sorted(received) == sorted(expected)


def test_line_breaks_in_names_cannot_inject_headers(smtp, world):
    world.employer_a.name = "Mallory\r\nBcc: evil@attacker.example"
    world.emp_a1.employee.name = "Daan\r\nX-Injected: yes"
    db.session.commit()
    make_notice(world.employer_a, world.emp_a1)
    deliver_all()
    assert smtp.messages
    for recipients, message in smtp.messages:
        assert "evil@attacker.example" not in recipients
        assert message["X-Injected"] is None and message["Bcc"] is None
        assert "\n" not in message["Subject"]


def test_message_ids_are_stable_across_retries(world):
    point_mail_at(free_port())
    make_notice(world.employer_a, world.emp_a1)
    before = {e.id: e.message_id for e in db.session.scalars(select(OutboxEmail))}
    deliver_due()
    server = SmtpServer().start()
    point_mail_at(server.port)
    try:
        make_due()
        deliver_all()
        db.session.expire_all()
        assert {e.id: e.message_id for e in db.session.scalars(select(OutboxEmail))} == before
        assert sorted(m["Message-ID"] for _, m in server.messages) == sorted(before.values())
    finally:
        server.stop()
