"""Every transition of the notice workflow, allowed and refused, and what each party sees."""
from datetime import timedelta

import pytest

from portal.auth.permissions import Forbidden
from portal.extensions import db
from portal.formatting import local_today
from portal.models import ContractEndNotice
from portal.notices import notice_service as service
from portal.notices import outcome_service as outcomes
from portal.notices.notice_service import NoticeRejected
from portal.workflows import NOTICE_WORKFLOW, TransitionRefused
from tests.conftest import login
from tests.factories import make_notice, new_job


def run(action, actor, notice):
    steps = {
        "acknowledge": lambda: service.acknowledge(actor, notice),
        "record_plan": lambda: service.record_plan(actor, notice, "naar_werk", local_today() + timedelta(days=5), ""),
        "close": lambda: outcomes.close(actor, notice, new_job(notice), local_today()),
        "reopen": lambda: outcomes.reopen(actor, notice, "De nieuwe baan gaat niet door."),
        "withdraw": lambda: service.withdraw(actor, notice, "Toch verlengd"),
    }
    steps[action]()


def bring_to(state, world):
    notice = make_notice(world.employer_a, world.emp_a1)
    path = {"submitted": [], "acknowledged": ["acknowledge"], "plan_recorded": ["acknowledge", "record_plan"],
            "closed": ["acknowledge", "close"], "withdrawn": ["withdraw"]}[state]
    for action in path:
        run(action, world.ad1 if action != "withdraw" else world.employer_a, notice)
    assert notice.status == state
    return notice


ACTOR_FOR = {"acknowledge": "ad1", "record_plan": "ad1", "close": "ad1", "reopen": "ad1", "withdraw": "employer_a"}
CASES = [
    (state, transition.action, state in transition.sources)
    for state in NOTICE_WORKFLOW.states
    for transition in NOTICE_WORKFLOW.transitions
    if transition.action != "submit"
]


@pytest.mark.parametrize("state,action,allowed", CASES, ids=[f"{s}-{a}" for s, a, _ in CASES])
def test_every_notice_transition_from_every_state(world, state, action, allowed):
    notice = bring_to(state, world)
    actor = getattr(world, ACTOR_FOR[action])
    if allowed:
        run(action, actor, notice)
        # Reopening returns to the state the notice was closed from (here: acknowledged).
        assert notice.status == NOTICE_WORKFLOW.transition(action).target
    else:
        with pytest.raises(TransitionRefused):
            run(action, actor, notice)
        db.session.expire_all()
        assert db.session.get(ContractEndNotice, notice.id).status == state


@pytest.mark.parametrize("action,wrong_actor", [
    ("acknowledge", "employer_a"), ("acknowledge", "ad3"), ("acknowledge", "wsp_amsterdam"),
    ("acknowledge", "admin"), ("withdraw", "ad1"), ("withdraw", "employer_b"),
])
def test_only_the_right_people_can_move_a_notice(world, action, wrong_actor):
    notice = make_notice(world.employer_a, world.emp_a1)
    with pytest.raises(Forbidden):
        run(action, getattr(world, wrong_actor), notice)
    assert notice.status == "submitted"


def test_the_backup_ad_can_acknowledge(world):
    notice = make_notice(world.employer_a, world.emp_a1)
    service.acknowledge(world.ad2, notice)  # ad2 is the backup of emp_a1
    assert notice.status == "acknowledged"


def test_plan_rules(world):
    notice = bring_to("acknowledged", world)
    with pytest.raises(NoticeRejected) as no_reason:
        service.record_plan(world.ad1, notice, "none", None, "")
    assert "plan_reason" in no_reason.value.errors
    with pytest.raises(NoticeRejected) as no_date:
        service.record_plan(world.ad1, notice, "werkfit", None, "")
    assert "plan_start_date" in no_date.value.errors
    service.record_plan(world.ad1, notice, "none", None, "Werknemer heeft zelf al een nieuwe baan.")
    assert notice.status == "plan_recorded" and notice.plan_service == "none"


def test_withdraw_cancels_the_open_refill_request(world):
    notice = make_notice(world.employer_a, world.emp_a1)
    service.withdraw(world.employer_a, notice, "Contract toch verlengd")
    assert notice.status == "withdrawn"
    assert notice.refill_request.status == "cancelled"


def test_withdraw_leaves_a_closed_refill_request_alone(world):
    from portal.vacancies import refill_service as vacancies

    notice = make_notice(world.employer_a, world.emp_a1)
    refill = notice.refill_request
    vacancies.claim(world.wsp_amsterdam, refill)
    vacancies.close(world.wsp_amsterdam, refill, True, local_today(), "")
    service.withdraw(world.employer_a, notice, "Toch verlengd")
    assert refill.status == "filled"


def test_ad_sees_notes_only_with_consent(client, world):
    shared = make_notice(world.employer_a, world.emp_a1, consent=True)
    private = make_notice(world.employer_a, world.emp_a2, consent=False)
    login(client, world.ad2)  # AD of emp_a2 and backup of emp_a1
    page = client.get(f"/meldingen/{shared.id}").get_data(as_text=True)
    assert "Zeer nauwkeurig" in page
    page = client.get(f"/meldingen/{private.id}").get_data(as_text=True)
    assert "Zeer nauwkeurig" not in page
    assert "de werknemer heeft (nog) geen toestemming gegeven" in page
    assert "Minder werk." in page  # reason and dates stay visible


def test_employer_always_sees_own_notes(client, world):
    private = make_notice(world.employer_a, world.emp_a2, consent=False)
    login(client, world.employer_a2)  # a colleague in the same organisation
    page = client.get(f"/meldingen/{private.id}").get_data(as_text=True)
    assert "Zeer nauwkeurig" in page


def test_the_whole_journey_through_the_web(client, world):
    notice = make_notice(world.employer_a, world.emp_a1)
    login(client, world.ad1)
    inbox = client.get("/inbox").get_data(as_text=True)
    assert "Daan de Jong" in inbox and "row-unread" in inbox

    assert client.post(f"/meldingen/{notice.id}/gelezen").status_code == 302
    start = (local_today() + timedelta(days=7)).isoformat()
    response = client.post(f"/meldingen/{notice.id}/plan", data={"plan_service": "internal_mediation",
                                                                   "plan_start_date": start})
    assert response.status_code == 302
    new_start = (notice.expected_end_date + timedelta(days=7)).isoformat()
    response = client.post(f"/meldingen/{notice.id}/afsluiten", data={
        "outcome": "new_job", "start_date": new_start, "employer_name": "Kwekerij Het Groene Hart",
        "hours": "24", "contract_type": "temporary"})
    assert response.status_code == 302
    client.post("/uitloggen")

    login(client, world.employer_a)
    page = client.get(f"/meldingen/{notice.id}").get_data(as_text=True)
    assert "Gelezen door Sanne de Vries op" in page
    assert "Interne bemiddeling met het Werkgeversservicepunt (WSP)" in page
    assert "Direct een nieuwe baan" in page
    for label in ("Melding ingediend", "Gelezen door de arbeidsdeskundige", "Plan vastgelegd", "Afgerond"):
        assert label in page


def test_plan_form_errors_are_shown_in_dutch(client, world):
    notice = bring_to("acknowledged", world)
    login(client, world.ad1)
    page = client.post(f"/meldingen/{notice.id}/plan", data={"plan_service": "none"}).get_data(as_text=True)
    assert "Schrijf waarom er geen hulp start." in page
    page = client.post(f"/meldingen/{notice.id}/plan", data={}).get_data(as_text=True)
    assert "Kies welke hulp start." in page


def test_a_refused_step_in_the_browser_explains_itself(client, world):
    notice = bring_to("acknowledged", world)
    login(client, world.ad1)
    response = client.post(f"/meldingen/{notice.id}/gelezen", follow_redirects=True)
    assert "Dit kan niet meer" in response.get_data(as_text=True)


def test_employer_withdraws_through_the_web(client, world):
    notice = make_notice(world.employer_a, world.emp_a1)
    login(client, world.employer_a)
    page = client.post(f"/meldingen/{notice.id}/intrekken", data={}).get_data(as_text=True)
    assert "Schrijf kort waarom u de melding intrekt." in page
    response = client.post(f"/meldingen/{notice.id}/intrekken", data={"note": "Contract verlengd"})
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(ContractEndNotice, notice.id).status == "withdrawn"
