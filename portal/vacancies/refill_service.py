"""The refill-request workflow: every write to a refill request goes through these functions."""
from __future__ import annotations

from datetime import date

from flask_babel import gettext as _
from sqlalchemy import select

from portal.admin.organisation_service import set_municipality
from portal.auth.permissions import check_may
from portal.extensions import db
from portal.models import OPEN_PROPOSAL_STATES, OPEN_REFILL_STATES, Municipality, Proposal, RefillRequest
from portal.notifications import messages
from portal.workflows import (
    PROPOSAL_WORKFLOW,
    REFILL_WORKFLOW,
    InputRejected,
    TransitionRefused,
    apply_transition,
    record_creation,
)


class RefillRejected(InputRejected):
    """A refill-request input that breaks a rule."""


def open_refill_request(actor, notice, details) -> RefillRequest:
    """Part of filing a notice (the caller commits). Copies the job, never the person."""
    location = notice.employment.location
    region = location.region
    refill = RefillRequest(
        notice=notice,
        organisation_id=location.organisation_id,
        location=location,
        region=region,
        contact=actor,
        status=REFILL_WORKFLOW.transition("open").target,
        job_title=details.job_title.strip(),
        hours_per_week=details.hours_per_week,
        tasks=details.tasks.strip(),
        requirements=details.requirements.strip(),
        adaptations=details.adaptations.strip(),
        wanted_start_date=details.wanted_start_date,
    )
    db.session.add(refill)
    note = "" if region else "De werkplek heeft geen regio: functioneel beheer stuurt het verzoek door."
    record_creation(REFILL_WORKFLOW, refill, "open", actor, note=note)
    messages.refill_opened(refill)
    if region is None:  # the admins are told (refill_opened); the employer hears that it waits
        messages.refill_step(refill, "await_route", actor)
    return refill


def route(actor, refill: RefillRequest, municipality_id: int | None) -> list[RefillRequest]:
    """An admin gives the workplace of a request without a region its municipality (CBS) and so
    sends the request to that region's WSP. The cause is fixed with it: the workplace keeps the
    municipality, so its next requests route by themselves, and its other waiting requests go along.
    Returns the requests routed."""
    check_may(actor, REFILL_WORKFLOW, "route", refill)
    if refill.region_id is not None:
        raise TransitionRefused(_("Dit verzoek heeft al een regio."))
    municipality = db.session.get(Municipality, municipality_id) if municipality_id else None
    if municipality is None or municipality.region is None:
        raise RefillRejected({"municipality": _("Kies de gemeente van de werkplek uit de lijst.")})
    region = municipality.region
    set_municipality(actor, refill.location, municipality)
    waiting = db.session.scalars(
        select(RefillRequest).where(
            RefillRequest.location_id == refill.location_id, RefillRequest.region_id.is_(None),
            RefillRequest.status.in_(OPEN_REFILL_STATES),
        ).order_by(RefillRequest.id)
    ).all()
    for request in waiting:
        check_may(actor, REFILL_WORKFLOW, "route", request)
        apply_transition(REFILL_WORKFLOW, request, "route", actor, note=f"{region.code} {region.name}",
                         region_id=region.id)
        messages.refill_opened(request)
        messages.refill_step(request, "route", actor)
    db.session.flush()
    return list(waiting)


def claim(actor, refill: RefillRequest) -> None:
    """Only one adviser can hold a request: the status compare-and-set decides who was first."""
    check_may(actor, REFILL_WORKFLOW, "claim", refill)
    apply_transition(REFILL_WORKFLOW, refill, "claim", actor, claimed_by_id=actor.id)
    messages.refill_step(refill, "claim", actor)
    db.session.flush()


def propose_candidates(actor, refill: RefillRequest, note: str) -> None:
    check_may(actor, REFILL_WORKFLOW, "propose", refill)
    if not note.strip():
        raise RefillRejected({"note": _("Schrijf kort welke kandidaten u voorstelt (geen namen).")})
    apply_transition(REFILL_WORKFLOW, refill, "propose", actor, note=note.strip(), candidates_note=note.strip())
    messages.refill_step(refill, "propose", actor)
    db.session.flush()


def close(actor, refill: RefillRequest, filled: bool, filled_date: date | None, reason: str) -> None:
    action = "fill" if filled else "not_fill"
    check_may(actor, REFILL_WORKFLOW, action, refill)
    if filled:
        if filled_date is None:
            raise RefillRejected({"filled_date": _("Vul de datum in waarop de nieuwe medewerker start.")})
        apply_transition(REFILL_WORKFLOW, refill, "fill", actor, filled_date=filled_date)
    else:
        if not reason.strip():
            raise RefillRejected({"reason": _("Schrijf waarom de plek niet is ingevuld.")})
        apply_transition(
            REFILL_WORKFLOW, refill, "not_fill", actor, note=reason.strip(), not_filled_reason=reason.strip()
        )
    _lapse_proposals(refill)
    messages.refill_step(refill, action, actor)
    db.session.flush()


def cancel(actor, refill: RefillRequest, note: str) -> None:
    check_may(actor, REFILL_WORKFLOW, "cancel", refill)
    apply_transition(REFILL_WORKFLOW, refill, "cancel", actor, note=note)
    _lapse_proposals(refill)
    messages.refill_cancelled(refill)


def _lapse_proposals(refill: RefillRequest) -> None:
    """A request closed by hand or cancelled: its open proposals (candidates) are free again."""
    open_proposals = db.session.scalars(
        select(Proposal).where(Proposal.refill_id == refill.id, Proposal.status.in_(OPEN_PROPOSAL_STATES))
    ).all()
    for proposal in open_proposals:
        apply_transition(PROPOSAL_WORKFLOW, proposal, "lapse", None, note="het verzoek is afgesloten")
