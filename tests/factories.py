"""Builders for test data. They use the real service functions wherever a service exists."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from itertools import count

from sqlalchemy import select

from portal.auth.account_service import create_user
from portal.auth.passwords import hash_password
from portal.extensions import db
from portal.formatting import local_today
from portal.models import (
    CaseworkerAssignment,
    Employee,
    Employment,
    JobCoachLink,
    Location,
    Municipality,
    Organisation,
    Region,
)
from portal.notices import notice_service as notices
from portal.notices.notice_service import NoticeInput, RefillDetails
from portal.notices.outcome_rules import OutcomeInput
from portal.unit_of_work import unit_of_work

PASSWORD = "een-lang-test-wachtwoord"
# Users who must use two-factor login are enrolled with this secret (pyotp.TOTP(TOTP_SECRET).now()).
TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
_hash_cache: dict[str, str] = {}
_sequence = count(1)


def password_hash() -> str:
    # One argon2id hash per run: hashing is deliberately slow.
    if PASSWORD not in _hash_cache:
        _hash_cache[PASSWORD] = hash_password(PASSWORD)
    return _hash_cache[PASSWORD]


def region(code: str) -> Region:
    return db.session.scalar(select(Region).where(Region.code == code))


def municipality(name: str) -> Municipality:
    return db.session.scalar(select(Municipality).where(Municipality.name == name))


def make_organisation(name: str = "Testbedrijf") -> Organisation:
    n = next(_sequence)
    organisation = Organisation(
        name=f"{name} {n}", kvk_number=f"{10000000 + n}", pso_level="trede_1", is_active=True,
        pso_valid_until=local_today() + timedelta(days=365),
    )
    db.session.add(organisation)
    db.session.flush()
    return organisation


def make_location(organisation: Organisation, municipality_name: str | None) -> Location:
    location = Location(
        organisation=organisation, name=f"Werkplek {municipality_name or 'onbekend'}",
        municipality=municipality(municipality_name) if municipality_name else None,
    )
    db.session.add(location)
    db.session.flush()
    return location


def make_user(role: str, name: str | None = None, organisation=None, regions=()) -> object:
    n = next(_sequence)
    user = create_user(
        email=f"{role}{n}@test.example", name=name or f"{role.title()} {n}", role=role, phone=f"06 1234 {n:04d}",
        organisation=organisation, regions=list(regions), password_hash=password_hash(),
    )
    if role != "employer":
        user.totp_secret = TOTP_SECRET
    db.session.commit()
    return user


def make_employment(
    organisation, location, ad, backup=None, *, name: str | None = None, contract_type="temporary",
    start: date | None = None, end: date | None | str = "default",
) -> Employment:
    n = next(_sequence)
    today = local_today()
    employee = Employee(organisation=organisation, personnel_number=f"P{n:05d}", name=name or f"Werknemer {n}")
    if end == "default":
        end = today + timedelta(days=60) if contract_type == "temporary" else None
    employment = Employment(
        employee=employee, location=location, job_title="Medewerker magazijn", hours_per_week=Decimal("24"),
        contract_type=contract_type, start_date=start or today - timedelta(days=300), end_date=end,
    )
    db.session.add_all([employee, employment, CaseworkerAssignment(employee=employee, ad=ad, backup_ad=backup)])
    db.session.commit()
    return employment


def notice_input(employment, *, consent=True, refill=True, **changes) -> NoticeInput:
    today = local_today()
    values = dict(
        expected_end_date=employment.end_date or today + timedelta(days=60),
        reason_category="temp_no_work",
        initiative="employer",
        reason_text="Minder werk.",
        handover_notes={"notes_strengths": "Zeer nauwkeurig", "notes_wishes": "Wil buiten werken"},
        notes_discussed=consent,
        consent_given=consent,
        consent_date=today - timedelta(days=1) if consent else None,
        refill=RefillDetails(job_title="Medewerker magazijn", hours_per_week=Decimal("24"), tasks="Orders picken")
        if refill else None,
    )
    values.update(changes)
    return NoticeInput(**values)


def make_notice(employer, employment, **kwargs):
    with unit_of_work():
        return notices.file_notice(employer, employment, notice_input(employment, **kwargs), today=local_today())


def new_job(notice, days_after_end: int = 7, **changes) -> OutcomeInput:
    """A consistent "new job" outcome: a known start just after the old end date."""
    values = dict(outcome="new_job", start_date=notice.expected_end_date + timedelta(days=days_after_end),
                  employer_name="Kwekerij Het Groene Hart", hours=Decimal("24"), contract_type="temporary")
    values.update(changes)
    return OutcomeInput(**values)


@dataclass
class World:
    org_a: Organisation
    org_b: Organisation
    loc_a: Location
    loc_b: Location
    loc_nowhere: Location
    employer_a: object
    employer_a2: object
    employer_b: object
    ad1: object
    ad2: object
    ad3: object
    wsp_amsterdam: object
    wsp_amsterdam2: object
    wsp_rijnmond: object
    admin: object
    emp_a1: Employment
    emp_a2: Employment
    emp_b1: Employment
    emp_b_nowhere: Employment
    coach_a: object  # job coach of emp_a1 only (issue 16.2)
    extra: dict = field(default_factory=dict)


def build_world() -> World:
    org_a, org_b = make_organisation("De Linde"), make_organisation("Horizon")
    loc_a = make_location(org_a, "Amsterdam")  # AM18 Groot Amsterdam
    loc_b = make_location(org_b, "Rotterdam")  # AM22 Rijnmond
    loc_nowhere = make_location(org_b, None)
    ad1, ad2, ad3 = make_user("ad", "Sanne de Vries"), make_user("ad", "Ruben Smit"), make_user("ad", "Esra Mulder")
    world = World(
        org_a=org_a, org_b=org_b, loc_a=loc_a, loc_b=loc_b, loc_nowhere=loc_nowhere,
        employer_a=make_user("employer", "Marieke Jansen", organisation=org_a),
        employer_a2=make_user("employer", "Peter Kok", organisation=org_a),
        employer_b=make_user("employer", "Ahmed Bakker", organisation=org_b),
        ad1=ad1, ad2=ad2, ad3=ad3,
        wsp_amsterdam=make_user("wsp", "Lotte Meijer", regions=[region("AM18")]),
        wsp_amsterdam2=make_user("wsp", "Karim Bos", regions=[region("AM18")]),
        wsp_rijnmond=make_user("wsp", "Nora Peters", regions=[region("AM22")]),
        admin=make_user("admin", "Femke de Graaf"),
        emp_a1=make_employment(org_a, loc_a, ad1, ad2, name="Daan de Jong"),
        emp_a2=make_employment(org_a, loc_a, ad2, None, name="Lieke Bakker", contract_type="permanent"),
        emp_b1=make_employment(org_b, loc_b, ad3, None, name="Yara Kaya"),
        emp_b_nowhere=make_employment(org_b, loc_nowhere, ad3, None, name="Bram Vos"),
        coach_a=make_user("jobcoach", "Jasper Coach"),
    )
    link_coach(world.coach_a, world.emp_a1)
    return world


def link_coach(coach, employment, kind: str = "external", organisation_name: str = "Jobcoach Werkt BV"):
    """The link an invitation makes (portal/jobcoach/invite_service.py), without the mail."""
    link = JobCoachLink(employment_id=employment.id, coach_id=coach.id, kind=kind,
                        organisation_name=organisation_name if kind == "external" else "")
    db.session.add(link)
    db.session.commit()
    return link


