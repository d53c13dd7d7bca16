"""Employees' ADs for UWV's systems (read, and change through the admin's reassignment, so
everyone is mailed as today), and employments for an employer's HR system (created and updated
with the CSV import's checks, all lines or none)."""
from __future__ import annotations

from flask import jsonify, request
from sqlalchemy import func, select
from sqlalchemy.orm import joinedload, selectinload

from portal.admin import import_service, reassign_service
from portal.admin.import_format import RawLine
from portal.api.auth import actor_for, api_allow, current_client
from portal.api.blueprint import bp, log_view
from portal.api.problems import ApiProblem
from portal.api.schemas import ASSIGNMENT_BODY, EMPLOYMENTS_BODY
from portal.api.wire import iso, json_body, page_of, workflow_step
from portal.auth.permissions import employees_visible_to_client, employments_visible_to_client
from portal.extensions import db
from portal.formatting import local_today
from portal.models import CaseworkerAssignment, Employee, Employment, Organisation, User
from portal.workflows import InputRejected

REASSIGN_FIELDS = {"ad": "arbeidsdeskundige", "backup": "achtervang", "reason": "reden", "note": "toelichting",
                   "employees": "personeelsnummer"}


def _person(user: User | None) -> dict | None:
    return {"naam": user.name, "email": user.email, "telefoon": user.phone} if user else None


def assignment_json(employee: Employee) -> dict:
    current = employee.current_assignment
    return {
        "werkgeverKvk": employee.organisation.kvk_number,
        "personeelsnummer": employee.personnel_number,
        "naam": employee.name,
        "arbeidsdeskundige": _person(current.ad if current else None),
        "achtervang": _person(current.backup_ad if current else None),
        "sinds": iso(current.valid_from) if current else None,
    }


def _kvk_filter(query, model_organisation_id):
    kvk = request.args.get("werkgeverKvk")
    if kvk is None:
        return query, None
    if not (kvk.isascii() and kvk.isdigit() and len(kvk) == 8):
        raise ApiProblem(400, "werkgeverKvk is een KvK-nummer van 8 cijfers.", {"werkgeverKvk": "Ongeldige waarde."})
    return query.join(Organisation, Organisation.id == model_organisation_id).where(Organisation.kvk_number == kvk), kvk


@bp.get("/toewijzingen")
@api_allow("assignments")
def assignments():
    query = employees_visible_to_client(current_client()).options(
        joinedload(Employee.organisation),
        selectinload(Employee.assignments).options(joinedload(CaseworkerAssignment.ad),
                                                   joinedload(CaseworkerAssignment.backup_ad)))
    query, kvk = _kvk_filter(query, Employee.organisation_id)
    return jsonify(page_of(query.order_by(Employee.id), "api.assignments", assignment_json, werkgeverKvk=kvk))


@bp.get("/toewijzingen/<int:employee_id>")
@api_allow("assignments")
def assignment(employee_id: int):
    """One employee's AD and backup, by the portal's internal id (what a notification links to)."""
    found = db.session.scalars(employees_visible_to_client(current_client()).options(
        joinedload(Employee.organisation), selectinload(Employee.assignments))
        .where(Employee.id == employee_id)).first()
    if found is None:
        log_view("view_assignment", "employee", employee_id, None, result="denied")
        raise ApiProblem(404)
    log_view("view_assignment", "employee", found.id, found.id)
    return jsonify(assignment_json(found))


def _user_by_email(email: str | None) -> User | None:
    if not email:
        return None
    return db.session.scalar(select(User).where(func.lower(User.email) == email.strip().lower()))


@bp.put("/toewijzingen")
@api_allow("assignments", "write")
def put_assignment():
    body = json_body(ASSIGNMENT_BODY)
    client = current_client()
    employee = db.session.scalars(
        employees_visible_to_client(client).join(Organisation, Organisation.id == Employee.organisation_id)
        .where(Organisation.kvk_number == body["werkgeverKvk"], Employee.personnel_number == body["personeelsnummer"])
    ).first()
    if employee is None:
        raise ApiProblem(422, "Geen medewerker met dit KvK-nummer en personeelsnummer.",
                         {"personeelsnummer": "Onbekend bij deze werkgever."})
    backup = _user_by_email(body.get("achtervang"))
    if body.get("achtervang") and backup is None:
        raise ApiProblem(422, "De gegevens zijn afgekeurd.", {"achtervang": "Geen gebruiker met dit e-mailadres."})
    with workflow_step(REASSIGN_FIELDS):
        reassign_service.reassign(actor_for(client), [employee], _user_by_email(body["arbeidsdeskundige"]), backup,
                                  body["reden"], body.get("toelichting", ""))
    db.session.refresh(employee)
    return jsonify(assignment_json(employee))


def employment_json(employment: Employment) -> dict:
    return {
        "id": employment.id,
        "werkgeverKvk": employment.employee.organisation.kvk_number,
        "personeelsnummer": employment.employee.personnel_number,
        "naam": employment.employee.name,
        "functie": employment.job_title,
        "urenPerWeek": float(employment.hours_per_week),
        "contractsoort": employment.contract_type,
        "begindatum": iso(employment.start_date),
        "einddatum": iso(employment.end_date),
        "werkplek": employment.location.name,
    }


@bp.get("/dienstverbanden")
@api_allow("employments")
def employments():
    query = employments_visible_to_client(current_client()).options(
        joinedload(Employment.employee).joinedload(Employee.organisation), joinedload(Employment.location))
    query, kvk = _kvk_filter(query, Employee.organisation_id)
    return jsonify(page_of(query.order_by(Employment.id), "api.employments", employment_json, werkgeverKvk=kvk))


@bp.post("/dienstverbanden")
@api_allow("employments", "write")
def save_employments():
    body = json_body(EMPLOYMENTS_BODY)
    client = current_client()
    organisation = client.organisation
    if organisation is None or body.get("werkgeverKvk", organisation.kvk_number) != organisation.kvk_number:
        raise ApiProblem(403, "Deze koppeling mag alleen de eigen organisatie bijwerken.")
    lines = [RawLine(number, {name: value.strip() for name, value in line.items()})
             for number, line in enumerate(body["dienstverbanden"], start=1)]
    check = import_service.check_lines(import_service.ImportCheck(organisation), lines, local_today())
    if not check.is_valid:
        errors = {f"dienstverbanden.{line.number - 1}": " ".join(line.errors) for line in check.error_lines}
        raise ApiProblem(422, "Niets opgeslagen: een of meer dienstverbanden zijn afgekeurd.", errors)
    try:
        result = import_service.import_checked(actor_for(client), check)
    except InputRejected as rejected:
        raise ApiProblem(409, " ".join(rejected.errors.values())) from None
    return jsonify({"aangemaakt": result.created, "bijgewerkt": result.updated, "ongewijzigd": result.unchanged,
                    "andereArbeidsdeskundige": result.ad_changes})
