from datetime import timedelta

from flask import current_app
from sqlalchemy import func, select

from portal.extensions import db
from portal.formatting import local_today
from portal.insights import next_job
from portal.insights.scope import Scope
from portal.models import (
    POOL_STATES,
    CandidateProfile,
    CaseworkerAssignment,
    ConcernSignal,
    ContractEndNotice,
    ContractEndPrompt,
    EarlyQuestion,
    Employee,
    FollowUpTask,
    JobCoachLink,
    Municipality,
    Organisation,
    Proposal,
    RefillRequest,
    Region,
    User,
    WorkflowEvent,
    profile_regions,
)
from portal.seed_demo_next_job import ENDED_JOBS
from portal.workflows import NOTICE_WORKFLOW, PROPOSAL_WORKFLOW, REFILL_WORKFLOW


def test_seed_demo_is_idempotent_and_covers_every_state(app):
    current_app.config["DEMO_PASSWORD"] = "demo-wachtwoord-voor-test"
    runner = app.test_cli_runner()
    first = runner.invoke(args=["seed", "demo"])
    assert first.exit_code == 0, first.output
    assert "m.jansen@delinde.example" in first.output and "demo-wachtwoord-voor-test" in first.output
    second = runner.invoke(args=["seed", "demo"])
    assert second.exit_code == 0 and "already loaded" in second.output
    current_app.config["DEMO_PASSWORD"] = ""

    assert db.session.scalar(select(func.count()).select_from(Organisation)) == 2
    # 40, the new employer's own record of the one person hired through the pool, and the leavers
    # whose work already stopped (the time-to-next-job curve).
    assert db.session.scalar(select(func.count()).select_from(Employee)) == 41 + len(ENDED_JOBS)
    assert set(db.session.scalars(select(Proposal.status))) == set(PROPOSAL_WORKFLOW.states)
    pool_regions = db.session.scalars(select(Region.code).join(profile_regions).join(CandidateProfile)
                                      .where(CandidateProfile.status.in_(POOL_STATES))).all()
    assert {"AM18", "AM13", "AM22"} <= set(pool_regions)
    hired = db.session.scalar(select(Proposal).where(Proposal.status == "hired"))
    assert hired.new_employment.employee.organisation_id == hired.refill.organisation_id
    assert hired.profile.notice.new_job_start_date == hired.start_date
    assert {r.role for r in db.session.scalars(select(User))} == {"employer", "ad", "wsp", "admin", "jobcoach"}
    # Issue 16.2: the demo job coach coaches several employments and has a signal waiting for an AD.
    assert db.session.scalar(select(func.count()).select_from(JobCoachLink)) > 1
    assert db.session.scalar(select(ConcernSignal.status)) == "open"
    notice_states = set(db.session.scalars(select(ContractEndNotice.status)))
    refill_states = set(db.session.scalars(select(RefillRequest.status)))
    assert notice_states == set(NOTICE_WORKFLOW.states)
    assert refill_states == set(REFILL_WORKFLOW.states)
    assert db.session.scalar(select(func.count()).select_from(RefillRequest).where(RefillRequest.region_id.is_(None)))
    # The regie clock ran: prompts for contracts ending soon, an overdue notice with its escalation.
    assert db.session.scalar(select(func.count()).select_from(ContractEndPrompt).where(ContractEndPrompt.status == "open"))
    today = local_today()
    assert db.session.scalar(select(func.count()).select_from(ContractEndNotice).where(
        ContractEndNotice.response_due < today))
    assert set(db.session.scalars(select(WorkflowEvent.action).where(WorkflowEvent.action.in_(("remind", "escalate"))))) \
        == {"remind", "escalate"}
    # Issue 15: a reopened notice, and a nazorg question open in an AD's inbox today.
    assert db.session.scalar(select(func.count()).select_from(WorkflowEvent).where(WorkflowEvent.action == "reopen")) == 1
    assert db.session.scalar(select(func.count()).select_from(FollowUpTask).where(
        FollowUpTask.status == "open", FollowUpTask.opens_on <= today)) == 1
    # Issue 16.3: one "ik twijfel" question waiting for its AD, with a deadline.
    assert db.session.scalar(select(func.count()).select_from(EarlyQuestion).where(
        EarlyQuestion.status == "open", EarlyQuestion.response_due.is_not(None))) == 1
    # Absence and escalation (issue 15): an AD away today, team leads, region mailboxes, an AD change with a reason.
    absent = [u for u in db.session.scalars(select(User).where(User.role == "ad")) if u.is_absent_on(today)]
    assert [u.email for u in absent] == ["j.visser@uwv.example"]
    assert all(u.team_lead_id for u in db.session.scalars(select(User).where(User.role == "ad")))
    assert db.session.scalar(select(Region.uwv_email).where(Region.code == "AM18"))
    assert db.session.scalar(select(func.count()).select_from(CaseworkerAssignment).where(
        CaseworkerAssignment.change_reason == "employer_request")) == 1
    # The time-to-next-job curve has jobs that ended, found and still looking, for every kind of job coach.
    scope = Scope("landelijk", select(ContractEndNotice.id), select(RefillRequest.id), ("nation",))
    figures = next_job.compute(scope, today - timedelta(days=364), today, today)
    for group in ("none", "internal", "external"):
        curve = figures.curves[group]
        assert 0 < curve[6] < 1 and curve[0] < curve[6], group
    assert {t.status for t in db.session.scalars(select(FollowUpTask))} >= {"not_yet", "open"}


def test_users_create(app):
    runner = app.test_cli_runner()
    result = runner.invoke(args=["users", "create", "--email", "Nieuw@WSP.example", "--name", "Nieuwe Adviseur",
                                 "--role", "wsp", "--password", "lang-genoeg-wachtwoord", "--region", "AM18",
                                 "--phone", "020 1234567"])
    assert result.exit_code == 0, result.output
    user = db.session.scalar(select(User).where(User.email == "nieuw@wsp.example"))
    assert [r.code for r in user.regions] == ["AM18"] and user.phone == "020 1234567"


def test_users_create_refuses_bad_input(app):
    runner = app.test_cli_runner()
    short = runner.invoke(args=["users", "create", "--email", "a@b.example", "--name", "A", "--role", "ad",
                                "--password", "kort"])
    assert short.exit_code != 0 and "password refused" in short.output
    no_org = runner.invoke(args=["users", "create", "--email", "a@b.example", "--name", "A", "--role", "employer",
                                 "--password", "lang-genoeg-wachtwoord", "--organisation", "99999999"])
    assert no_org.exit_code != 0 and "no organisation" in no_org.output
    assert db.session.scalar(select(func.count()).select_from(User)) == 0


def test_regions_import_loads_the_cbs_file(app):
    result = app.test_cli_runner().invoke(args=["regions", "import"])
    assert result.exit_code == 0, result.output
    assert "35 regions with 342 municipalities" in result.output
    assert db.session.scalar(select(func.count()).select_from(Region)) == 35
    assert db.session.scalar(select(func.count()).select_from(Municipality)) == 342
    amsterdam = db.session.scalar(select(Municipality).where(Municipality.name == "Amsterdam"))
    assert amsterdam.region.code == "AM18" and amsterdam.classification_year == 2026


def test_regions_import_of_a_file_keeps_wsp_contacts(app, tmp_path):
    region = db.session.scalar(select(Region).where(Region.code == "AM18"))
    region.wsp_email = "wsp@example.test"
    db.session.commit()
    path = tmp_path / "regios.csv"
    path.write_text("gemeente_code,gemeente_naam,regio_code,regio_naam\nGM0363,Amsterdam,AM18,Groot Amsterdam\n",
                    encoding="utf-8")
    result = app.test_cli_runner().invoke(args=["regions", "import", str(path)])
    assert result.exit_code == 0 and "1 regions with 1 municipalities" in result.output
    db.session.expire_all()
    assert db.session.scalar(select(Region.wsp_email).where(Region.code == "AM18")) == "wsp@example.test"


def test_regions_import_refuses_a_file_without_the_columns(app, tmp_path):
    path = tmp_path / "fout.csv"
    path.write_text("naam;code\nAmsterdam;GM0363\n", encoding="utf-8")
    result = app.test_cli_runner().invoke(args=["regions", "import", str(path)])
    assert result.exit_code != 0 and "missing columns" in result.output


def test_regions_import_of_a_file_that_is_not_utf8_is_a_clear_error(app, tmp_path):
    path = tmp_path / "regios.csv"
    path.write_bytes("gemeente_code,gemeente_naam,regio_code,regio_naam\nGM1234,Súdwest-Fryslân,AM99,Fryslân\n"
                     .encode("cp1252"))
    result = app.test_cli_runner().invoke(args=["regions", "import", str(path)])
    assert result.exit_code == 1
    assert "Het bestand is geen UTF-8" in result.output and "Traceback" not in result.output
    assert db.session.scalar(select(func.count()).select_from(Region).where(Region.code == "AM99")) == 0


def test_an_employment_file_with_missing_columns_names_them(app, world, tmp_path):
    path = tmp_path / "medewerkers.csv"
    path.write_text("personeelsnummer;naam\nN001;Werknemer Import\n", encoding="utf-8")
    before = db.session.scalar(select(func.count()).select_from(Employee))
    result = app.test_cli_runner().invoke(args=["import", "employments", str(path), "--organisation",
                                                world.org_a.kvk_number])
    assert result.exit_code == 1
    assert "Deze kolommen ontbreken: functie, uren_per_week, contractsoort, begindatum, werkplek." in result.output and "Nothing imported." in result.output
    assert "0 of 0 lines" not in result.output
    assert db.session.scalar(select(func.count()).select_from(Employee)) == before
