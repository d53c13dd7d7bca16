"""No GET request changes the database, checked against the route table itself.

Every rule in app.url_map that accepts GET is requested with real ids from a small world, as
every role (allowed or not), as a visitor and halfway through a two-factor login. Around each
request every table is fingerprinted (row count and a hash of all rows); a difference is a GET
that changed state, which a link, a prefetching browser or a crawler would then trigger.
"""
from __future__ import annotations

import hashlib
import itertools
import os
import re
from dataclasses import dataclass, field
from datetime import timedelta
from decimal import Decimal

from sqlalchemy import select, update

from portal.admin import import_service
from portal.auth import account_service as auth_service
from portal.auth import invitation_service as invitations
from portal.auth.permissions import ANY_ROLE, API_CLIENT, PUBLIC
from portal.employee_access import links as employee_links
from portal.extensions import db
from portal.formatting import local_today
from portal.insights.insights_views import TABLES as INSIGHT_TABLES
from portal.jobcoach import coach_service as coaching
from portal.jobs.runner import run_due_jobs
from portal.models import ROLES, ContractEndNotice, ContractEndPrompt, Employee, Employment, NoticeDraft, OutboxEmail, User
from portal.notices import draft_service as drafts
from portal.notices import notice_service as notices
from portal.notices import notice_steps as steps
from portal.notices import outcome_service as outcomes
from portal.notices.follow_up_service import follow_ups_of
from portal.notices.outcome_rules import OutcomeInput
from portal.pool import proposal_service as proposals
from portal.questions import question_service as questions
from portal.threads import thread_service as threads
from portal.unit_of_work import unit_of_work
from tests.api_helpers import make_api_client
from tests.conftest import login
from tests.factories import PASSWORD, make_employment, make_notice, make_user, region
from tests.pool_helpers import published_profile
from tests.test_notice_form import form_data as notice_form_data

# Tables a read legitimately writes; everything else must stay exactly as it was.
NOT_COMPARED = {
    # Looking at personal data (a notice, an employee, a PDF) or being refused it is logged:
    # that is the access log's purpose. The database refuses updates and deletes there, so a
    # GET can only add to it.
    "audit_events",
    # Opening a thread records how far the user has read it (the unread badge): a read marker.
    "message_reads",
}
# GET routes that only do their work against a running OpenID provider: the provider sends the
# browser back by GET (the session cookie is SameSite=Lax, so a cross-site POST would lose the
# login's state), and that return logs the person in. The walk's app has no provider; the
# federated-login tests (tests/test_oidc_login.py) run these routes against a real one.
REACHED_ELSEWHERE = {"oidc.callback"}
# (No session or login table exists: sessions live in the signed cookie, and logging in, the
# only thing that writes users.last_login_at and totp_last_step, happens by POST before the walk.)


@dataclass
class Visitor:
    name: str
    role: str | None  # None: not logged in (a visitor, or halfway through the login)
    client: object
    results: list = field(default_factory=list)


def fingerprint() -> dict[str, tuple[int, str]]:
    """Per table: (row count, sha256 of every row). A fresh connection, so nothing cached."""
    prints = {}
    with db.engine.connect() as connection:
        for table in db.metadata.sorted_tables:
            if table.name in NOT_COMPARED:
                continue
            rows = sorted(repr(tuple(row)) for row in connection.execute(select(table)))
            prints[table.name] = (len(rows), hashlib.sha256("\n".join(rows).encode()).hexdigest())
    return prints


def token_from_mail(kind: str, pattern: str) -> str:
    body = db.session.scalars(select(OutboxEmail.body_text).where(OutboxEmail.kind == kind)
                              .order_by(OutboxEmail.id.desc())).first()
    return re.search(pattern, body).group(1)


def import_file(world) -> bytes:
    """A valid employment file of one line (checked, kept until an admin runs it)."""
    today = local_today()
    start, end = (today - timedelta(days=90)).strftime("%d-%m-%Y"), (today + timedelta(days=300)).strftime("%d-%m-%Y")
    header = ("personeelsnummer;naam;geboortedatum;functie;uren_per_week;contractsoort;begindatum;einddatum;"
              "werkplek;postcode;gemeente;arbeidsdeskundige;achtervang")
    line = (f"N001;Werknemer Import;14-03-2001;Medewerker groen;24;tijdelijk;{start};{end};Kwekerij Noord;1031 KS;"
            f"Amsterdam;{world.ad1.email};{world.ad2.email}")
    return f"{header}\n{line}\n".encode()


def build_arguments(app, world) -> dict[str, list]:
    """Real values for every URL argument the route table uses, so each view runs for real."""
    # An employer who manages colleagues sees the most pages.
    world.employer_a.is_organisation_admin = True
    extra = make_employment(world.org_a, world.loc_a, world.ad1, world.ad2, name="Zz Tijdelijk")
    with_consent = make_notice(world.employer_a, world.emp_a1, consent=True)  # withdrawable
    without_consent = make_notice(world.employer_a, extra, consent=False)
    # Threads with messages from both sides, so that opening them has something to mark read.
    threads.post_message(world.employer_a, "notice", with_consent, "Kunt u bellen?")
    db.session.commit()
    threads.post_message(world.ad1, "notice", with_consent, "Ik bel morgen.")
    db.session.commit()
    threads.post_message(world.wsp_amsterdam, "refill", with_consent.refill_request, "Welke werktijden?")
    db.session.commit()
    # A draft with every step answered, so the check page and every step of the notice form open.
    answers = {**notice_form_data(), steps.DONE_KEY: ",".join(step.slug for step in steps.STEPS)}
    drafts.save_draft(world.employer_a, world.emp_a2, answers, steps.draft_field_names())
    db.session.commit()
    make_employment(world.org_a, world.loc_a, world.ad1, name="Zz Verlengen?")  # temporary, no notice yet
    run_due_jobs()  # a contract-end question for it
    db.session.commit()
    prompt_ids = db.session.scalars(
        select(ContractEndPrompt.id).join(Employment).join(Employee)
        .where(Employee.organisation_id == world.org_a.id, ContractEndPrompt.status == "open")).all()
    assert prompt_ids, "the walk needs an open contract-end question"
    invited = invitations.invite_user(world.admin, email="nieuw@uwv.example", name="Nieuwe AD", role="ad")
    db.session.commit()
    invitation_token = token_from_mail("invitation", r"/uitnodiging/([\w-]+)")
    auth_service.request_password_reset(world.employer_a2.email)
    db.session.commit()
    reset_token = token_from_mail("password_reset", r"/wachtwoord-herstellen/([\w-]+)")
    _, batch = import_service.check_upload(world.admin, world.org_a, "medewerkers.csv", import_file(world),
                                           local_today())
    db.session.commit()
    assert batch is not None
    static_file = sorted(name for name in os.listdir(os.path.join(app.static_folder, "css")))[0]
    draft_id = db.session.scalar(select(NoticeDraft.id))
    # Horizon's leaver proposed to De Linde's freed job (the employer of the walk answers it).
    profile = published_profile(world, employment=world.emp_b1, employer=world.employer_b, ad=world.ad3)
    with unit_of_work():
        proposal = proposals.propose(world.wsp_amsterdam, with_consent.refill_request, profile)
    own_draft = published_profile(world, employment=make_employment(world.org_a, world.loc_a, world.ad1, name="Zz Pool"),
                                  publish=False)  # the walk's AD edits it
    # A request whose workplace has no municipality: the admin's routing form shows for it.
    waiting = make_notice(world.employer_b, world.emp_b_nowhere).refill_request
    # A notice closed without a new job 40 days after its end: its first nazorg question is open.
    ended = make_employment(world.org_a, world.loc_a, world.ad1, name="Zz Nazorg")
    follow_up_notice = make_notice(world.employer_a, ended, expected_end_date=local_today() - timedelta(days=40))
    notices.acknowledge(world.ad1, follow_up_notice)
    outcomes.close(world.ad1, follow_up_notice, OutcomeInput("back_on_benefit"), local_today())
    # An "ik twijfel" question with a message (the AD of emp_a2 is ad2; the walk's employer asked it).
    question = questions.ask(world.employer_a, world.emp_a2, "Twijfel over verlengen.",
                             local_today() + timedelta(days=20), local_today())
    questions.post_message(world.employer_a, question, "Kunt u meedenken?")
    db.session.commit()
    # The job coach's work on emp_a1 (issue 16.2): a concern signal and an accepted job-finding assignment.
    signal = coaching.report_concern(world.coach_a, world.emp_a1, "not_going_well", "Het gaat niet goed.")
    notices.acknowledge(world.ad1, with_consent)
    notices.record_plan(world.ad1, with_consent, "jobcoach_job_finding", local_today(), "")
    assignment = coaching.assign_job_finding(world.ad1, with_consent, world.coach_a.id, Decimal("20"), local_today(),
                                             local_today() + timedelta(days=30), local_today())
    coaching.accept_job_finding(world.coach_a, assignment)
    db.session.commit()
    return {
        "question_id": [question.id],
        "signal_id": [signal.id],
        "assignment_id": [assignment.id],
        "task_id": [follow_ups_of(follow_up_notice)[0].id],
        "profile_id": [proposal.profile_id, own_draft.id],
        "proposal_id": [proposal.id],
        "notice_id": [with_consent.id, without_consent.id],
        "refill_id": [with_consent.refill_request.id, without_consent.refill_request.id, waiting.id],
        "employee_id": [world.emp_a1.employee_id],
        "employment_id": [world.emp_a2.id, world.emp_a1.id],  # with a draft; with a notice
        "prompt_id": prompt_ids[:1],
        "user_id": [world.employer_a2.id, invited.id],
        "email_id": [db.session.scalar(select(OutboxEmail.id))],
        "batch_id": [batch.id],
        "organisation_id": [world.org_a.id],
        "region_id": [region("AM18").id],
        "location_id": [world.loc_a.id],
        "api_client_id": [make_api_client("national")[0].id],
        "draft_id": [draft_id],
        "step": [step.slug for step in steps.STEPS],
        "table": sorted(INSIGHT_TABLES),
        "filename": [f"css/{static_file}"],
        "name": ["eh"],  # an OpenID provider's name (none is configured here: a refusal page)
        "token": {"account.accept_invitation": [invitation_token], "account.reset_password": [reset_token],
                  "employee_access.enter": [employee_links.printable(with_consent)[0], "onbekend"]},
    }


def urls_for(app, rule, arguments) -> list[str]:
    adapter = app.url_map.bind("localhost")
    if not rule.arguments:
        return [adapter.build(rule.endpoint, {}, method="GET")]
    names = sorted(rule.arguments)
    choices = []
    for name in names:
        assert name in arguments, f"{rule.rule}: no test value for <{name}>; add one to build_arguments"
        values = arguments[name]
        choices.append(values[rule.endpoint] if isinstance(values, dict) else values)
    return [adapter.build(rule.endpoint, dict(zip(names, combination, strict=True)), method="GET")
            for combination in itertools.product(*choices)]


def get_rules(app):
    """Every page a browser can GET; the API's routes (a client token, no session) are walked the
    same way by tests/test_api_routes.py."""
    return sorted((r for r in app.url_map.iter_rules() if "GET" in r.methods
                   and getattr(app.view_functions[r.endpoint], "access_rule", None) != (API_CLIENT,)),
                  key=lambda r: r.rule)


def allowed_roles(app, rule) -> set:
    """The roles the view's access rule lets in; None stands for someone not logged in."""
    declared = set(getattr(app.view_functions[rule.endpoint], "access_rule", None) or (PUBLIC,))  # static files
    if PUBLIC in declared:
        return {*ROLES, None}
    return set(ROLES) if ANY_ROLE in declared else declared


def visitors(app, world) -> list[Visitor]:
    def logged_in(name, user):
        client = app.test_client()
        login(client, user)
        return Visitor(name, user.role, client)

    def halfway(name, user):
        # Password accepted, app code not yet given (or the app not yet connected).
        client = app.test_client()
        response = client.post("/inloggen", data={"email": user.email, "password": PASSWORD})
        assert response.headers["Location"] in ("/inloggen/code", "/inloggen/instellen")
        return Visitor(name, None, client)

    def employee(name):
        # The employee of the walk's first notice, on "Mijn overdracht" with link and code (no account).
        client = app.test_client()
        first = db.session.scalar(select(ContractEndNotice).order_by(ContractEndNotice.id).limit(1))
        token, code = employee_links.printable(first)
        assert client.post(f"/mijn-overdracht/{token}", data={"code": code}).status_code == 302
        return Visitor(name, None, client)

    not_enrolled = make_user("wsp", "Nog Geen App", regions=[region("AM18")])
    db.session.execute(update(User).where(User.id == not_enrolled.id).values(totp_secret=None))
    db.session.commit()
    return [
        logged_in("employer", world.employer_a),
        logged_in("employer of another organisation", world.employer_b),
        logged_in("ad", world.ad1),
        logged_in("wsp", world.wsp_amsterdam),
        logged_in("admin", world.admin),
        logged_in("jobcoach", world.coach_a),
        Visitor("visitor", None, app.test_client()),
        halfway("waiting for the app code", world.ad2),
        halfway("connecting the app", not_enrolled),
        employee("employee on their own page"),
    ]


def walk(app, world, rules):
    arguments = build_arguments(app, world)
    people = visitors(app, world)
    changes, errors = [], []
    before = fingerprint()
    for person in people:
        for rule in rules:
            for url in urls_for(app, rule, arguments):
                try:
                    response = person.client.get(url)
                    response.get_data()  # a streamed body (the CSV export) runs now, inside its own context
                    response.close()
                except Exception as error:  # noqa: BLE001  (the test client re-raises a view's crash)
                    errors.append(f"GET {url} as {person.name} raised {error!r}")
                    continue
                if response.status_code >= 500:
                    errors.append(f"GET {url} as {person.name}: {response.status_code}")
                person.results.append((rule, url, response))
                after = fingerprint()
                if after != before:
                    changed = sorted(name for name in after if after[name] != before[name])
                    changes.append(f"GET {url} as {person.name} ({response.status_code}) changed {changed}")
                    before = after
    return people, changes, errors


def test_no_get_request_changes_the_database(app, world):
    rules = get_rules(app)
    people, changes, errors = walk(app, world, rules)
    assert changes == []
    assert errors == []
    # The walk reached every view for real: some allowed visitor got the page itself, not a
    # refusal or a redirect to the login (else a GET that writes could hide behind a wrong id).
    unreached = []
    for rule in (rule for rule in rules if rule.endpoint not in REACHED_ELSEWHERE):
        allowed = allowed_roles(app, rule)
        if not any(status_ok(response) for person in people if person.role in allowed
                   for r, _, response in person.results if r is rule):
            unreached.append(rule.rule)
    assert unreached == []
    # Nobody was logged out by a GET along the way (which would have hidden the pages after it).
    for person in (p for p in people if p.role is not None):
        assert person.client.get("/account/wachtwoord").status_code == 200, person.name


def status_ok(response) -> bool:
    # The page itself, or a redirect the view decided on (the start page sends a user to their
    # home); a redirect to the login page means the view never ran.
    if response.status_code == 200:
        return True
    return response.status_code == 302 and not response.headers["Location"].startswith("/inloggen")


def test_pages_that_accept_post_show_a_form_on_get(app, world):
    """A route that takes both GET and POST is a form page: its GET shows the form that posts.
    A state change reachable by GET (a button's route opened up) shows no form."""
    rules = [rule for rule in get_rules(app) if "POST" in rule.methods]
    people, changes, errors = walk(app, world, rules)
    assert (changes, errors) == ([], [])
    without_form = []
    for rule in (rule for rule in rules if rule.endpoint not in REACHED_ELSEWHERE):
        allowed = allowed_roles(app, rule)
        pages = [response.get_data(as_text=True) for person in people if person.role in allowed
                 for r, _, response in person.results if r is rule and response.status_code == 200]
        if not any(re.search(r'<form[^>]*method="post"', page) for page in pages):
            without_form.append(rule.rule)
    assert without_form == []


def test_withdrawing_consent_twice_gives_a_message_not_an_error_page(client, world):
    notice = make_notice(world.employer_a, world.emp_a1)
    login(client, world.employer_a)
    assert client.post(f"/meldingen/{notice.id}/toestemming-intrekken").status_code == 302
    again = client.post(f"/meldingen/{notice.id}/toestemming-intrekken", follow_redirects=True)
    assert again.status_code == 200
    assert "Er is geen toestemming om in te trekken." in again.get_data(as_text=True)
