"""Refill requests: every transition, one holder only (also under concurrency), what each side sees."""
import threading

import pytest

from portal.auth.permissions import Forbidden
from portal.extensions import db
from portal.formatting import local_today
from portal.models import RefillRequest, User
from portal.unit_of_work import unit_of_work
from portal.vacancies import refill_service as service
from portal.vacancies.refill_service import RefillRejected
from portal.workflows import REFILL_WORKFLOW, TransitionRefused, timeline
from tests.conftest import login
from tests.factories import make_notice, municipality, region

STEPS = {
    "claim": lambda actor, refill: service.claim(actor, refill),
    "propose": lambda actor, refill: service.propose_candidates(actor, refill, "Twee kandidaten"),
    "fill": lambda actor, refill: service.close(actor, refill, True, local_today(), ""),
    "not_fill": lambda actor, refill: service.close(actor, refill, False, None, "Geen kandidaat"),
    "cancel": lambda actor, refill: service.cancel(actor, refill, "Niet meer nodig"),
}
PATHS = {"open": [], "claimed": ["claim"], "candidates_proposed": ["claim", "propose"], "filled": ["claim", "fill"],
         "not_filled": ["claim", "not_fill"], "cancelled": ["cancel"]}


def actor_for(action, world):
    return world.employer_a if action == "cancel" else world.wsp_amsterdam


def bring_to(state, world):
    refill = make_notice(world.employer_a, world.emp_a1).refill_request
    for action in PATHS[state]:
        STEPS[action](actor_for(action, world), refill)
    assert refill.status == state
    return refill


CASES = [(state, t.action, state in t.sources) for state in REFILL_WORKFLOW.states
         for t in REFILL_WORKFLOW.transitions if t.action in STEPS]


@pytest.mark.parametrize("state,action,allowed", CASES, ids=[f"{s}-{a}" for s, a, _ in CASES])
def test_every_refill_transition_from_every_state(world, state, action, allowed):
    refill = bring_to(state, world)
    if allowed:
        STEPS[action](actor_for(action, world), refill)
        assert refill.status == REFILL_WORKFLOW.transition(action).target
    else:
        with pytest.raises(TransitionRefused):
            STEPS[action](actor_for(action, world), refill)


def test_a_second_adviser_cannot_claim_a_claimed_request(world):
    refill = bring_to("open", world)
    service.claim(world.wsp_amsterdam, refill)
    with pytest.raises(TransitionRefused):
        service.claim(world.wsp_amsterdam2, refill)
    assert refill.claimed_by_id == world.wsp_amsterdam.id


def test_only_the_holder_proposes_and_closes(world):
    refill = bring_to("claimed", world)
    with pytest.raises(Forbidden):
        service.propose_candidates(world.wsp_amsterdam2, refill, "Ik ook")
    with pytest.raises(Forbidden):
        service.close(world.wsp_amsterdam2, refill, True, local_today(), "")


def test_advisers_of_another_region_cannot_claim(world):
    refill = bring_to("open", world)
    with pytest.raises(Forbidden):
        service.claim(world.wsp_rijnmond, refill)


def test_closing_needs_a_date_or_a_reason(world):
    refill = bring_to("claimed", world)
    with pytest.raises(RefillRejected):
        service.close(world.wsp_amsterdam, refill, True, None, "")
    with pytest.raises(RefillRejected):
        service.close(world.wsp_amsterdam, refill, False, None, " ")
    assert refill.status == "claimed"


def test_two_advisers_claiming_at_the_same_moment_give_one_holder(data_app, world):
    """Real threads with their own sessions; on PostgreSQL when PORTAL_TEST_DATABASE_URL is set."""
    refill_ids = [bring_to("open", world).id]
    adviser_ids = [world.wsp_amsterdam.id, world.wsp_amsterdam2.id]
    results, barrier = [], threading.Barrier(len(adviser_ids))

    def claim(adviser_id):
        with data_app.app_context():
            adviser = db.session.get(User, adviser_id)
            refill = db.session.get(RefillRequest, refill_ids[0])
            barrier.wait()
            try:
                with unit_of_work():
                    service.claim(adviser, refill)
                results.append(("won", adviser_id))
            except TransitionRefused:
                results.append(("lost", adviser_id))

    threads = [threading.Thread(target=claim, args=(a,)) for a in adviser_ids]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(r[0] for r in results) == ["lost", "won"]
    winner = next(a for outcome, a in results if outcome == "won")
    db.session.expire_all()
    refill = db.session.get(RefillRequest, refill_ids[0])
    assert refill.claimed_by_id == winner
    events = timeline(REFILL_WORKFLOW, refill)
    assert [e.action for e in events] == ["open", "claim"]


def test_wsp_queue_shows_only_own_regions_oldest_first(client, world):
    first = make_notice(world.employer_a, world.emp_a1).refill_request
    second = make_notice(world.employer_a, world.emp_a2).refill_request
    elsewhere = make_notice(world.employer_b, world.emp_b1).refill_request
    login(client, world.wsp_amsterdam)
    page = client.get("/wsp/verzoeken").get_data(as_text=True)
    assert page.index(f"/herbezetting/{first.id}\"") < page.index(f"/herbezetting/{second.id}\"")
    assert f"/herbezetting/{elsewhere.id}\"" not in page
    assert client.get(f"/herbezetting/{elsewhere.id}").status_code == 404


def test_wsp_never_sees_the_employee_or_the_notes(client, world):
    refill = make_notice(world.employer_a, world.emp_a1).refill_request
    login(client, world.wsp_amsterdam)
    page = client.get(f"/herbezetting/{refill.id}").get_data(as_text=True)
    assert "Medewerker magazijn" in page
    assert world.employer_a.name in page and world.employer_a.phone in page  # the employer's contact
    assert "Daan de Jong" not in page and "Zeer nauwkeurig" not in page
    assert client.get(f"/meldingen/{refill.notice_id}").status_code == 403


def test_claim_through_the_web_and_employer_sees_the_holder(client, world):
    refill = make_notice(world.employer_a, world.emp_a1).refill_request
    login(client, world.wsp_amsterdam)
    assert client.post(f"/herbezetting/{refill.id}/oppakken").status_code == 302
    response = client.post(f"/herbezetting/{refill.id}/kandidaten", data={"note": "Twee kandidaten"})
    assert response.status_code == 302
    page = client.post(f"/herbezetting/{refill.id}/afsluiten", data={"result": "filled"}).get_data(as_text=True)
    assert "Vul de datum in waarop de nieuwe medewerker start." in page
    response = client.post(f"/herbezetting/{refill.id}/afsluiten",
                           data={"result": "filled", "filled_date": local_today().isoformat()})
    assert response.status_code == 302
    client.post("/uitloggen")

    login(client, world.employer_a)
    page = client.get(f"/meldingen/{refill.notice_id}").get_data(as_text=True)
    assert "Vervuld" in page and "Lotte Meijer" in page
    page = client.get(f"/herbezetting/{refill.id}").get_data(as_text=True)
    for label in ("Opgepakt door een adviseur", "Kandidaten voorgesteld", "Twee kandidaten", "Vervuld"):
        assert label in page


def test_second_claim_in_the_browser_gets_a_clear_message(client, world):
    refill = bring_to("claimed", world)
    login(client, world.wsp_amsterdam2)
    page = client.post(f"/herbezetting/{refill.id}/oppakken", follow_redirects=True).get_data(as_text=True)
    assert "Dit kan niet meer" in page


def test_admin_routes_a_request_without_region(client, world):
    refill = make_notice(world.employer_b, world.emp_b_nowhere).refill_request
    login(client, world.admin)
    amsterdam = region("AM18")
    response = client.post(f"/beheer/herbezetting/{refill.id}/regio",
                           data={"municipality": str(municipality("Amsterdam").id)})
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(RefillRequest, refill.id).region_id == amsterdam.id
    client.post("/uitloggen")
    login(client, world.wsp_amsterdam)
    assert client.get(f"/herbezetting/{refill.id}").status_code == 200
