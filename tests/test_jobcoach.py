"""The job coach as a user (issue 16.2): invitations, the coached scope, concern signals into the AD's
inbox, the coach's notes under the consent rule, and the job-finding assignment."""
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from portal.extensions import db
from portal.formatting import local_today
from portal.models import AuditEvent, ConcernSignal, JobCoachLink, JobFindingAssignment, OutboxEmail, User, WorkflowEvent
from tests.conftest import login
from tests.factories import PASSWORD, link_coach, make_notice, make_user


def mails(kind):
    return db.session.scalars(select(OutboxEmail).where(OutboxEmail.kind == kind).order_by(OutboxEmail.id)).all()


def as_user(client, user):
    client.post("/uitloggen")
    login(client, user)
    return client


@pytest.fixture
def org_admin(world):
    world.employer_a.is_organisation_admin = True
    db.session.commit()
    return world.employer_a


def send_signal(client, world, text="Hij komt vaak te laat en is moe."):
    as_user(client, world.coach_a)
    return client.post(f"/jobcoach/dienstverbanden/{world.emp_a1.id}/signaal",
                       data={"kind": "not_going_well", "text": text})


# --- invitations --------------------------------------------------------------------------

def test_organisation_admin_invites_an_external_coach_who_gets_an_invitation(client, world, org_admin):
    as_user(client, org_admin)
    response = client.post(f"/dienstverbanden/{world.emp_a2.id}/jobcoach", data={
        "name": "Iris Begeleider", "email": "iris@jobcoach.example", "kind": "external",
        "organisation_name": "Werkfit Coaching"})
    assert response.status_code == 302
    coach = db.session.scalar(select(User).where(User.email == "iris@jobcoach.example"))
    assert coach.role == "jobcoach" and not coach.has_password
    link = db.session.scalar(select(JobCoachLink).where(JobCoachLink.coach_id == coach.id))
    assert (link.employment_id, link.kind, link.organisation_name) == (world.emp_a2.id, "external", "Werkfit Coaching")
    assert [m.recipients for m in mails("invitation")] == ["iris@jobcoach.example"]
    page = client.get(f"/medewerkers/{world.emp_a2.employee_id}").get_data(as_text=True)
    assert "Iris Begeleider" in page and "Werkfit Coaching" in page


def test_an_existing_coach_is_linked_to_a_second_employment_without_a_new_account(client, world, org_admin):
    as_user(client, org_admin)
    response = client.post(f"/dienstverbanden/{world.emp_a2.id}/jobcoach", data={
        "name": "Jasper", "email": world.coach_a.email, "kind": "internal"})
    assert response.status_code == 302
    assert mails("job_coach_linked") and not mails("invitation")
    as_user(client, world.coach_a)
    page = client.get("/jobcoach").get_data(as_text=True)
    assert "Daan de Jong" in page and "Lieke Bakker" in page


def test_invitation_errors_are_dutch_and_keep_the_input(client, world, org_admin):
    as_user(client, org_admin)
    url = f"/dienstverbanden/{world.emp_a1.id}/jobcoach"
    page = client.post(url, data={"name": "Iris", "email": "iris@jobcoach.example", "kind": "external"})
    text = page.get_data(as_text=True)
    assert page.status_code == 200 and "Vul de naam van het jobcoachbedrijf in." in text
    assert 'value="iris@jobcoach.example"' in text
    taken = client.post(url, data={"name": "X", "email": world.ad1.email, "kind": "internal"}).get_data(as_text=True)
    assert "hoort bij een andere gebruiker" in taken
    again = client.post(url, data={"name": "X", "email": world.coach_a.email, "kind": "internal"}).get_data(as_text=True)
    assert "begeleidt deze medewerker al" in again
    assert db.session.scalar(select(User).where(User.email == "iris@jobcoach.example")) is None


def test_who_may_invite(client, world, org_admin):
    as_user(client, world.employer_a2)  # not the organisation administrator
    assert client.get(f"/dienstverbanden/{world.emp_a1.id}/jobcoach").status_code == 403
    as_user(client, org_admin)
    assert client.get(f"/dienstverbanden/{world.emp_b1.id}/jobcoach").status_code == 404
    as_user(client, world.admin)  # from the employee's AD history in the admin pages
    history = client.get(f"/beheer/medewerkers/{world.emp_b1.employee_id}/contactpersonen").get_data(as_text=True)
    assert f"/dienstverbanden/{world.emp_b1.id}/jobcoach" in history
    assert client.get(f"/dienstverbanden/{world.emp_b1.id}/jobcoach").status_code == 200


# --- what the coach sees ------------------------------------------------------------------

def test_coach_logs_in_with_password_and_app_code(client, world):
    response = client.post("/inloggen", data={"email": world.coach_a.email, "password": PASSWORD})
    assert response.headers["Location"] == "/inloggen/code"
    assert client.get("/jobcoach").status_code == 302  # not in before the code
    assert login(client, world.coach_a).headers["Location"] == "/jobcoach"  # the coach's own home


def test_coach_sees_the_employee_the_ad_contacts_and_the_notice_status_but_not_the_notes(client, world):
    make_notice(world.employer_a, world.emp_a1)
    make_notice(world.employer_b, world.emp_b1)
    as_user(client, world.coach_a)
    before = db.session.scalar(select(func.coalesce(func.max(AuditEvent.id), 0)))  # the log outlives a test
    index = client.get("/jobcoach").get_data(as_text=True)
    assert "Daan de Jong" in index and "Yara Kaya" not in index and "Lieke Bakker" not in index
    page = client.get(f"/jobcoach/dienstverbanden/{world.emp_a1.id}").get_data(as_text=True)
    assert world.ad1.name in page and world.ad1.phone in page and world.ad2.name in page
    assert "Nieuw, nog niet gelezen" in page
    assert "Zeer nauwkeurig" not in page  # the employer's handover notes stay the employer's
    logged = db.session.scalars(select(AuditEvent).where(
        AuditEvent.actor_id == world.coach_a.id, AuditEvent.id > before)).all()
    assert [(e.action, e.subject_employee_id) for e in logged] == [("view_employee", world.emp_a1.employee_id)]
    assert client.get("/meldingen").status_code == 403
    assert client.get("/inbox").status_code == 403


def test_a_coach_no_longer_linked_loses_access(client, world):
    as_user(client, world.coach_a)
    db.session.execute(JobCoachLink.__table__.delete())
    db.session.commit()
    assert client.get(f"/jobcoach/dienstverbanden/{world.emp_a1.id}").status_code == 404


# --- the concern signal -------------------------------------------------------------------

def test_signal_lands_in_the_ad_inbox_with_a_deadline_and_the_employer_sees_it(client, world):
    assert send_signal(client, world).status_code == 302
    signal = db.session.scalar(select(ConcernSignal))
    assert signal.status == "open" and signal.response_due > local_today()
    mail = mails("concern_reported")[0]
    assert world.ad1.email in mail.recipients and world.ad2.email in mail.recipients
    assert "moe" not in mail.body_text  # a link, never the text
    as_user(client, world.ad1)
    inbox = client.get("/inbox").get_data(as_text=True)
    assert "Zorgen-signalen van jobcoaches" in inbox and f"/signalen/{signal.id}" in inbox
    as_user(client, world.employer_a)
    page = client.get(f"/medewerkers/{world.emp_a1.employee_id}").get_data(as_text=True)
    assert f"/signalen/{signal.id}" in page
    assert "moe" in client.get(f"/signalen/{signal.id}").get_data(as_text=True)


def test_ad_handles_the_signal_and_the_coach_hears_it(client, world):
    send_signal(client, world)
    signal = db.session.scalar(select(ConcernSignal))
    as_user(client, world.ad1)
    empty = client.post(f"/signalen/{signal.id}", data={"response": "  "})
    assert empty.status_code == 200 and "Schrijf uw reactie." in empty.get_data(as_text=True)
    assert client.post(f"/signalen/{signal.id}", data={"response": "Ik bel de werkgever morgen."}).status_code == 302
    db.session.refresh(signal)
    assert signal.status == "handled" and signal.handled_by_id == world.ad1.id
    assert mails("concern_handled")[0].recipients == world.coach_a.email
    as_user(client, world.ad1)
    assert f"/signalen/{signal.id}" not in client.get("/inbox").get_data(as_text=True)
    as_user(client, world.coach_a)
    assert "Ik bel de werkgever morgen." in client.get(f"/signalen/{signal.id}").get_data(as_text=True)


def test_signals_are_not_found_by_others(client, world):
    send_signal(client, world)
    signal = db.session.scalar(select(ConcernSignal))
    other_coach = make_user("jobcoach", "Ander Coach")
    link_coach(other_coach, world.emp_a1)
    for user in (world.ad3, world.employer_b, other_coach):
        as_user(client, user)
        assert client.get(f"/signalen/{signal.id}").status_code == 404, user
        assert client.post(f"/signalen/{signal.id}", data={"response": "x"}).status_code == 404
    as_user(client, world.wsp_amsterdam)
    assert client.get(f"/signalen/{signal.id}").status_code == 403
    as_user(client, world.coach_a)
    assert client.post(f"/jobcoach/dienstverbanden/{world.emp_a2.id}/signaal",
                       data={"kind": "not_going_well", "text": "x"}).status_code == 404
    assert client.post(f"/signalen/{signal.id}", data={"response": "ik ben het zelf"}).status_code == 200
    db.session.refresh(signal)
    assert signal.status == "open"  # the coach cannot answer their own signal


def test_hostile_input_gets_clear_errors_not_500(client, world):
    as_user(client, world.coach_a)
    url = f"/jobcoach/dienstverbanden/{world.emp_a1.id}/signaal"
    odd = client.post(url, data={"kind": "<script>", "text": "Gaat niet goed"}).get_data(as_text=True)
    assert "Kies waar u zich zorgen over maakt." in odd and "Gaat niet goed" in odd
    long = client.post(url, data={"kind": "may_not_renew", "text": "x" * 3000}).get_data(as_text=True)
    assert "Gebruik hoogstens 2000 tekens." in long
    assert client.get("/jobcoach/dienstverbanden/99999999999999999999999").status_code == 404
    assert client.get("/signalen/99999999999999999999999").status_code == 404
    assert client.post("/jobcoach/jobfinding/99999999999999999999999/accepteren").status_code == 404
    assert db.session.scalar(select(ConcernSignal)) is None


# --- the coach's notes --------------------------------------------------------------------

@pytest.mark.parametrize("consent", [True, False])
def test_coach_notes_reach_the_ad_only_with_consent(client, world, consent):
    notice = make_notice(world.employer_a, world.emp_a1, consent=consent)
    as_user(client, world.coach_a)
    assert client.post(f"/jobcoach/meldingen/{notice.id}/notitie", data={"text": ""}).status_code == 200
    assert client.post(f"/jobcoach/meldingen/{notice.id}/notitie",
                       data={"text": "Werkt goed met een vaste planning."}).status_code == 302
    as_user(client, world.ad1)
    page = client.get(f"/meldingen/{notice.id}").get_data(as_text=True)
    assert ("Werkt goed met een vaste planning." in page) is consent
    as_user(client, world.employer_a)
    assert "Werkt goed met een vaste planning." not in client.get(f"/meldingen/{notice.id}").get_data(as_text=True)


def test_coach_cannot_note_on_a_notice_of_an_employment_not_coached(client, world):
    notice = make_notice(world.employer_a, world.emp_a2)
    as_user(client, world.coach_a)
    assert client.post(f"/jobcoach/meldingen/{notice.id}/notitie", data={"text": "x"}).status_code == 404


# --- the job-finding assignment -----------------------------------------------------------

def plan_job_finding(client, world, notice):
    as_user(client, world.ad1)
    client.post(f"/meldingen/{notice.id}/gelezen")
    start = local_today() + timedelta(days=7)
    response = client.post(f"/meldingen/{notice.id}/plan", data={
        "plan_service": "jobcoach_job_finding", "plan_start_date": start.isoformat()})
    assert response.headers["Location"] == f"/meldingen/{notice.id}/jobfinding"  # the assignment is next
    return start


def test_assignment_flow_from_plan_to_result(client, world):
    notice = make_notice(world.employer_a, world.emp_a1)
    start = plan_job_finding(client, world, notice)
    url = f"/meldingen/{notice.id}/jobfinding"
    assert "Opdracht geven aan de jobcoach" in client.get(f"/meldingen/{notice.id}").get_data(as_text=True)
    bad = client.post(url, data={"coach_id": str(world.coach_a.id), "hours": "20",
                                 "start_date": start.isoformat(), "end_date": (start - timedelta(days=1)).isoformat()})
    assert "De einddatum ligt voor de startdatum." in bad.get_data(as_text=True)
    end = start + timedelta(days=60)
    response = client.post(url, data={"coach_id": str(world.coach_a.id), "hours": "20",
                                      "start_date": start.isoformat(), "end_date": end.isoformat()})
    assert response.status_code == 302
    assignment = db.session.scalar(select(JobFindingAssignment))
    assert (assignment.status, assignment.coach_id, float(assignment.hours)) == ("offered", world.coach_a.id, 20.0)
    assert mails("job_finding_assigned")[0].recipients == world.coach_a.email
    twice = client.post(url, data={"coach_id": str(world.coach_a.id), "hours": "20",
                                   "start_date": start.isoformat(), "end_date": end.isoformat()}, follow_redirects=True)
    assert "Er loopt al een opdracht jobfinding" in twice.get_data(as_text=True)

    as_user(client, world.coach_a)
    assert client.get(f"/jobcoach/jobfinding/{assignment.id}/resultaat").status_code == 200
    early = client.post(f"/jobcoach/jobfinding/{assignment.id}/resultaat", data={"result": "found"},
                        follow_redirects=True)
    assert "Dit kan niet meer" in early.get_data(as_text=True)  # accept first
    assert client.post(f"/jobcoach/jobfinding/{assignment.id}/accepteren").status_code == 302
    assert client.post(f"/jobcoach/jobfinding/{assignment.id}/resultaat",
                       data={"result": "found", "note": "Kwekerij De Tuin wil kennismaken."}).status_code == 302
    db.session.refresh(assignment)
    assert assignment.status == "found"
    actions = db.session.scalars(select(WorkflowEvent.action).where(
        WorkflowEvent.subject_type == "job_finding").order_by(WorkflowEvent.id)).all()
    assert actions == ["assign", "accept", "found"]
    assert mails("job_finding_accept") and mails("job_finding_found")
    as_user(client, world.ad1)
    page = client.get(f"/meldingen/{notice.id}").get_data(as_text=True)
    assert "Werk gevonden" in page and "Kwekerij De Tuin wil kennismaken." in page


def test_assignment_needs_the_plan_and_a_linked_coach(client, world):
    notice = make_notice(world.employer_a, world.emp_a1)
    as_user(client, world.ad1)
    client.post(f"/meldingen/{notice.id}/gelezen")
    start = local_today() + timedelta(days=3)
    data = {"coach_id": str(world.coach_a.id), "hours": "10", "start_date": start.isoformat(),
            "end_date": (start + timedelta(days=30)).isoformat()}
    refused = client.post(f"/meldingen/{notice.id}/jobfinding", data=data, follow_redirects=True)
    assert "Leg eerst het plan" in refused.get_data(as_text=True)
    plan_job_finding(client, world, notice)
    stranger = make_user("jobcoach", "Niet Gekoppeld")
    odd = client.post(f"/meldingen/{notice.id}/jobfinding", data={**data, "coach_id": str(stranger.id)})
    assert "Kies de jobcoach." in odd.get_data(as_text=True)
    not_a_number = client.post(f"/meldingen/{notice.id}/jobfinding", data={**data, "hours": "abc"})
    assert "Vul een aantal uren tussen 1 en 500 in." in not_a_number.get_data(as_text=True)
    huge = client.post(f"/meldingen/{notice.id}/jobfinding", data={**data, "coach_id": "9" * 30})
    assert huge.status_code == 200 and "Kies de jobcoach." in huge.get_data(as_text=True)
    assert db.session.scalar(select(JobFindingAssignment)) is None
    as_user(client, world.ad3)
    assert client.post(f"/meldingen/{notice.id}/jobfinding", data=data).status_code == 404
    as_user(client, stranger)
    assert client.get(f"/jobcoach/dienstverbanden/{world.emp_a1.id}").status_code == 404
