"""Refill requests for a WSP's CRM (its own regions): the queue, and claim, propose and close
through the same services as the advisers' screens. The job only, never the person who left."""
from __future__ import annotations

from flask import jsonify, url_for
from sqlalchemy.orm import joinedload

from portal.api.acting import acting_user
from portal.api.auth import api_allow, current_client
from portal.api.blueprint import bp
from portal.api.problems import ApiProblem
from portal.api.schemas import PROPOSE_BODY, REFILL_CLOSE_BODY, REFILL_STATES, STEP_BODY_WSP
from portal.api.wire import iso, json_body, page_of, parse_date, status_filter, timeline_json, workflow_step
from portal.auth.permissions import refills_visible_to_client
from portal.extensions import db
from portal.models import RefillRequest
from portal.vacancies import refill_service
from portal.workflows import REFILL_WORKFLOW

OPTIONS = (joinedload(RefillRequest.region), joinedload(RefillRequest.location))


def refill_json(refill: RefillRequest) -> dict:
    return {
        "id": refill.id,
        "status": refill.status,
        "statusOmschrijving": str(REFILL_WORKFLOW.states[refill.status]),
        "aangemaaktOp": iso(refill.created_at),
        "reactieUiterlijk": iso(refill.response_due),
        "regio": refill.region.code if refill.region else None,
        "werkplek": refill.location.name,
        "functie": refill.job_title,
        "urenPerWeek": float(refill.hours_per_week),
        "taken": refill.tasks,
        "eisen": refill.requirements,
        "aanpassingen": refill.adaptations,
        "gewensteStartdatum": iso(refill.wanted_start_date),
        "opgepakt": refill.claimed_by_id is not None,
        "kandidatenToelichting": refill.candidates_note,
        "vervuldOp": iso(refill.filled_date),
        "_links": {"self": {"href": url_for("api.refill_request", refill_id=refill.id, _external=True)}},
    }


def refill_detail(refill: RefillRequest) -> dict:
    body = refill_json(refill)
    body["tijdlijn"] = timeline_json(REFILL_WORKFLOW, refill)
    return body


def _refill(refill_id: int) -> RefillRequest:
    refill = db.session.scalars(refills_visible_to_client(current_client()).options(*OPTIONS)
                                .where(RefillRequest.id == refill_id)).first()
    if refill is None:
        raise ApiProblem(404)
    return refill


@bp.get("/herbezettingsverzoeken")
@api_allow("refill_requests")
def refill_requests():
    query, status = status_filter(refills_visible_to_client(current_client()).options(*OPTIONS),
                                  RefillRequest.status, REFILL_STATES)
    return jsonify(page_of(query.order_by(RefillRequest.id), "api.refill_requests", refill_json, status=status))


@bp.get("/herbezettingsverzoeken/<int:refill_id>")
@api_allow("refill_requests")
def refill_request(refill_id: int):
    return jsonify(refill_detail(_refill(refill_id)))


def _step(refill_id: int, schema: dict, run):
    body = json_body(schema)
    refill = _refill(refill_id)
    actor = acting_user(current_client(), body["adviseur"], "wsp")
    with workflow_step({"note": "toelichting", "filled_date": "startdatum", "reason": "reden"}):
        run(actor, refill, body)
    db.session.refresh(refill)
    return jsonify(refill_detail(refill))


@bp.post("/herbezettingsverzoeken/<int:refill_id>/oppakken")
@api_allow("refill_requests", "write")
def claim_refill(refill_id: int):
    return _step(refill_id, STEP_BODY_WSP, lambda actor, refill, body: refill_service.claim(actor, refill))


@bp.post("/herbezettingsverzoeken/<int:refill_id>/kandidaten")
@api_allow("refill_requests", "write")
def propose_refill(refill_id: int):
    return _step(refill_id, PROPOSE_BODY,
                 lambda actor, refill, body: refill_service.propose_candidates(actor, refill, body["toelichting"]))


@bp.post("/herbezettingsverzoeken/<int:refill_id>/afsluiten")
@api_allow("refill_requests", "write")
def close_refill(refill_id: int):
    def run(actor, refill, body):
        refill_service.close(actor, refill, body["vervuld"], parse_date(body.get("startdatum")), body.get("reden", ""))

    return _step(refill_id, REFILL_CLOSE_BODY, run)
