"""`flask seed demo`: a small, realistic demo world, built through the real service functions."""
from __future__ import annotations

import random
import secrets
from datetime import date, timedelta
from decimal import Decimal

from sqlalchemy import select, update

from portal.auth.account_service import create_user
from portal.auth.passwords import hash_password
from portal.employee_access import links as employee_links
from portal.extensions import db
from portal.jobcoach import coach_service
from portal.jobs.runner import run_due_jobs
from portal.models import (
    OPEN_NOTICE_STATES,
    CaseworkerAssignment,
    ContractEndNotice,
    Employee,
    Employment,
    JobCoachLink,
    Location,
    Municipality,
    Organisation,
    Region,
    WorkflowEvent,
    user_regions,
    utcnow,
)
from portal.notices import notice_service as notices
from portal.notices import outcome_service as outcomes
from portal.notices.notice_service import NoticeInput, RefillDetails
from portal.notices.outcome_rules import OutcomeInput
from portal.notifications.outbox import absolute_url
from portal.questions import question_service as questions
from portal.regions import import_regions, packaged_csv_text
from portal.seed_demo_absence import load_absence
from portal.seed_demo_next_job import load_ended_jobs
from portal.seed_demo_pool import load_pool
from portal.threads import thread_service as threads
from portal.unit_of_work import unit_of_work
from portal.vacancies import refill_service as vacancies
from portal.workflows import NOTICE_WORKFLOW, REFILL_WORKFLOW

DEMO_KVK = ("12345678", "87654321")
# The demo employee who gets the link to "Mijn overdracht" by e-mail too (the dev mail server keeps it).
DEMO_EMPLOYEE_EMAIL = "werknemer@voorbeeld.example"
# AD, WSP and admin demo users are enrolled for two-factor login with this key: add it to any
# authenticator app, or print the current code with `flask users code EMAIL` (never in production).
DEMO_TOTP_SECRET = "KRUGS4ZANFZSAYJAMRSW23ZAONSWG4TF"  # noqa: S105 (not a secret: a fixed development value) # demo data only, seeding is refused in production  # nosec B105

WSP_CONTACTS = {
    "AM18": ("WSP Groot Amsterdam", "wsp@grootamsterdam.example", "020 555 0100"),
    "AM13": ("WSP Midden-Utrecht", "wsp@middenutrecht.example", "030 555 0200"),
    "AM22": ("WSP Rijnmond", "wsp@rijnmond.example", "010 555 0300"),
}

# (adviser e-mail, region code): hears of escalations in that region
COORDINATORS = [("k.bos@wsp.example", "AM13"), ("l.meijer@wsp.example", "AM18"), ("n.peters@wsp.example", "AM22")]

USERS = [
    # email, name, role, phone, organisation kvk, region codes
    ("m.jansen@delinde.example", "Marieke Jansen", "employer", "020 555 1234", "12345678", ()),
    ("p.kok@delinde.example", "Peter Kok", "employer", "020 555 1235", "12345678", ()),
    ("a.bakker@horizon.example", "Ahmed Bakker", "employer", "010 555 4321", "87654321", ()),
    ("s.devries@uwv.example", "Sanne de Vries", "ad", "088 898 1001", None, ()),
    ("r.smit@uwv.example", "Ruben Smit", "ad", "088 898 1002", None, ()),
    ("e.mulder@uwv.example", "Esra Mulder", "ad", "088 898 1003", None, ()),
    ("j.visser@uwv.example", "Joost Visser", "ad", "088 898 1004", None, ()),
    ("l.meijer@wsp.example", "Lotte Meijer", "wsp", "020 555 0101", None, ("AM18",)),
    ("k.bos@wsp.example", "Karim Bos", "wsp", "030 555 0201", None, ("AM13", "AM18")),
    ("n.peters@wsp.example", "Nora Peters", "wsp", "010 555 0301", None, ("AM22",)),
    ("beheer@servicepunt.example", "Femke de Graaf", "admin", "088 898 2000", None, ()),
    ("w.brands@jobcoachplus.example", "Willem Brands", "jobcoach", "06 5555 1001", None, ()),
]

FIRST_NAMES = ["Daan", "Sem", "Lieke", "Noah", "Tess", "Milan", "Yara", "Luuk", "Fleur", "Bram",
               "Iris", "Thijs", "Noor", "Jesse", "Sara", "Ravi", "Mila", "Owen", "Lina", "Kevin"]
LAST_NAMES = ["de Jong", "Jansen", "de Boer", "van Dijk", "Bakker", "Hendriks", "Dekker", "Brouwer",
              "van Leeuwen", "Kaya", "Yilmaz", "Willems", "Koster", "Vos", "Peeters", "Bosman"]
JOBS = [("Medewerker groenvoorziening", 24), ("Medewerker logistiek", 32), ("Facilitair medewerker", 20),
        ("Medewerker schoonmaak", 16), ("Administratief medewerker", 28), ("Medewerker keuken", 24)]


def is_loaded() -> bool:
    return db.session.scalar(select(Organisation.id).where(Organisation.kvk_number == DEMO_KVK[0])) is not None


def demo_logins() -> list[tuple[str, str, str]]:
    return [(email, name, role) for email, name, role, *_ in USERS]


def load(password: str, today: date) -> None:
    """The demo in one transaction, then the scheduled work (each piece its own transaction)."""
    with unit_of_work():
        _load_data(password, today)
    run_due_jobs()  # prompts for contracts ending soon; reminders for the overdue notice


def _load_data(password: str, today: date) -> None:
    import_regions(packaged_csv_text())
    regions = {r.code: r for r in db.session.scalars(select(Region))}
    for code, (name, email, phone) in WSP_CONTACTS.items():
        regions[code].wsp_name, regions[code].wsp_email, regions[code].wsp_phone = name, email, phone
    municipality = {m.name: m for m in db.session.scalars(select(Municipality))}

    linde = _organisation("Groenvoorziening De Linde B.V.", DEMO_KVK[0], "PSO-2024-0412", "trede_2", today)
    horizon = _organisation("Zorggroep Horizon", DEMO_KVK[1], "PSO-2025-1187", "trede_1", today)
    locations = [
        _location(linde, "Kwekerij Amsterdam-Noord", "Buiksloterweg 12", "1031 CC", "Amsterdam", municipality["Amsterdam"]),
        _location(linde, "Vestiging Utrecht", "Kanaalweg 50", "3526 KM", "Utrecht", municipality["Utrecht"]),
        _location(horizon, "Woonzorgcentrum De Maas", "Maasboulevard 3", "3011 TX", "Rotterdam", municipality["Rotterdam"]),
        # A workplace whose municipality is not known yet: its refill requests wait for an admin.
        _location(horizon, "Dagbesteding (adres onbekend)", "", "", "", None),
    ]

    shared_hash = hash_password(password)
    users = {}
    for email, name, role, phone, kvk, region_codes in USERS:
        organisation = {DEMO_KVK[0]: linde, DEMO_KVK[1]: horizon}.get(kvk or "")
        users[email] = create_user(
            email=email, name=name, role=role, phone=phone, organisation=organisation,
            regions=[regions[c] for c in region_codes], password_hash=shared_hash,
        )
        if role != "employer":
            users[email].totp_secret = DEMO_TOTP_SECRET
    for email, code in COORDINATORS:
        db.session.execute(
            update(user_regions)
            .where(user_regions.c.user_id == users[email].id, user_regions.c.region_id == regions[code].id)
            .values(is_coordinator=True)
        )
    for organisation in (linde, horizon):  # the certificates were checked by the demo admin
        organisation.pso_verified_by_id = users["beheer@servicepunt.example"].id
        organisation.pso_verified_at = utcnow()
    ads = [u for u in users.values() if u.role == "ad"]

    rng = random.Random(2026)  # noqa: S311 (demo data, not a secret) # deterministic demo data, not security  # nosec B311
    employments = []
    for number in range(1, 41):
        location = locations[number % len(locations)] if number % 10 else locations[0]
        organisation = linde if location.organisation is linde else horizon
        employee = Employee(
            organisation=organisation,
            personnel_number=f"{'L' if organisation is linde else 'H'}{1000 + number}",
            name=f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}",
            date_of_birth=date(1995, 1, 1) + timedelta(days=rng.randint(0, 3650)),
        )
        job_title, hours = rng.choice(JOBS)
        temporary = number % 3 != 0
        start = today - timedelta(days=rng.randint(60, 900))
        if temporary:  # noqa: SIM108  (the comment below explains the branch)
            # Every fourth temporary contract ends within three months, so the dashboard shows the warning.
            end = today + timedelta(days=rng.randint(10, 85) if number % 4 == 1 else rng.randint(100, 330))
        else:
            end = None
        employment = Employment(
            employee=employee, location=location, job_title=job_title, hours_per_week=Decimal(hours),
            contract_type="temporary" if temporary else "permanent", start_date=start, end_date=end,
            job_coach_type=rng.choice(["none", "none", "external", "internal"]),
        )
        if employment.job_coach_type == "external":
            employment.job_coach_organisation, employment.job_coach_name = "Jobcoach Plus", "Willem Brands"
        ad_index = (number + (0 if organisation is linde else 2)) % len(ads)
        db.session.add_all([
            employee,
            employment,
            CaseworkerAssignment(employee=employee, ad=ads[ad_index], backup_ad=ads[(ad_index + 1) % len(ads)]),
        ])
        employments.append(employment)
    db.session.flush()
    _demo_workflows(users, employments, today)
    _demo_job_coach(users["w.brands@jobcoachplus.example"], employments)


def _demo_job_coach(coach, employments) -> None:
    """Willem Brands (Jobcoach Plus) coaches the employees with an external job coach, and has sent
    one concern signal, waiting in the AD's inbox (issue 16.2)."""
    coached = [e for e in employments if e.job_coach_type == "external"]
    for employment in coached:
        db.session.add(JobCoachLink(employment=employment, coach=coach, kind="external",
                                    organisation_name=employment.job_coach_organisation))
    db.session.flush()
    if coached:
        coach_service.report_concern(coach, coached[0], "may_not_renew",
                                     "De werkgever twijfelt of het contract wordt verlengd. Hij is er onrustig van.")


def _organisation(name, kvk, certificate, level, today) -> Organisation:
    organisation = Organisation(
        name=name, kvk_number=kvk, pso_certificate_number=certificate, pso_level=level,
        pso_certifying_body="Stichting PSO", pso_valid_from=today - timedelta(days=400),
        pso_valid_until=today + timedelta(days=700), is_active=True,
    )
    db.session.add(organisation)
    return organisation


def _location(organisation, name, street, postcode, city, municipality) -> Location:
    location = Location(organisation=organisation, name=name, street=street, postcode=postcode,
                        city=city, municipality=municipality)
    db.session.add(location)
    return location


def _notice(employer, employment, today, consent=True, refill=True, end: date | None = None,
            employee_email: str = "") -> ContractEndNotice:
    data = NoticeInput(
        expected_end_date=end or employment.end_date or today + timedelta(days=60),
        reason_category="temp_no_work" if employment.contract_type == "temporary" else "mutual_agreement",
        initiative="employer",
        reason_text="Er is na de zomer minder werk op deze afdeling.",
        handover_notes={
            "notes_tasks": "Planten oppotten, orders klaarzetten, de kantine bijhouden.",
            "notes_strengths": "Heel precies en betrouwbaar. Altijd op tijd.",
            "notes_attention": "Heeft moeite met drukte en veranderingen op het laatste moment.",
            "notes_adaptations": "Vaste begintijd, een vaste collega als maatje, een taakkaart per dag.",
            "notes_next_roles": "Werk met een vaste structuur, bijvoorbeeld in een magazijn of kwekerij.",
            "notes_wishes": "Wil graag buiten blijven werken, dicht bij huis.",
        },
        notes_discussed=consent,
        consent_given=consent,
        consent_date=today - timedelta(days=3) if consent else None,
        refill=RefillDetails(job_title=employment.job_title, hours_per_week=employment.hours_per_week,
                             tasks="Zie de functieomschrijving.", requirements="Zorgvuldig en op tijd.",
                             adaptations="Vaste begintijd en een taakkaart.",
                             wanted_start_date=today + timedelta(days=45)) if refill else None,
        employee_email=employee_email,
    )
    return notices.file_notice(employer, employment, data, today=today)


def _demo_workflows(users, employments, today) -> None:  # noqa: C901  (one branch per demo state)
    """A few notices and refill requests in every state, through the real workflow."""
    def employer_of(employment):
        kvk = employment.location.organisation.kvk_number
        return users["m.jansen@delinde.example"] if kvk == DEMO_KVK[0] else users["a.bakker@horizon.example"]

    def ad_of(employment):
        return next(a for a in employment.employee.assignments if a.valid_until is None).ad

    def wsp_for(refill):
        return next(u for u in users.values() if u.role == "wsp" and refill.region in u.regions)

    temporary = [e for e in employments if e.contract_type == "temporary" and e.location.municipality]
    states = ["submitted", "submitted_no_consent", "acknowledged", "plan", "closed", "withdrawn", "claimed",
              "proposed", "filled", "not_filled", "reopened", "follow_up"]
    for state, employment in zip(states, temporary, strict=False):
        # follow_up: the work stopped 40 days ago, so the first nazorg question is open today.
        notice = _notice(employer_of(employment), employment, today, consent=state != "submitted_no_consent",
                         end=today - timedelta(days=40) if state == "follow_up" else None,
                         employee_email=DEMO_EMPLOYEE_EMAIL if state == "acknowledged" else "")
        if state == "submitted":
            # Filed two weeks ago and never read: the demo shows an overdue item and its escalation.
            _backdate(notice, days=14)
        refill = notice.refill_request
        ad = ad_of(employment)
        if state == "acknowledged":
            threads.post_message(employer_of(employment), "notice", notice,
                                 "Wilt u ook met de jobcoach praten? Die kent haar goed.")
            threads.post_message(ad, "notice", notice, "Goed idee. Ik bel de jobcoach deze week en laat het u weten.")
        if state == "claimed":
            threads.post_message(wsp_for(refill), "refill", refill, "Mag een kandidaat eerst een dag meelopen?")
        if state in ("acknowledged", "plan", "closed", "reopened", "follow_up"):
            notices.acknowledge(ad, notice)
        if state in ("plan", "closed", "reopened"):
            notices.record_plan(ad, notice, "internal_mediation", today + timedelta(days=7), "")
        if state in ("closed", "reopened"):
            # Before the end date: only with a new job whose start is known (issue 15).
            outcomes.close(ad, notice, OutcomeInput(
                "new_job", "Geplaatst bij een andere werkgever in de buurt.",
                start_date=notice.expected_end_date + timedelta(days=7), employer_name="Kwekerij Het Groene Hart",
                hours=Decimal("24"), contract_type="temporary"), today)
        if state == "reopened":
            outcomes.reopen(ad, notice, "De nieuwe baan gaat niet door: de kwekerij trok het aanbod in.")
        if state == "follow_up":  # closed without a new job: the nazorg asks the AD
            outcomes.close(ad, notice, OutcomeInput("back_on_benefit", "Nog geen nieuwe baan; Naar werk start."), today)
        if state == "withdrawn":
            notices.withdraw(employer_of(employment), notice, "Het contract wordt toch verlengd.")
        if state in ("claimed", "proposed", "filled", "not_filled") and refill is not None:
            adviser = wsp_for(refill)
            vacancies.claim(adviser, refill)
            if state in ("proposed", "filled", "not_filled"):
                vacancies.propose_candidates(adviser, refill, "Twee kandidaten uit ons bestand, gesprekken volgende week.")
            if state == "filled":
                vacancies.close(adviser, refill, True, today + timedelta(days=30), "")
            if state == "not_filled":
                vacancies.close(adviser, refill, False, None, "Geen geschikte kandidaat binnen de gewenste termijn.")
    unrouted = next(e for e in employments if e.location.municipality is None)
    _notice(employer_of(unrouted), unrouted, today)
    load_pool(users, employments, today, _notice, ad_of, employer_of)
    horizon = next(e.location for e in employments
                   if e.location.municipality and e.location.organisation.kvk_number == DEMO_KVK[1])
    load_ended_jobs(horizon, users["j.visser@uwv.example"], users["r.smit@uwv.example"],
                    users["a.bakker@horizon.example"], today, _notice)
    load_absence(users, employments, today)
    _open_question(employer_of, employments, today)


def _open_question(employer_of, employments, today) -> None:
    """One "ik twijfel" question waiting for its AD (issue 16.3), on a contract without a notice."""
    employment = next(e for e in employments if e.contract_type == "temporary" and e.end_date is not None
                      and e.end_date > today + timedelta(days=100) and e.location.organisation.kvk_number == DEMO_KVK[0]
                      and not notices.has_open_notice(e))
    questions.ask(employer_of(employment), employment,
                  "Het werk gaat de laatste weken minder goed: in de drukke kas raakt de werknemer snel overprikkeld. "
                  "We twijfelen of we het contract verlengen. Kunt u meedenken over aanpassingen?",
                  employment.end_date - timedelta(days=31), today)


def demo_employee_link() -> tuple[str, str, str, str] | None:
    """The demo employee's own page: (name, link, code, AD e-mail), printed by `flask seed demo`.
    The code is derived again from the stored seed (employee_access/links.py), never stored."""
    notice = db.session.scalar(
        select(ContractEndNotice).where(ContractEndNotice.employee_email == DEMO_EMPLOYEE_EMAIL,
                                        ContractEndNotice.status.in_(OPEN_NOTICE_STATES))
    )
    printable = employee_links.printable(notice) if notice is not None else None
    if notice is None or printable is None:
        return None
    token, code = printable
    assignment = notice.employment.employee.current_assignment
    return (notice.employment.employee.name, absolute_url("employee_access.enter", token=token), code,
            assignment.ad.email if assignment else "")


def _backdate(notice, days: int) -> None:
    """Move a fresh notice (and its refill request) back in time, deadlines and events included."""
    moment = utcnow() - timedelta(days=days)
    for workflow, obj in ((NOTICE_WORKFLOW, notice), (REFILL_WORKFLOW, notice.refill_request)):
        if obj is None:
            continue
        obj.created_at = moment
        obj.response_due = workflow.due(obj.status, moment)
        db.session.execute(
            update(WorkflowEvent)
            .where(WorkflowEvent.subject_type == workflow.subject_type, WorkflowEvent.subject_id == obj.id)
            .values(created_at=moment)
        )
    db.session.flush()


def demo_password(configured: str) -> tuple[str, bool]:
    """The configured demo password, or a new random one (returned with generated=True)."""
    if configured:
        return configured, False
    return secrets.token_urlsafe(12), True
