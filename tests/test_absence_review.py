"""Review fixes of the absence and escalation work (issue 15, point 5): who a team lead may read,
the second escalation step, mails about new work, the employer's "Vertraagd", the delay mail, the
region's UWV mailbox and the team lead index."""
from datetime import UTC, date, datetime

import pytest
import time_machine
from sqlalchemy import inspect, select, update

from portal.extensions import db
from portal.models import OutboxEmail, Region
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
    from portal.jobs.runner import run_due_jobs

    notice = make_notice(world.employer_a, world.emp_a1)
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
    from portal.notices import notice_service
    from portal.notifications import messages
    from portal.unit_of_work import unit_of_work

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
