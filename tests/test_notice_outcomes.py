"""Checked outcomes (issue 15.1): a new job needs its facts, "direct" follows from the dates,
closing early needs a known future start, a trial placement records whether its employer hired,
and a closed notice can be reopened by its AD."""
from datetime import timedelta
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from portal.auth.permissions import Forbidden
from portal.extensions import db
from portal.formatting import local_today
from portal.models import ContractEndNotice, OutboxEmail, WorkflowEvent
from portal.notices import notice_service as notices
from portal.notices import outcome_service as outcomes
from portal.notices.notice_service import NoticeRejected, add_months
from portal.notices.outcome_rules import OutcomeInput, outcome_for
from portal.workflows import TransitionRefused
from tests.conftest import login
from tests.factories import make_employment, make_notice, new_job


def today():
    return local_today()


def past_end():
    """An end date three days ago: the work has stopped."""
    return local_today() - timedelta(days=3)


def read_notice(world, employment=None, **kwargs):
    notice = make_notice(world.employer_a, employment or world.emp_a1, **kwargs)
    notices.acknowledge(world.ad1, notice)
    return notice


def events(notice, action):
    return db.session.scalars(select(WorkflowEvent).where(
        WorkflowEvent.subject_type == "notice", WorkflowEvent.subject_id == notice.id,
        WorkflowEvent.action == action)).all()


def refused(notice, data, actor=None):
    with pytest.raises(NoticeRejected) as rejected:
        outcomes.close(actor or notice.employment.employee.current_assignment.ad, notice, data, today())
    db.session.expire_all()
    assert db.session.get(ContractEndNotice, notice.id).status == "acknowledged"  # nothing half-saved
    assert events(notice, "close") == []
    return rejected.value.errors


def test_job_to_job_is_derived_from_the_dates():
    end = today()
    assert outcome_for(end, add_months(end, 1)) == "job_to_job"
    assert outcome_for(end, add_months(end, 1) + timedelta(days=1)) == "later_job"
    assert outcome_for(end, end - timedelta(days=10)) == "job_to_job"


def test_a_new_job_needs_start_employer_hours_and_contract(world):
    notice = read_notice(world, expected_end_date=past_end())
    errors = refused(notice, OutcomeInput("new_job"))
    assert set(errors) == {"start_date", "employer_id", "hours", "contract_type"}
    assert errors["start_date"] == "Vul de datum in waarop de nieuwe baan begint."
    errors = refused(notice, new_job(notice, hours=Decimal("0"), contract_type="freelance"))
    assert set(errors) == {"hours", "contract_type"}


@pytest.mark.parametrize("days_after_end,outcome", [(7, "job_to_job"), (120, "later_job")])
def test_the_outcome_follows_the_start_date(world, days_after_end, outcome):
    notice = read_notice(world, expected_end_date=past_end())
    outcomes.close(world.ad1, notice, new_job(notice, days_after_end), today())
    assert notice.status == "closed" and notice.outcome == outcome
    assert notice.new_job_start_date == past_end() + timedelta(days=days_after_end)
    assert notice.new_employer_label == "Kwekerij Het Groene Hart"
    assert notice.new_job_hours == Decimal("24") and notice.new_job_contract_type == "temporary"


def test_direct_four_months_after_the_end_is_refused_in_plain_dutch(world):
    notice = read_notice(world, expected_end_date=past_end())
    errors = refused(notice, new_job(notice, 120, outcome="job_to_job"))
    assert errors["start_date"].startswith("'Direct een nieuwe baan' klopt niet")
    assert "meer dan een maand na het einde" in errors["start_date"]
    errors = refused(notice, new_job(notice, 3, outcome="later_job"))
    assert errors["start_date"].startswith("'Later een nieuwe baan' klopt niet")


def test_before_the_end_date_only_a_new_job_with_a_future_start_closes(world):
    notice = read_notice(world)  # the work ends in 60 days
    errors = refused(notice, OutcomeInput("back_on_benefit"))
    assert errors["outcome"].startswith("Het werk stopt pas op")
    errors = refused(notice, new_job(notice, days_after_end=-(notice.expected_end_date - today()).days - 1))
    assert "die nog moet beginnen" in errors["start_date"]
    outcomes.close(world.ad1, notice, new_job(notice, 7), today())
    assert notice.status == "closed" and notice.outcome == "job_to_job"


def test_the_employer_is_a_portal_organisation_or_a_name_not_both(world):
    notice = read_notice(world, expected_end_date=past_end())
    errors = refused(notice, new_job(notice, employer_id=world.org_b.id))
    assert errors["employer_id"] == "Kies een werkgever uit de lijst óf vul een naam in, niet allebei."
    assert refused(notice, new_job(notice, employer_id=0, employer_name=""))["employer_id"] == \
        "Kies een werkgever uit de lijst."
    outcomes.close(world.ad1, notice, new_job(notice, employer_id=world.org_b.id, employer_name=""), today())
    assert notice.new_employer_id == world.org_b.id and notice.new_employer_label == world.org_b.name


def test_other_outcomes_after_the_end_store_no_job(world):
    notice = read_notice(world, expected_end_date=past_end())
    outcomes.close(world.ad1, notice, OutcomeInput("back_on_benefit", "Zoekt verder.", start_date=today(),
                                                    employer_name="Typfout", hours=Decimal("8")), today())
    assert notice.outcome == "back_on_benefit" and notice.outcome_note == "Zoekt verder."
    assert notice.new_job_start_date is None and notice.new_employer_name == "" and notice.new_job_hours is None


def test_a_trial_placement_records_whether_its_employer_hired(world):
    trial = make_employment(world.org_a, world.loc_a, world.ad1, world.ad2, contract_type="trial_placement",
                            end=past_end())
    notice = read_notice(world, trial)
    errors = refused(notice, OutcomeInput("back_on_benefit"))
    assert errors["trial_hired"] == f"Kies of {world.org_a.name} de werknemer na de proefplaatsing in dienst neemt."
    errors = refused(notice, OutcomeInput("back_on_benefit", trial_hired=True))
    assert "Kies dan 'Een nieuwe baan'" in errors["outcome"]
    errors = refused(notice, new_job(notice, trial_hired=True))  # a name of another employer
    assert errors["employer_id"].startswith(f"Na de proefplaatsing is de nieuwe werkgever {world.org_a.name}.")
    outcomes.close(world.ad1, notice, new_job(notice, trial_hired=True, employer_name="",
                                              contract_type="permanent"), today())
    assert notice.trial_hired is True and notice.new_employer_id == world.org_a.id
    assert "in dienst na de proefplaatsing" in events(notice, "close")[0].note


def test_not_hired_after_a_trial_placement_is_an_outcome_of_its_own(world):
    trial = make_employment(world.org_a, world.loc_a, world.ad1, None, contract_type="trial_placement", end=past_end())
    notice = read_notice(world, trial)
    outcomes.close(world.ad1, notice, OutcomeInput("back_on_benefit", trial_hired=False), today())
    assert notice.trial_hired is False and notice.outcome == "back_on_benefit"


def test_other_contracts_never_record_a_trial_answer(world):
    notice = read_notice(world, expected_end_date=past_end())
    outcomes.close(world.ad1, notice, OutcomeInput("other", trial_hired=True), today())
    assert notice.trial_hired is None


def test_reopen_returns_to_the_previous_state_clears_the_outcome_and_tells_the_employer(world):
    notice = read_notice(world, expected_end_date=past_end())
    notices.record_plan(world.ad1, notice, "naar_werk", today(), "")
    outcomes.close(world.ad1, notice, new_job(notice, employer_id=world.org_b.id, employer_name=""), today())
    with pytest.raises(NoticeRejected) as no_reason:
        outcomes.reopen(world.ad1, notice, "  ")
    assert no_reason.value.errors == {"reason": "Schrijf kort waarom u de melding weer opent."}
    outcomes.reopen(world.ad2, notice, "De nieuwe baan gaat niet door.")  # the backup AD may too
    assert notice.status == "plan_recorded" and notice.is_open
    assert notice.outcome is None and notice.new_job_start_date is None and notice.new_employer_id is None
    assert notice.new_job_hours is None and notice.new_job_contract_type is None
    [event] = events(notice, "reopen")
    assert (event.from_state, event.to_state, event.note) == ("closed", "plan_recorded", "De nieuwe baan gaat niet door.")
    assert db.session.scalar(select(func.count()).select_from(OutboxEmail).where(
        OutboxEmail.kind == "notice_reopen")) == 1


def test_only_its_ad_reopens_and_only_a_closed_notice(world):
    notice = read_notice(world, expected_end_date=past_end())
    with pytest.raises(TransitionRefused):
        outcomes.reopen(world.ad1, notice, "Nog open")
    outcomes.close(world.ad1, notice, OutcomeInput("other"), today())
    for outsider in (world.employer_a, world.ad3, world.wsp_amsterdam, world.admin):
        with pytest.raises(Forbidden):
            outcomes.reopen(outsider, notice, "Mag niet")
    assert notice.status == "closed"


def test_reopen_is_refused_when_the_contract_has_a_new_open_notice(world):
    notice = read_notice(world, expected_end_date=past_end())
    outcomes.close(world.ad1, notice, OutcomeInput("other"), today())
    newer = make_notice(world.employer_a, world.emp_a1)
    with pytest.raises(TransitionRefused) as refused_step:
        outcomes.reopen(world.ad1, notice, "Toch verder")
    assert "loopt al een nieuwe melding" in refused_step.value.message
    db.session.expire_all()
    assert db.session.get(ContractEndNotice, notice.id).status == "closed" and newer.is_open


def test_the_close_form_keeps_what_was_typed_and_explains_the_refusal(client, world):
    notice = read_notice(world)
    login(client, world.ad1)
    page = client.get(f"/meldingen/{notice.id}/afsluiten").get_data(as_text=True)
    assert "Voor de einddatum kunt u alleen afronden met een nieuwe baan" in page
    assert "Direct een nieuwe baan" not in page  # not a choice: derived from the dates
    response = client.post(f"/meldingen/{notice.id}/afsluiten", data={
        "outcome": "back_on_benefit", "employer_name": "Bakkerij Bol", "hours": "16", "outcome_note": "Zoekt verder"})
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and "error-summary" in page
    assert "Eerder afronden kan alleen met een nieuwe baan" in page
    assert 'value="Bakkerij Bol"' in page and "Zoekt verder" in page
    db.session.expire_all()
    assert db.session.get(ContractEndNotice, notice.id).status == "acknowledged"


def test_the_close_form_with_a_portal_employer_and_the_notice_page_shows_the_job(client, world):
    notice = read_notice(world)
    login(client, world.ad1)
    start = notice.expected_end_date + timedelta(days=14)
    response = client.post(f"/meldingen/{notice.id}/afsluiten", data={
        "outcome": "new_job", "start_date": start.isoformat(), "employer_id": str(world.org_b.id),
        "hours": "20", "contract_type": "permanent"}, follow_redirects=True)
    page = response.get_data(as_text=True)
    assert "De melding is afgerond." in page and "Direct een nieuwe baan" in page
    assert f"bij {world.org_b.name}" in page and "20 uur per week" in page and "vast contract" in page
    assert "Melding weer openen" in page


@pytest.mark.parametrize("form", [
    {"outcome": "new_job", "employer_id": "9" * 30, "hours": "abc", "start_date": "31-02-2027"},
    {"outcome": "job_to_job", "trial_hired": "misschien", "contract_type": "x" * 500},
    {"outcome": "<script>", "employer_id": "-1"},
    {"outcome": "new_job", "hours": "NaN", "start_date": "2027-01-01", "employer_name": "X", "contract_type": "agency"},
    {"outcome": "new_job", "hours": "sNaN"},
])
def test_hostile_close_input_never_gives_a_500(client, world, form):
    notice = read_notice(world, expected_end_date=past_end())
    login(client, world.ad1)
    response = client.post(f"/meldingen/{notice.id}/afsluiten", data=form)
    assert response.status_code == 200 and "error-summary" in response.get_data(as_text=True)


def test_close_and_reopen_pages_access(client, world):
    notice = read_notice(world, expected_end_date=past_end())
    outcomes.close(world.ad1, notice, OutcomeInput("other"), today())
    reopen_url = f"/meldingen/{notice.id}/heropenen"
    login(client, world.ad3)  # not this employee's AD or backup
    assert client.get(reopen_url).status_code == 404
    assert client.post(reopen_url, data={"reason": "x"}).status_code == 404
    client.post("/uitloggen")
    login(client, world.employer_a)
    assert client.post(reopen_url, data={"reason": "x"}).status_code == 403
    assert "Melding weer openen" not in client.get(f"/meldingen/{notice.id}").get_data(as_text=True)
    client.post("/uitloggen")
    login(client, world.ad1)
    assert "Schrijf kort waarom" in client.post(reopen_url, data={"reason": ""}).get_data(as_text=True)
    page = client.post(reopen_url, data={"reason": "Baan ging niet door"}, follow_redirects=True).get_data(as_text=True)
    assert "De melding is weer open." in page and "Heropend" in page and "Baan ging niet door" in page
