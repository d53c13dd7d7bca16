"""An AD's absence: the own page (rules, errors, access), who owns the work, what the employer and
the backup see."""
from datetime import UTC, date, datetime

import pytest
import time_machine

from portal.caseload.responsibility import responsibility_on
from portal.extensions import db
from tests.admin_helpers import audit_events  # noqa: F401  (fixture)
from tests.conftest import login
from tests.factories import make_notice, make_user

TODAY = date(2026, 12, 21)  # Monday before Christmas


@pytest.fixture(autouse=True)
def clock():
    with time_machine.travel(datetime(2026, 12, 21, 9, tzinfo=UTC), tick=False) as traveller:
        yield traveller



def away(user, first, last):
    user.absent_from, user.absent_until = first, last
    db.session.commit()


def page(client, path):
    response = client.get(path)
    assert response.status_code == 200
    return response.get_data(as_text=True)


# --- the page ------------------------------------------------------------------------------

def test_ad_records_and_ends_own_absence(client, world, audit_events):
    login(client, world.ad1)
    response = client.post("/account/afwezigheid", data={"absent_from": "2026-12-21", "absent_until": "2027-01-04"})
    assert response.status_code == 302
    db.session.refresh(world.ad1)
    assert (world.ad1.absent_from, world.ad1.absent_until) == (date(2026, 12, 21), date(2027, 1, 4))
    shown = page(client, "/account/afwezigheid")
    assert "U bent afwezig van maandag 21 december 2026 tot en met maandag 4 januari 2027." in shown
    assert [(e.action, e.actor_id) for e in audit_events() if e.action.startswith("absence")] == [
        ("absence_recorded", world.ad1.id)]

    # Started today: ending it removes it (nothing left to keep); later, a started one ends yesterday.
    assert client.post("/account/afwezigheid/beeindigen").status_code == 302
    db.session.refresh(world.ad1)
    assert (world.ad1.absent_from, world.ad1.absent_until) == (None, None)
    assert "Er ging iets mis" not in page(client, "/account/afwezigheid")


def test_ending_a_started_absence_keeps_the_days_already_away(client, world, clock):
    away(world.ad1, date(2026, 12, 14), date(2027, 1, 4))
    login(client, world.ad1)
    assert "Ik ben weer aan het werk" in page(client, "/account/afwezigheid")
    client.post("/account/afwezigheid/beeindigen")
    db.session.refresh(world.ad1)
    assert (world.ad1.absent_from, world.ad1.absent_until) == (date(2026, 12, 14), date(2026, 12, 20))
    assert not world.ad1.is_absent_on(TODAY)
    # Nothing left to end: a message, not an error page.
    response = client.post("/account/afwezigheid/beeindigen", follow_redirects=True)
    assert "U heeft geen afwezigheid die nog loopt of nog komt." in response.get_data(as_text=True)


@pytest.mark.parametrize("data,field,message", [
    ({"absent_from": "2027-01-04", "absent_until": "2026-12-21"}, "absent_until",
     "De laatste dag ligt vóór de eerste dag. Kies een latere datum."),
    ({"absent_from": "2026-12-01", "absent_until": "2026-12-18"}, "absent_until",
     "De laatste dag ligt in het verleden. Kies vandaag of een latere datum."),
    ({"absent_from": "2026-12-21", "absent_until": "2028-01-04"}, "absent_until",
     "Een afwezigheid duurt hoogstens een jaar. Kies een eerdere laatste dag."),
    ({"absent_from": "", "absent_until": "2027-01-04"}, "absent_from", "Vul de eerste dag in dat u afwezig bent."),
    ({"absent_from": "2026-12-21", "absent_until": "21-13-2026"}, "absent_until",
     "Vul een geldige datum in, bijvoorbeeld 28-11-2026."),
])
def test_wrong_dates_are_refused_with_plain_dutch_and_nothing_saved(client, world, data, field, message):
    login(client, world.ad1)
    response = client.post("/account/afwezigheid", data=data)
    assert response.status_code == 200
    shown = response.get_data(as_text=True)
    assert 'class="error-summary"' in shown and message in shown
    assert f'href="#{field}-dag"' in shown  # the date's first box
    if data["absent_from"]:
        day = date.fromisoformat(data["absent_from"])
        assert f'name="absent_from-dag" type="text" inputmode="numeric" class="date-input date-input-dag" value="{day.day}"' in shown
    db.session.refresh(world.ad1)
    assert world.ad1.absent_until is None


@pytest.mark.parametrize("role", ["employer_a", "wsp_amsterdam", "admin"])
def test_only_an_ad_has_an_absence_page(client, world, role):
    login(client, getattr(world, role))
    assert client.get("/account/afwezigheid").status_code == 403
    assert client.post("/account/afwezigheid", data={"absent_from": "2026-12-21", "absent_until": "2027-01-04"}).status_code == 403
    assert client.post("/account/afwezigheid/beeindigen").status_code == 403


def test_anonymous_is_sent_to_login(client):
    assert client.get("/account/afwezigheid").status_code in (302, 401)


def test_an_ad_sets_only_their_own_absence(client, world):
    # The page has no user in its address: whatever is posted, only the AD who is logged in changes.
    login(client, world.ad1)
    client.post("/account/afwezigheid", data={"absent_from": "2026-12-21", "absent_until": "2027-01-04",
                                              "user_id": str(world.ad2.id)})
    db.session.refresh(world.ad2)
    assert world.ad2.absent_until is None


# --- who owns the work -----------------------------------------------------------------------

def owner_and_escalation(world, employment, day=TODAY):
    r = responsibility_on(employment.employee.current_assignment, employment.location.region, day)
    return (r.owner.name if r.owner else None), r.escalation()


def test_present_ad_owns_and_escalates_to_the_backup(world):
    owner, (to, note) = owner_and_escalation(world, world.emp_a1)
    assert owner == world.ad1.name and to == [world.ad2.email] and note == f"naar vervanger {world.ad2.name}"


def test_absent_ad_the_backup_owns_and_the_team_lead_hears(world):
    lead = make_user("ad", "Tamara Teamleider")
    world.ad1.team_lead = lead
    away(world.ad1, date(2026, 12, 21), date(2027, 1, 4))
    owner, (to, note) = owner_and_escalation(world, world.emp_a1)
    assert owner == world.ad2.name and to == [lead.email] and note == "naar teamleider Tamara Teamleider"
    # The day after the absence the AD owns the work again.
    assert owner_and_escalation(world, world.emp_a1, date(2027, 1, 5))[0] == world.ad1.name


def test_backup_also_absent_goes_to_the_team_lead_never_back_to_them(world):
    lead = make_user("ad", "Tamara Teamleider")
    world.ad1.team_lead = lead
    away(world.ad1, date(2026, 12, 21), date(2027, 1, 4))
    away(world.ad2, date(2026, 12, 18), date(2026, 12, 31))
    owner, (to, note) = owner_and_escalation(world, world.emp_a1)
    assert owner == lead.name
    # Nobody after the team lead: the region's UWV mailbox, else functioneel beheer; never the owner again.
    assert to == [world.admin.email] and note.startswith("naar functioneel beheer")
    world.loc_a.municipality.region.uwv_email = "uwv@grootamsterdam.test"
    db.session.commit()
    assert owner_and_escalation(world, world.emp_a1)[1] == (
        ["uwv@grootamsterdam.test"], "naar de UWV-mailbox van de regio (uwv@grootamsterdam.test)")


def test_without_backup_or_team_lead_the_region_mailbox_hears(world):
    world.loc_b.municipality.region.uwv_email = "uwv@rijnmond.test"
    db.session.commit()
    owner, (to, _) = owner_and_escalation(world, world.emp_b1)  # ad3, no backup, no team lead
    assert owner == world.ad3.name and to == ["uwv@rijnmond.test"]


def test_a_team_lead_who_is_the_backup_is_asked_once(world):
    world.ad1.team_lead = world.ad2  # also the backup of emp_a1
    away(world.ad1, date(2026, 12, 21), date(2027, 1, 4))
    owner, (to, note) = owner_and_escalation(world, world.emp_a1)
    assert owner == world.ad2.name and world.ad2.email not in to and note.startswith("naar functioneel beheer")


def test_a_disabled_backup_is_skipped(world):
    world.ad2.is_enabled = False
    away(world.ad1, date(2026, 12, 21), date(2027, 1, 4))
    assert owner_and_escalation(world, world.emp_a1)[0] is None
    assert owner_and_escalation(world, world.emp_a1)[1][0] == [world.admin.email]


# --- what people see ---------------------------------------------------------------------

def test_employer_sees_who_covers_on_dashboard_employee_and_notice_page(client, world):
    notice = make_notice(world.employer_a, world.emp_a1)
    away(world.ad1, date(2026, 12, 21), date(2027, 1, 4))
    login(client, world.employer_a)
    sentence = (f"{world.ad1.name} is afwezig tot en met maandag 4 januari 2027; uw contact is {world.ad2.name}.")
    for path in ("/medewerkers", f"/medewerkers/{world.emp_a1.employee_id}", f"/meldingen/{notice.id}"):
        assert sentence in page(client, path), path
    # Another organisation's employer sees nothing of it.
    client.post("/uitloggen")
    login(client, world.employer_b)
    assert "is afwezig" not in page(client, "/medewerkers")


def test_no_absence_no_sentence(client, world):
    away(world.ad1, date(2027, 1, 5), date(2027, 1, 8))  # planned, not yet
    login(client, world.employer_a)
    assert "is afwezig" not in page(client, "/medewerkers")


def test_backup_inbox_puts_the_absent_ads_work_first_and_marks_it(client, world):
    own = make_notice(world.employer_a, world.emp_a2)  # ad2's own employee, filed first
    covered = make_notice(world.employer_a, world.emp_a1)  # ad1's employee, ad2 is the backup
    login(client, world.ad2)
    shown = page(client, "/inbox")
    assert "Voor " + world.ad1.name not in shown
    away(world.ad1, date(2026, 12, 21), date(2027, 1, 4))
    shown = page(client, "/inbox")
    assert f"Voor {world.ad1.name}, afwezig tot en met maandag 4 januari 2027" in shown
    assert shown.index(f"/meldingen/{covered.id}") < shown.index(f"/meldingen/{own.id}")


def test_nobody_to_cover_tells_the_employer_uwv_takes_over(client, world):
    away(world.ad2, date(2026, 12, 21), date(2026, 12, 24))  # emp_a2: ad2, no backup, no team lead
    login(client, world.employer_a)
    shown = page(client, f"/medewerkers/{world.emp_a2.employee_id}")
    assert (f"{world.ad2.name} is afwezig tot en met donderdag 24 december 2026. "
            "Een collega van UWV neemt uw vragen over.") in shown


def test_the_ad_is_not_shown_the_employers_sentence(client, world):
    notice = make_notice(world.employer_a, world.emp_a1)
    away(world.ad1, date(2026, 12, 21), date(2027, 1, 4))
    login(client, world.ad2)
    assert "uw contact is" not in page(client, f"/meldingen/{notice.id}")
