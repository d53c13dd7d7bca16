"""Shared pieces of the journey tests: demo users, app codes, free contracts, notices made for one test.

The test database is shared by the whole session, so a journey never counts on what another test
did: it asks the database for a contract nobody has reported yet and files its own notice.
"""
from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

EMPLOYER = "m.jansen@delinde.example"  # Groenvoorziening De Linde
OTHER_EMPLOYER_KVK = "87654321"  # Zorggroep Horizon: another organisation
EMPLOYER_KVK = "12345678"
# Karim Bos works in Midden-Utrecht and Groot Amsterdam: the regions of both De Linde workplaces.
WSP_ADVISER = "k.bos@wsp.example"
WSP_ADVISER_NAME = "Karim Bos"


def fresh_totp_code(app, email: str) -> str:
    """A code the server has not seen yet (a code works once, and tests log the same user in often)."""
    import pyotp
    from sqlalchemy import update

    from portal.extensions import db
    from portal.models import User
    from portal.seed_demo import DEMO_TOTP_SECRET

    with app.app_context():
        db.session.execute(update(User).where(User.email == email).values(totp_last_step=None))
        db.session.commit()
    return pyotp.TOTP(DEMO_TOTP_SECRET).now()


def free_employments(app, today: date, *, temporary: bool | None = None) -> list[dict]:
    """De Linde contracts with no notice (of any state) and no draft, last personnel number first.

    The older tests take the first free employee by name from the list, so these come from the
    other end. Every call asks again, so the answer is the database as it is now.
    """
    from sqlalchemy import exists, select

    from portal.extensions import db
    from portal.models import ContractEndNotice, Employee, Employment, Location, NoticeDraft, Organisation

    with app.app_context():
        query = (
            select(Employment, Employee)
            .join(Employee, Employment.employee_id == Employee.id)
            .join(Location, Employment.location_id == Location.id)
            .join(Organisation, Location.organisation_id == Organisation.id)
            .where(
                Organisation.kvk_number == EMPLOYER_KVK,
                Location.municipality_id.is_not(None),  # so the refill request goes to a region's WSP
                Employment.end_date.is_(None) | (Employment.end_date >= today),
                ~exists().where(ContractEndNotice.employment_id == Employment.id),
                ~exists().where(NoticeDraft.employment_id == Employment.id),
            )
            .order_by(Employee.personnel_number.desc())
        )
        if temporary is not None:
            query = query.where(Employment.contract_type == ("temporary" if temporary else "permanent"))
        if temporary:  # with its end date: the pool's hire (POOL-...) is temporary without one
            query = query.where(Employment.end_date.is_not(None))
        return [
            {"employment_id": employment.id, "employee_id": employee.id, "name": employee.name,
             "personnel_number": employee.personnel_number, "end_date": employment.end_date,
             "job_title": employment.job_title}
            for employment, employee in db.session.execute(query).all()
        ]


def file_notice(app, today: date, job_title: str = "Medewerker kwekerij") -> dict:
    """File a notice for a free De Linde contract through the service, as the demo employer: with
    handover notes, the employee's consent and a refill request. Fast (no browser); returns what a
    test needs to find it again."""
    from sqlalchemy import select

    from portal.extensions import db
    from portal.models import Employment, User
    from portal.notices import notice_service as notices
    from portal.notices.notice_service import NoticeInput, RefillDetails
    from portal.unit_of_work import unit_of_work

    free = free_employments(app, today)
    assert free, "no De Linde contract without a notice is left in the demo data"
    chosen = free[0]
    with app.app_context(), unit_of_work():  # committed here, as a command would
        employment = db.session.get(Employment, chosen["employment_id"])
        employer = db.session.scalars(select(User).where(User.email == EMPLOYER)).one()
        notice = notices.file_notice(employer, employment, NoticeInput(
            expected_end_date=employment.end_date or today + timedelta(days=60),
            reason_category="mutual_agreement",
            initiative="employer",
            reason_text="Het werk op deze afdeling stopt.",
            handover_notes={"notes_tasks": "Stekken verzorgen en de kas schoonhouden.",
                            "notes_strengths": "Rustig, precies en heel betrouwbaar."},
            notes_discussed=True, consent_given=True, consent_date=today,
            refill=RefillDetails(job_title=job_title, hours_per_week=Decimal(24),
                                 tasks="Stekken verzorgen.", requirements="Zorgvuldig werken."),
        ), today=today)
        assignment = employment.employee.current_assignment
        return {**chosen, "notice_id": notice.id, "refill_id": notice.refill_request.id,
                "refill_job_title": job_title, "ad_email": assignment.ad.email, "ad_name": assignment.ad.name}


def other_organisation_objects(app) -> dict:
    """Ids of a notice, an employee and a refill request of Zorggroep Horizon (not De Linde)."""
    from sqlalchemy import select

    from portal.extensions import db
    from portal.models import ContractEndNotice, Employee, Employment, Location, Organisation, RefillRequest

    with app.app_context():
        organisation_id = db.session.scalar(select(Organisation.id).where(Organisation.kvk_number == OTHER_EMPLOYER_KVK))
        notice_id, employee_id = db.session.execute(
            select(ContractEndNotice.id, Employment.employee_id)
            .join(Employment, ContractEndNotice.employment_id == Employment.id)
            .join(Location, Employment.location_id == Location.id)
            .where(Location.organisation_id == organisation_id)
            .order_by(ContractEndNotice.id)
        ).first()
        refill_id = db.session.scalar(
            select(RefillRequest.id).where(RefillRequest.notice_id == notice_id)
        )
        assert db.session.get(Employee, employee_id).organisation_id == organisation_id
        return {"notice_id": notice_id, "employee_id": employee_id, "refill_id": refill_id}


# --- Forms: the date pattern and the stepped notice form (issue 18) -------------------------------


def fill_date(scope, legend: str, day: date) -> None:
    """Type a date into the three boxes (dag, maand, jaar) of the group named `legend`."""
    group = scope.get_by_role("group", name=legend)
    for label, value in (("Dag", day.day), ("Maand", day.month), ("Jaar", day.year)):
        group.get_by_label(label, exact=True).fill(str(value))


def date_parts(scope, legend: str) -> tuple[str, str, str]:
    group = scope.get_by_role("group", name=legend)
    return tuple(group.get_by_label(label, exact=True).input_value() for label in ("Dag", "Maand", "Jaar"))


def file_notice_in_steps(page, today: date, *, end: date | None = None, notes: dict[str, str] | None = None,
                         consent: bool = True, refill: dict[str, str] | None = None, on_step=None) -> None:
    """Walk the stepped notice form from its first step (mouse and typing) and file the notice.

    notes: handover notes by label; refill: the job's fields by label (None: no refill request);
    on_step(name) is called on every page, e.g. to run the accessibility checks there.
    """
    from playwright.sync_api import expect

    def next_step(name: str) -> None:
        if on_step:
            on_step(name)
        page.get_by_role("button", name="Opslaan en verder").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Het einde van het werk")
    if end is not None or date_parts(page, "Wanneer stopt het werk?")[2] == "":
        fill_date(page, "Wanneer stopt het werk?", end or today + timedelta(days=60))
    page.get_by_label("Wat is de reden?").select_option(label="Beëindiging met wederzijds goedvinden")
    page.get_by_role("group", name="Wie nam het initiatief?").get_by_label("Werkgever").check()
    next_step("einde")
    for label, text in (notes or {}).items():
        page.get_by_label(label).fill(text)
    next_step("overdracht")
    if consent:
        page.get_by_label("Ik heb deze notities met de werknemer besproken").check()
        page.get_by_label("De werknemer vindt het goed dat UWV deze notities leest").check()
    next_step("toestemming")
    if consent:
        fill_date(page, "Wanneer gaf de werknemer toestemming?", today)
        next_step("toestemming-datum")
    page.get_by_role("group", name="Wilt u de plek opnieuw invullen?").get_by_label(
        "Ja" if refill else "Nee", exact=True).check()
    next_step("plek")
    if refill:
        for label, text in refill.items():
            page.get_by_label(label, exact=True).fill(text)
        next_step("plek-gegevens")
    expect(page.get_by_role("heading", level=1)).to_have_text("Controleer uw melding")
    if on_step:
        on_step("controleren")
    page.get_by_role("button", name="Melding versturen").click()
