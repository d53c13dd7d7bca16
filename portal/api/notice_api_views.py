"""Notices for UWV's systems: read (status, deadlines, timeline; the handover notes under the
consent rule), and acknowledge, plan and close through the same services as the AD's screens."""
from __future__ import annotations

from decimal import Decimal

from flask import jsonify, url_for
from sqlalchemy.orm import joinedload

from portal.api.acting import acting_user
from portal.api.auth import api_allow, current_client
from portal.api.blueprint import bp, log_view
from portal.api.problems import ApiProblem
from portal.api.schemas import CLOSE_BODY, NOTICE_STATES, PLAN_BODY, STEP_BODY_AD
from portal.api.wire import iso, json_body, page_of, parse_date, status_filter, timeline_json, workflow_step
from portal.auth.permissions import client_may_read_handover_notes, notices_visible_to_client
from portal.extensions import db
from portal.formatting import local_today
from portal.models import HANDOVER_FIELDS, ContractEndNotice, Employee, Employment
from portal.notices import notice_service, outcome_service
from portal.notices.outcome_rules import OutcomeInput
from portal.workflows import NOTICE_WORKFLOW

LIST_OPTIONS = (joinedload(ContractEndNotice.employment).joinedload(Employment.employee).joinedload(Employee.organisation),)


def notice_summary(notice: ContractEndNotice) -> dict:
    employee = notice.employment.employee
    return {
        "id": notice.id,
        "status": notice.status,
        "statusOmschrijving": str(NOTICE_WORKFLOW.states[notice.status]),
        "ingediendOp": iso(notice.created_at),
        "verwachteEinddatum": iso(notice.expected_end_date),
        "reactieUiterlijk": iso(notice.response_due),
        "werkgeverKvk": employee.organisation.kvk_number,
        "personeelsnummer": employee.personnel_number,
        "_links": {"self": {"href": url_for("api.notice", notice_id=notice.id, _external=True)}},
    }


def notice_detail(notice: ContractEndNotice, with_notes: bool) -> dict:
    body = notice_summary(notice)
    body.update({
        "medewerkerNaam": notice.employment.employee.name,
        "functie": notice.employment.job_title,
        "reden": notice.reason_category,
        "redenToelichting": notice.reason_text,
        "toestemmingGegeven": notice.consent_given,
        "plan": {"dienst": notice.plan_service, "startdatum": iso(notice.plan_start_date), "reden": notice.plan_reason}
        if notice.plan_service else None,
        "uitkomst": notice.outcome,
        "overdrachtsnotities": {name: getattr(notice, name) for name in HANDOVER_FIELDS} if with_notes else None,
        "tijdlijn": timeline_json(NOTICE_WORKFLOW, notice),
    })
    return body


def _notice(notice_id: int) -> ContractEndNotice:
    client = current_client()
    notice = db.session.scalars(notices_visible_to_client(client).options(*LIST_OPTIONS)
                                .where(ContractEndNotice.id == notice_id)).first()
    if notice is None:
        log_view("view_notice", "notice", notice_id, None, result="denied")
        raise ApiProblem(404)
    return notice


@bp.get("/meldingen")
@api_allow("notices")
def notices():
    query, status = status_filter(notices_visible_to_client(current_client()).options(*LIST_OPTIONS),
                                  ContractEndNotice.status, NOTICE_STATES)
    return jsonify(page_of(query.order_by(ContractEndNotice.id), "api.notices", notice_summary, status=status))


@bp.get("/meldingen/<int:notice_id>")
@api_allow("notices")
def notice(notice_id: int):
    found = _notice(notice_id)
    with_notes = client_may_read_handover_notes(current_client(), found)
    log_view("view_notice", "notice", found.id, found.employment.employee_id)
    if with_notes and found.has_handover_notes:
        log_view("view_handover_notes", "notice", found.id, found.employment.employee_id)
    return jsonify(notice_detail(found, with_notes))


# The services' (form) field names as this API calls them, for the problem's invalidParams.
FIELDS = {"plan_service": "dienst", "plan_start_date": "startdatum", "plan_reason": "reden", "outcome": "uitkomst",
          "note": "toelichting", "start_date": "nieuweBaanStartdatum", "employer_id": "nieuweWerkgever",
          "employer_name": "nieuweWerkgever", "hours": "nieuweBaanUren", "contract_type": "nieuweBaanContractsoort",
          "trial_hired": "aangenomenNaProefplaatsing"}


def _step(notice_id: int, schema: dict, run) -> tuple:
    body = json_body(schema)
    found = _notice(notice_id)
    actor = acting_user(current_client(), body["arbeidsdeskundige"], "ad")
    with workflow_step(FIELDS):
        run(actor, found, body)
    log_view("view_notice", "notice", found.id, found.employment.employee_id)
    db.session.refresh(found)
    return jsonify(notice_detail(found, client_may_read_handover_notes(current_client(), found))), 200


@bp.post("/meldingen/<int:notice_id>/gelezen")
@api_allow("notices", "write")
def acknowledge_notice(notice_id: int):
    return _step(notice_id, STEP_BODY_AD, lambda actor, notice, body: notice_service.acknowledge(actor, notice))


@bp.post("/meldingen/<int:notice_id>/plan")
@api_allow("notices", "write")
def plan_notice(notice_id: int):
    def run(actor, notice, body):
        notice_service.record_plan(actor, notice, body["dienst"], parse_date(body.get("startdatum")), body.get("reden", ""))

    return _step(notice_id, PLAN_BODY, run)


@bp.post("/meldingen/<int:notice_id>/afronden")
@api_allow("notices", "write")
def close_notice(notice_id: int):
    def run(actor, notice, body):
        hours = body.get("nieuweBaanUren")
        data = OutcomeInput(
            outcome=body["uitkomst"], note=body.get("toelichting", ""),
            start_date=parse_date(body.get("nieuweBaanStartdatum")),
            employer_name=body.get("nieuweWerkgever", ""),
            hours=Decimal(str(hours)) if hours is not None else None,
            contract_type=body.get("nieuweBaanContractsoort", ""),
            trial_hired=body.get("aangenomenNaProefplaatsing"),
        )
        outcome_service.close(actor, notice, data, local_today())

    return _step(notice_id, CLOSE_BODY, run)
