"""Review fixes of the absence and escalation work (issue 15, point 5): who a team lead may read,
the second escalation step, mails about new work, the employer's "Vertraagd", the delay mail, the
region's UWV mailbox and the team lead index."""
from datetime import UTC, date, datetime

import pytest
import time_machine
from sqlalchemy import inspect, select, update

from portal.extensions import db
from portal.jobs.runner import run_due_jobs
from portal.models import OutboxEmail, Region, WorkflowEvent
from portal.notices import notice_service, outcome_service
from portal.notices.follow_up_service import follow_ups_of
from portal.notices.outcome_rules import OutcomeInput
from portal.notifications import messages
from portal.unit_of_work import unit_of_work
from tests.conftest import login
from tests.factories import make_notice, make_user


def at(day: date, hour: int = 9):
    return datetime(day.year, day.month, day.day, hour, tzinfo=UTC)


@pytest.fixture
def clock():
    with time_machine.travel(at(date(2026, 12, 18)), tick=False) as traveller:
        yield traveller


@pytest.fixture(autouse=True)
def regions_kept():
    """Regions are reference data the tests keep: what a test sets must not leak."""
    before = {r.id: (r.wsp_email, r.uwv_email) for r in db.session.scalars(select(Region))}
    yield
    db.session.rollback()
    for region_id, (wsp_email, uwv_email) in before.items():
        db.session.execute(update(Region).where(Region.id == region_id).values(wsp_email=wsp_email, uwv_email=uwv_email))
    db.session.commit()


def mails(kind):
    return db.session.scalars(select(OutboxEmail).where(OutboxEmail.kind == kind).order_by(OutboxEmail.id)).all()


def away(user, first, last):
    user.absent_from, user.absent_until = first, last
    db.session.commit()


# --- 7. the team lead index -------------------------------------------------------------------

def test_users_team_lead_id_has_an_index():
    indexes = inspect(db.engine).get_indexes("users")
    assert any(ix["column_names"] == ["team_lead_id"] for ix in indexes)


# --- 4. "Vertraagd" is the employer's --------------------------------------------------------

def test_only_the_employer_sees_the_delayed_banner(client, clock, world):
    notice = make_notice(world.employer_a, world.emp_a1)
    clock.move_to(at(date(2027, 1, 8)))  # deadline 28 December, escalated 30 December
    banner = "Vertraagd. U krijgt uiterlijk"
    login(client, world.employer_a)
    assert banner in client.get(f"/meldingen/{notice.id}").get_data(as_text=True)
    client.post("/uitloggen")
    login(client, world.ad1)
    shown = client.get(f"/meldingen/{notice.id}").get_data(as_text=True)
    assert banner not in shown


# --- 5. the delay mail --------------------------------------------------------------------------

def test_delay_mail_is_neutral_and_reaches_an_enabled_employer_user(clock, world):
    make_notice(world.employer_a, world.emp_a1)
    away(world.ad1, date(2026, 12, 21), date(2027, 1, 8))
    away(world.ad2, date(2026, 12, 21), date(2027, 1, 8))  # nobody left: functioneel beheer gets it
    world.employer_a.is_enabled = False  # who filed it has left
    db.session.commit()
    clock.move_to(at(date(2026, 12, 30)))
    run_due_jobs()
    [escalation] = mails("notice_escalated")
    assert escalation.recipient_list == [world.admin.email]
    [delayed] = mails("notice_delayed")
    assert delayed.recipient_list == [world.employer_a2.email]
    assert "collega van UWV" not in delayed.body_text
    assert "Wij hebben de melding doorgezet, zodat er nu iemand anders naar kijkt." in delayed.body_text


# --- 6. the region's UWV mailbox is never a WSP address ------------------------------------------

@pytest.mark.parametrize("which", ["region_mailbox", "adviser"])
def test_a_wsp_address_is_refused_as_the_regions_uwv_mailbox(client, world, which):
    region = db.session.scalar(select(Region).where(Region.code == "AM18"))
    login(client, world.admin)
    wsp_mailbox = "wsp@grootamsterdam.test"
    typed = "WSP@GrootAmsterdam.test" if which == "region_mailbox" else world.wsp_rijnmond.email.upper()
    response = client.post(f"/beheer/regios/{region.id}", data={"wsp_email": wsp_mailbox, "uwv_email": typed})
    assert response.status_code == 200
    shown = response.get_data(as_text=True)
    assert 'class="error-summary"' in shown and 'href="#uwv_email"' in shown
    assert "Dit adres is van het Werkgeversservicepunt. Vul een mailbox van UWV in" in shown
    assert f'value="{typed}"' in shown
    db.session.expire_all()
    assert db.session.get(Region, region.id).uwv_email == ""
    # A UWV address is taken.
    assert client.post(f"/beheer/regios/{region.id}", data={"wsp_email": wsp_mailbox,
                                                            "uwv_email": "uwv@grootamsterdam.test"}).status_code == 302


# --- 3. mails about new work reach today's owner --------------------------------------------

def _new_work_mails(world, notice):

    with unit_of_work():
        messages.consent_given(notice)
        messages.contract_renewed(notice.employment, world.employer_a)
    with unit_of_work():
        notice_service.withdraw(world.employer_a, notice, "Toch verlengd")
    return {kind: mails(kind)[-1].recipient_list
            for kind in ("notice_submitted", "consent_given", "contract_renewed", "notice_withdrawn")}


def test_new_work_reaches_the_team_lead_when_ad_and_backup_are_away(clock, world):
    lead = make_user("ad", "Tamara Teamleider")
    world.ad1.team_lead = lead
    away(world.ad1, date(2026, 12, 18), date(2027, 1, 8))
    away(world.ad2, date(2026, 12, 18), date(2027, 1, 8))
    notice = make_notice(world.employer_a, world.emp_a1)
    for kind, recipients in _new_work_mails(world, notice).items():
        assert recipients == [world.ad1.email, world.ad2.email, lead.email], kind


def test_new_work_reaches_the_region_mailbox_when_nobody_is_present(clock, world):
    world.loc_a.municipality.region.uwv_email = "uwv@grootamsterdam.test"
    away(world.ad2, date(2026, 12, 18), date(2027, 1, 8))  # emp_a2: ad2, no backup, no team lead
    notice = make_notice(world.employer_a, world.emp_a2)
    for kind, recipients in _new_work_mails(world, notice).items():
        assert recipients == [world.ad2.email, "uwv@grootamsterdam.test"], kind


def test_new_work_names_a_present_owner_once(clock, world):
    notice = make_notice(world.employer_a, world.emp_a1)
    for kind, recipients in _new_work_mails(world, notice).items():
        assert recipients == [world.ad1.email, world.ad2.email], kind


# --- 2. a second escalation: past the backup to the team lead, then the mailbox ---------------

def clock_events(subject_type, subject_id):

    return [(e.action, e.note, e.escalated_to_id) for e in db.session.scalars(
        select(WorkflowEvent).where(WorkflowEvent.subject_type == subject_type, WorkflowEvent.subject_id == subject_id,
                                    WorkflowEvent.action.in_(("remind", "escalate", "escalate_further")))
        .order_by(WorkflowEvent.id))]


def test_with_ad_and_backup_at_work_a_deadline_still_missed_reaches_the_team_lead(clock, world):

    lead = make_user("ad", "Tamara Teamleider")
    world.ad1.team_lead = lead
    db.session.commit()
    notice = make_notice(world.employer_a, world.emp_a1)
    assert notice.response_due == date(2026, 12, 28)
    for day in (date(2026, 12, 28), date(2026, 12, 30), date(2026, 12, 31)):
        clock.move_to(at(day))
        run_due_jobs()
    assert clock_events("notice", notice.id) == [
        ("remind", f"aan {world.ad1.name}", None), ("escalate", f"naar vervanger {world.ad2.name}", world.ad2.id)]
    # Two working days after the first escalation (New Year's Day and the weekend skipped).
    clock.move_to(at(date(2027, 1, 5)))
    run_due_jobs()
    run_due_jobs()  # once only
    assert clock_events("notice", notice.id)[2:] == [
        ("escalate_further", f"opnieuw naar teamleider {lead.name}", lead.id)]
    [further] = mails("notice_escalated_further")
    assert further.recipient_list == [lead.email]
    assert further.subject == "Nog steeds te laat: melding over Daan de Jong"
    assert len(mails("notice_delayed")) == 1  # the employer was told once, at the first escalation


def test_without_team_lead_the_second_step_is_the_region_mailbox_then_nothing_more(clock, world):

    world.loc_a.municipality.region.uwv_email = "uwv@grootamsterdam.test"
    db.session.commit()
    notice = make_notice(world.employer_a, world.emp_a1)
    clock.move_to(at(date(2027, 1, 5)))
    run_due_jobs()
    assert [e[:2] for e in clock_events("notice", notice.id)] == [
        ("remind", f"aan {world.ad1.name}"), ("escalate", f"naar vervanger {world.ad2.name}"),
        ("escalate_further", "opnieuw naar de UWV-mailbox van de regio (uwv@grootamsterdam.test)")]


def test_nobody_present_and_no_mailbox_escalates_once_to_functioneel_beheer(clock, world):

    away(world.ad1, date(2026, 12, 18), date(2027, 1, 29))
    away(world.ad2, date(2026, 12, 18), date(2027, 1, 29))
    notice = make_notice(world.employer_a, world.emp_a1)
    clock.move_to(at(date(2027, 1, 12)))
    run_due_jobs()
    assert [e[0] for e in clock_events("notice", notice.id)] == ["remind", "escalate"]
    assert mails("notice_escalated_further") == []


def test_a_nazorg_question_still_unanswered_reaches_the_team_lead(clock, world):

    lead = make_user("ad", "Tamara Teamleider")
    world.ad1.team_lead = lead
    clock.move_to(at(date(2026, 12, 1)))
    notice = make_notice(world.employer_a, world.emp_a1, expected_end_date=date(2026, 11, 30))
    notice_service.acknowledge(world.ad1, notice)
    outcome_service.close(world.ad1, notice, OutcomeInput("back_on_benefit", "Zoekt werk."), date(2026, 12, 1))
    db.session.commit()
    task = follow_ups_of(notice)[0]
    assert task.response_due == date(2027, 1, 14)
    clock.move_to(at(date(2027, 1, 20)))  # escalated on 18 January, still late two working days later
    run_due_jobs()
    assert [e[0] for e in clock_events("follow_up", task.id)] == ["remind", "escalate", "escalate_further"]
    assert clock_events("follow_up", task.id)[2][1:] == (f"nazorg, opnieuw naar teamleider {lead.name}", lead.id)
    [further] = mails("follow_up_escalated_further")
    assert further.recipient_list == [lead.email]


# --- 1. a team lead opens what was escalated to them, and acts only when owning the work -------

@pytest.fixture
def lead(world):
    lead = make_user("ad", "Tamara Teamleider")
    world.ad1.team_lead = lead
    db.session.commit()
    return lead


def escalate_to_the_team_lead(clock, world):
    """ad1 and ad2 at work: escalated to the backup on 30 December, to the team lead on 5 January."""
    notice = make_notice(world.employer_a, world.emp_a1)
    clock.move_to(at(date(2027, 1, 5)))
    run_due_jobs()
    return notice


def test_being_team_lead_gives_no_standing_access_to_the_teams_work(client, clock, world, lead):
    from portal.auth import permissions

    notice = make_notice(world.employer_a, world.emp_a1)
    login(client, lead)
    assert client.get(f"/meldingen/{notice.id}").status_code == 404
    assert client.get(f"/medewerkers/{world.emp_a1.employee_id}").status_code == 404
    assert client.post(f"/meldingen/{notice.id}/gelezen").status_code == 404
    assert not permissions.may_manage_profile(lead, notice)
    db.session.refresh(notice)
    assert notice.status == "submitted"


def test_the_team_lead_opens_an_escalated_notice_but_does_not_act_on_it(client, clock, world, lead):
    notice = escalate_to_the_team_lead(clock, world)
    login(client, lead)
    shown = client.get(f"/meldingen/{notice.id}").get_data(as_text=True)
    assert "Zeer nauwkeurig" in shown  # the employee consented to sharing the notes
    assert "Ik heb deze melding gelezen" not in shown
    assert client.post(f"/meldingen/{notice.id}/gelezen").status_code == 403
    db.session.refresh(notice)
    assert notice.status == "submitted"
    # The employee page and the lists stay the AD's and backup's.
    assert client.get(f"/medewerkers/{world.emp_a1.employee_id}").status_code == 404
    assert f"/meldingen/{notice.id}\"" not in client.get("/inbox").get_data(as_text=True)


def test_the_team_lead_reads_the_notes_only_with_consent(client, clock, world, lead):
    notice = make_notice(world.employer_a, world.emp_a1, consent=False)
    clock.move_to(at(date(2027, 1, 5)))
    run_due_jobs()
    login(client, lead)
    shown = client.get(f"/meldingen/{notice.id}").get_data(as_text=True)
    assert "Zeer nauwkeurig" not in shown


def test_the_team_lead_acts_on_the_days_they_own_the_work(client, clock, world, lead):
    notice = make_notice(world.employer_a, world.emp_a1)
    away(world.ad1, date(2026, 12, 18), date(2026, 12, 31))
    away(world.ad2, date(2026, 12, 18), date(2026, 12, 31))
    login(client, lead)
    assert "Ik heb deze melding gelezen" in client.get(f"/meldingen/{notice.id}").get_data(as_text=True)
    assert client.post(f"/meldingen/{notice.id}/gelezen").status_code == 302
    db.session.refresh(notice)
    assert notice.status == "acknowledged"
    clock.move_to(at(date(2027, 1, 4)))  # both back: no escalation named the team lead
    login(client, lead)
    assert client.get(f"/meldingen/{notice.id}").status_code == 404


def test_another_ads_team_lead_opens_nothing(client, clock, world, lead):
    other_lead = make_user("ad", "Olaf Andereleider")
    world.ad3.team_lead = other_lead
    db.session.commit()
    notice = escalate_to_the_team_lead(clock, world)
    login(client, other_lead)
    assert client.get(f"/meldingen/{notice.id}").status_code == 404


def test_the_team_lead_opens_an_escalated_nazorg_question_but_does_not_answer_it(client, clock, world, lead):
    clock.move_to(at(date(2026, 12, 1)))
    notice = make_notice(world.employer_a, world.emp_a1, expected_end_date=date(2026, 11, 30))
    notice_service.acknowledge(world.ad1, notice)
    outcome_service.close(world.ad1, notice, OutcomeInput("back_on_benefit", "Zoekt werk."), date(2026, 12, 1))
    db.session.commit()
    task = follow_ups_of(notice)[0]
    clock.move_to(at(date(2027, 1, 18)))
    run_due_jobs()  # escalated to the backup: not yet to the team lead
    login(client, lead)
    assert client.get(f"/nazorg/{task.id}").status_code == 404
    clock.move_to(at(date(2027, 1, 20)))
    run_due_jobs()
    login(client, lead)
    shown = client.get(f"/nazorg/{task.id}").get_data(as_text=True)
    assert "U kunt alleen meelezen." in shown and "Antwoord opslaan" not in shown
    response = client.post(f"/nazorg/{task.id}", data={"answer": "stop", "reason": "Verhuisd."})
    assert response.status_code == 403
    db.session.refresh(task)
    assert task.status == "open"
    assert client.get(f"/meldingen/{notice.id}").status_code == 200  # what the question is about
