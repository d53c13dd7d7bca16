"""Importing employees, employments and AD assignments for one organisation.

Two steps. `check_text` reads every line and checks it against the portal's data; it writes
nothing. Only a file without a single error is written, all of it in one transaction.
Importing the same file again changes nothing: an employee is found by personnel number, a
contract by employee and start date. A new AD for someone already in the portal is announced
to the employer's users, as any change of AD is.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, func, insert, select, update
from sqlalchemy.exc import IntegrityError

from portal.admin.import_format import FileRejected, LineData, RawLine, decode, parse_line, read_lines
from portal.admin.trail_service import record_change
from portal.extensions import changed_rows, db
from portal.models import (
    CaseworkerAssignment,
    Employee,
    Employment,
    ImportBatch,
    Location,
    Municipality,
    Organisation,
    User,
    utcnow,
)
from portal.notifications import messages
from portal.unit_of_work import refusable_step
from portal.workflows import InputRejected

BATCH_KEPT_HOURS = 24  # a checked file waits this long for confirmation, then it is removed
CONFLICT = _l("Tijdens het inlezen veranderde er tegelijk iets aan deze medewerkers. Er is niets opgeslagen: probeer het opnieuw.")


@dataclass
class LineResult:
    number: int
    personnel_number: str
    name: str
    errors: list[str] = field(default_factory=list)
    action: str = ""  # new, update or unchanged


@dataclass
class PlannedLine:
    data: LineData
    result: LineResult
    employee: Employee | None
    employment: Employment | None
    location_key: str
    ad: User | None
    backup: User | None
    current: CaseworkerAssignment | None
    new_assignment: bool = False


@dataclass
class ImportCheck:
    organisation: Organisation
    file_errors: list[str] = field(default_factory=list)
    lines: list[LineResult] = field(default_factory=list)
    planned: list[PlannedLine] = field(default_factory=list)
    locations: dict[str, Location] = field(default_factory=dict)
    new_locations: dict[str, dict] = field(default_factory=dict)
    location_changes: dict[str, dict] = field(default_factory=dict)

    @property
    def error_lines(self) -> list[LineResult]:
        return [line for line in self.lines if line.errors]

    @property
    def is_valid(self) -> bool:
        return not self.file_errors and not self.error_lines

    def count(self, action: str) -> int:
        return sum(1 for line in self.lines if line.action == action)

    @property
    def changed_locations(self) -> int:
        """Existing workplaces that get another municipality or postcode."""
        changed = 0
        for key, spec in self.location_changes.items():
            location = self.locations[key]
            municipality, postcode = spec.get("municipality"), spec.get("postcode")
            if (municipality and municipality.id != location.municipality_id) or (postcode and postcode != location.postcode):
                changed += 1
        return changed

    @property
    def ad_changes(self) -> int:
        """Employees already in the portal who get another AD or backup (each is announced)."""
        return sum(1 for p in self.planned if p.new_assignment and p.current is not None)


def _chunks(values, size=500):
    values = list(values)
    for start in range(0, len(values), size):
        yield values[start:start + size]


class _Context:
    """What the portal knows already, loaded with a handful of queries for the whole file."""

    def __init__(self, organisation: Organisation, emails: set[str]):
        self.municipalities: dict[str, Municipality] = {}
        for m in db.session.scalars(select(Municipality)):
            self.municipalities[m.name.lower()] = m
            self.municipalities[m.code.lower()] = m
        self.users: dict[str, User] = {}
        for chunk in _chunks(emails):
            self.users.update((u.email, u) for u in db.session.scalars(select(User).where(User.email.in_(chunk))))
        self.employees = {
            e.personnel_number: e
            for e in db.session.scalars(select(Employee).where(Employee.organisation_id == organisation.id))
        }
        self.employments: dict[tuple[int, date], Employment] = {}
        for employment in db.session.scalars(
            select(Employment).join(Employment.employee).where(Employee.organisation_id == organisation.id)
            .order_by(Employment.id.desc())
        ):
            self.employments[(employment.employee_id, employment.start_date)] = employment  # lowest id wins
        self.assignments = {
            a.employee_id: a
            for a in db.session.scalars(
                select(CaseworkerAssignment).join(CaseworkerAssignment.employee)
                .where(Employee.organisation_id == organisation.id, CaseworkerAssignment.valid_until.is_(None))
            )
        }
        self.locations = {
            loc.name.lower(): loc
            for loc in db.session.scalars(select(Location).where(Location.organisation_id == organisation.id))
        }

    def ad(self, email: str, column: str, errors: list[str]) -> User | None:
        user = self.users.get(email)
        if user is None or user.role != "ad":
            errors.append(_("Geen arbeidsdeskundige bekend met e-mailadres '%(email)s' (%(column)s).",
                            email=email[:254], column=column))
            return None
        if not user.is_enabled:
            errors.append(_("%(name)s (%(column)s) is uitgezet in de portal. Kies een andere arbeidsdeskundige.",
                            name=user.name, column=column))
            return None
        return user


def check_text(organisation: Organisation, text: str, today: date) -> ImportCheck:
    """Check every line; nothing is written."""
    check = ImportCheck(organisation)
    try:
        raw_lines = read_lines(text)
    except FileRejected as rejected:
        check.file_errors = rejected.errors
        return check
    return check_lines(check, raw_lines, today)


def check_lines(check: ImportCheck, raw_lines: list[RawLine], today: date) -> ImportCheck:
    """Check lines of named values (from a file, or from the API's JSON); nothing is written."""
    organisation = check.organisation
    parsed = [(raw, *parse_line(raw, today)) for raw in raw_lines]
    emails = {e for _, data, _ in parsed if data for e in (data.ad_email, data.backup_email) if e}
    context = _Context(organisation, emails)
    check.locations = dict(context.locations)
    seen: dict[str, int] = {}
    for raw, data, errors in parsed:
        number = raw.values.get("personeelsnummer", "")
        result = LineResult(raw.number, number, raw.values.get("naam", ""), list(errors))
        check.lines.append(result)
        if number in seen:
            result.errors.append(_("Personeelsnummer %(number)s staat ook op regel %(line)s.", number=number, line=seen[number]))
        elif number:
            seen[number] = raw.number
        if data is None or result.errors:
            continue
        planned = _plan_line(check, context, data, result)
        if planned is not None and not result.errors:
            check.planned.append(planned)
    if not check.is_valid:
        for line in check.lines:
            line.action = ""
    return check


def _plan_line(check: ImportCheck, context: _Context, data: LineData, result: LineResult) -> PlannedLine | None:
    errors = result.errors
    location_key = _plan_location(check, context, data, result.number, errors)
    ad = context.ad(data.ad_email, "arbeidsdeskundige", errors) if data.ad_email else None
    backup = context.ad(data.backup_email, "achtervang", errors) if data.backup_email else None
    if errors:
        return None
    employee = context.employees.get(data.personnel_number)
    employment = context.employments.get((employee.id, data.start_date)) if employee else None
    current = context.assignments.get(employee.id) if employee else None
    planned = PlannedLine(data, result, employee, employment, location_key, ad, backup, current)
    planned.new_assignment = ad is not None and (
        current is None or (current.ad_id, current.backup_ad_id) != (ad.id, backup.id if backup else None)
    )
    if employee is None:
        result.action = "new"
    elif employment is None or planned.new_assignment or _changed(employee, employment, data, check, location_key):
        result.action = "update"
    else:
        result.action = "unchanged"
    return planned


def _plan_location(check: ImportCheck, context: _Context, data: LineData, number: int, errors: list[str]) -> str:
    """The workplace of the line, by name; a new name is a new workplace. Returns its key."""
    key = data.location_name.lower()
    municipality = None
    if data.municipality:
        municipality = context.municipalities.get(" ".join(data.municipality.split()).lower())
        if municipality is None:
            errors.append(_("Onbekende gemeente '%(value)s'. Gebruik de naam uit de lijst van het CBS, "
                            "zoals 's-Hertogenbosch of Súdwest-Fryslân.", value=data.municipality[:120]))
            return key
    if key not in check.locations and key not in check.new_locations:
        if municipality is None:
            errors.append(_("Werkplek '%(location)s' is nieuw: vul de gemeente in.", location=data.location_name))
            return key
        check.new_locations[key] = {"name": data.location_name, "postcode": data.postcode, "municipality": municipality,
                                    "municipality_line": number, "postcode_line": number}
        return key
    # Later lines (and lines about an existing workplace) must agree with what is known of it.
    planned = check.new_locations.get(key) or check.location_changes.setdefault(key, {})
    for attribute, value, label in (("municipality", municipality, _("gemeente")), ("postcode", data.postcode, _("postcode"))):
        if not value:
            continue
        if planned.get(attribute) and planned[attribute] != value:
            shown = planned[attribute].name if attribute == "municipality" else planned[attribute]
            errors.append(_("Werkplek '%(location)s' heeft op regel %(line)s een andere %(column)s: %(value)s.",
                            location=data.location_name, line=planned[attribute + "_line"], column=label, value=shown))
        elif not planned.get(attribute):
            planned[attribute], planned[attribute + "_line"] = value, number
    return key


def _changed(employee: Employee, employment: Employment, data: LineData, check: ImportCheck, location_key: str) -> bool:
    if employee.name != data.name or (data.date_of_birth and employee.date_of_birth != data.date_of_birth):
        return True
    location = check.locations.get(location_key)
    current = (
        employment.job_title, Decimal(str(employment.hours_per_week)).quantize(Decimal("0.1")), employment.contract_type,
        employment.end_date, employment.location_id, employment.job_coach_type, employment.job_coach_organisation,
        employment.job_coach_name,
    )
    wanted = (
        data.job_title, data.hours_per_week, data.contract_type, data.end_date, location.id if location else None,
        data.job_coach_type, data.job_coach_organisation, data.job_coach_name,
    )
    return current != wanted


@dataclass
class ImportResult:
    created: int
    updated: int
    unchanged: int
    ad_changes: int
    new_locations: int


def _employment_values(data: LineData, location: Location) -> dict:
    return dict(
        job_title=data.job_title, hours_per_week=data.hours_per_week, contract_type=data.contract_type,
        start_date=data.start_date, end_date=data.end_date, location_id=location.id, job_coach_type=data.job_coach_type,
        job_coach_organisation=data.job_coach_organisation, job_coach_name=data.job_coach_name,
    )


def _write(actor, check: ImportCheck) -> ImportResult:  # noqa: C901  (one rule per branch, kept in one place)
    """Write a valid check in the current transaction (the caller commits).

    New employees go in with bulk inserts (a first import is thousands of lines); changes to
    employees already in the portal go through the ORM, and a new AD for them is announced.
    """
    if not check.is_valid:
        raise InputRejected({"file": _("Het bestand heeft fouten; er is niets opgeslagen.")})
    organisation, now, actor_id = check.organisation, utcnow(), actor.id if actor else None
    locations = dict(check.locations)
    for key, spec in check.new_locations.items():
        locations[key] = Location(organisation_id=organisation.id, name=spec["name"], postcode=spec["postcode"],
                                  municipality=spec["municipality"])
        db.session.add(locations[key])
    for key, spec in check.location_changes.items():
        if spec.get("municipality") is not None:
            locations[key].municipality = spec["municipality"]
        if spec.get("postcode"):
            locations[key].postcode = spec["postcode"]
    db.session.flush()  # every workplace has an id
    new_employees, reassigned = [], []
    for planned in check.planned:
        if planned.result.action == "unchanged":
            continue
        if planned.employee is None:
            new_employees.append(planned)
            continue
        data, employee = planned.data, planned.employee
        if employee is None:
            raise RuntimeError("an update line without its employee")  # the check found it; never happens
        employee.name = data.name
        if data.date_of_birth:
            employee.date_of_birth = data.date_of_birth
        employment = planned.employment
        if employment is None:
            employment = Employment(employee_id=employee.id)
            db.session.add(employment)
        for name, value in _employment_values(data, locations[planned.location_key]).items():
            setattr(employment, name, value)
        if planned.new_assignment:
            if planned.current is not None:
                planned.current.valid_until = now
            reassigned.append(planned)
    db.session.flush()  # old assignments end before the new ones start (one current per employee)
    for planned in reassigned:
        if planned.employee is None:
            raise RuntimeError("a reassigned line without its employee")  # only update lines are reassigned
        assignment = CaseworkerAssignment(
            employee_id=planned.employee.id, ad=planned.ad, backup_ad=planned.backup, assigned_by_id=actor_id
        )
        db.session.add(assignment)
        messages.caseworker_changed(planned.employee, assignment, planned.current)
    _insert_new_employees(organisation, new_employees, locations, actor_id, now)
    record_change(actor, "employments_imported", "organisation", organisation.id)
    db.session.flush()
    return ImportResult(check.count("new"), check.count("update"), check.count("unchanged"), check.ad_changes,
                        len(check.new_locations))


def _insert_new_employees(organisation, lines: list[PlannedLine], locations: dict[str, Location], actor_id, now) -> None:
    if not lines:
        return
    # Core inserts on the tables: batched into multi-row INSERTs on SQLite and PostgreSQL alike
    # (the ORM's bulk path sent them one by one to PostgreSQL).
    employees, employments, assignments = Employee.__table__, Employment.__table__, CaseworkerAssignment.__table__
    ids = db.session.execute(
        insert(employees).returning(employees.c.id, sort_by_parameter_order=True),
        [dict(organisation_id=organisation.id, personnel_number=p.data.personnel_number, name=p.data.name,
              date_of_birth=p.data.date_of_birth) for p in lines],
    ).scalars().all()
    db.session.execute(
        insert(employments),
        [dict(employee_id=employee_id, **_employment_values(p.data, locations[p.location_key]))
         for employee_id, p in zip(ids, lines, strict=False)],
    )
    first_assignments = [
        dict(employee_id=employee_id, ad_id=p.ad.id, backup_ad_id=p.backup.id if p.backup else None,
             assigned_by_id=actor_id, valid_from=now, valid_until=None)
        for employee_id, p in zip(ids, lines, strict=False) if p.ad is not None
    ]
    if first_assignments:
        db.session.execute(insert(assignments), first_assignments)


def import_checked(actor, check: ImportCheck) -> ImportResult:
    """Write a checked file in one transaction (the command line and the benchmark)."""
    try:
        with refusable_step():
            result = _write(actor, check)
    except IntegrityError:
        raise InputRejected({"file": CONFLICT}) from None
    return result


def check_upload(actor, organisation: Organisation, filename: str, raw: bytes, today: date) -> tuple[ImportCheck, ImportBatch | None]:
    """Check an uploaded file; a valid one is kept (for a day) until the admin confirms it."""
    db.session.execute(
        delete(ImportBatch).where(ImportBatch.status == "checked",
                                  ImportBatch.created_at < utcnow() - timedelta(hours=BATCH_KEPT_HOURS))
    )
    try:
        text = decode(raw)
    except FileRejected as rejected:
        db.session.flush()
        return ImportCheck(organisation, file_errors=rejected.errors), None
    check = check_text(organisation, text, today)
    batch = None
    if check.is_valid:
        batch = ImportBatch(
            organisation_id=organisation.id, uploaded_by_id=actor.id, filename=(filename or "bestand.csv")[:255],
            content=text, line_count=len(check.lines), created_count=check.count("new"),
            updated_count=check.count("update"), unchanged_count=check.count("unchanged"),
        )
        db.session.add(batch)
    db.session.flush()
    return check, batch


def run_batch(actor, batch: ImportBatch, today: date) -> tuple[ImportCheck, ImportResult | None]:
    """Check the kept file again (the portal may have changed since) and write it if still valid.

    The file's content is removed once it is imported.
    """
    if batch.status != "checked":
        raise InputRejected({"file": _("Dit bestand is al ingelezen.")})
    check = check_text(batch.organisation, batch.content, today)
    if not check.is_valid:
        return check, None
    try:
        with refusable_step():
            # Compare-and-set: of two clicks (or two admins) at the same moment only one imports.
            claimed = db.session.execute(
                update(ImportBatch).where(ImportBatch.id == batch.id, ImportBatch.status == "checked")
                .values(status="imported", imported_at=utcnow(), content="")
                .execution_options(synchronize_session=False)
            )
            if changed_rows(claimed) != 1:
                raise InputRejected({"file": _("Dit bestand is al ingelezen.")})
            result = _write(actor, check)
            batch.created_count, batch.updated_count, batch.unchanged_count = (
                result.created, result.updated, result.unchanged)
            db.session.flush()
        db.session.refresh(batch)
    except IntegrityError:
        raise InputRejected({"file": CONFLICT}) from None
    return check, result


def organisation_by_kvk(kvk: str) -> Organisation | None:
    return db.session.scalar(select(Organisation).where(Organisation.kvk_number == kvk.strip()))


def employee_count(organisation: Organisation) -> int:
    return db.session.scalar(select(func.count()).select_from(Employee).where(Employee.organisation_id == organisation.id)) or 0
