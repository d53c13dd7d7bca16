"""Proposals: a WSP adviser proposes a pool candidate (or an outside one, without a name) to a
refill request; the vacancy's employer answers; the candidate's AD records the agreement to the
introduction; the adviser records the trial placement or withdraws. The hire: hire_service."""
from __future__ import annotations

from datetime import date

from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import select

from portal.auth.permissions import (
    Forbidden,
    check_may,
    is_visible,
    may_record_introduction_consent,
    profiles_visible_to,
)
from portal.extensions import db
from portal.formatting import date_long, local_date
from portal.models import POOL_STATES, CandidateProfile, Proposal, RefillRequest
from portal.notifications import pool_messages as messages
from portal.pool import profile_service as profiles
from portal.vacancies import refill_service as refills
from portal.workflows import (
    PROPOSAL_WORKFLOW,
    REFILL_WORKFLOW,
    InputRejected,
    TransitionRefused,
    apply_transition,
    record_creation,
    record_event,
)


class ProposalRejected(InputRejected):
    """A proposal input that breaks a rule."""


def propose(actor, refill: RefillRequest, profile: CandidateProfile | None = None, outside: str = "",
            note: str = "", visible: bool = False) -> Proposal:
    """An open request is claimed on the way (the adviser proposes, so the adviser handles it);
    a pool candidate not yet picked up is claimed too."""
    check_may(actor, PROPOSAL_WORKFLOW, "propose", refill, visible=visible)
    if not refill.is_open:
        raise TransitionRefused(_("Dit verzoek is afgesloten: u kunt geen kandidaten meer voorstellen."))
    if profile is None and not outside.strip():
        raise ProposalRejected({"outside": _("Beschrijf de kandidaat kort, zonder naam.")})
    if profile is not None:
        if not is_visible(profiles_visible_to(actor), profile) or profile.status not in POOL_STATES:
            raise TransitionRefused(_("Deze kandidaat staat niet (meer) in de pool."))
        if refill.region_id not in {region.id for region in profile.regions}:
            raise TransitionRefused(_("Deze kandidaat zoekt geen werk in de regio van deze plek."))
        if profile.claimed_by_id not in (None, actor.id):
            raise TransitionRefused(_("Een collega begeleidt deze kandidaat: overleg met %(name)s.",
                                      name=profile.claimed_by.name if profile.claimed_by else ""))
        if db.session.scalar(select(Proposal.id).where(Proposal.refill_id == refill.id,
                                                       Proposal.profile_id == profile.id)):
            raise TransitionRefused(_("Deze kandidaat is al voorgesteld voor deze plek."))
        if profile.status == "published":
            profiles.claim(actor, profile, visible=True)
    if refill.status == "open":
        refills.claim(actor, refill)
    proposal = Proposal(
        refill=refill, profile=profile, outside_description=outside.strip(), note=note.strip(),
        status=PROPOSAL_WORKFLOW.transition("propose").target, proposed_by_id=actor.id,
    )
    db.session.add(proposal)
    record_creation(PROPOSAL_WORKFLOW, proposal, "propose", actor, note=profile.code if profile else "")
    with force_locale("nl"):
        refill_note = f"kandidaat {profile.code}" if profile else "kandidaat van buiten de pool"
    apply_transition(REFILL_WORKFLOW, refill, "propose", actor, note=refill_note)
    messages.proposal_made(proposal)
    db.session.flush()
    return proposal


def answer(actor, proposal: Proposal, interested: bool, reason: str, visible: bool = False) -> None:
    """The vacancy's employer: interested (an introduction) or not, with a reason."""
    action = "interested" if interested else "reject"
    check_may(actor, PROPOSAL_WORKFLOW, action, proposal, visible=visible)
    if interested:
        apply_transition(PROPOSAL_WORKFLOW, proposal, "interested", actor)
    else:
        if not reason.strip():
            raise ProposalRejected({"reason": _("Schrijf kort waarom deze kandidaat niet past.")})
        apply_transition(PROPOSAL_WORKFLOW, proposal, "reject", actor, note=reason.strip(),
                         rejected_reason=reason.strip(), rejected_by_id=actor.id)
    messages.proposal_step(proposal, action, actor)
    db.session.flush()


def record_introduction_consent(actor, proposal: Proposal, consent_date: date | None, today: date,
                                visible: bool = False) -> None:
    """The person agrees to this one introduction: from now on that employer sees who it is."""
    if not may_record_introduction_consent(actor, proposal, visible=visible):
        raise Forbidden("introduction_consent")
    if consent_date is None:
        raise ProposalRejected({"consent_date": _("Vul de datum in waarop de kandidaat toestemming gaf.")})
    if consent_date > today:
        raise ProposalRejected({"consent_date": _("De datum van de toestemming kan niet in de toekomst liggen.")})
    if consent_date < local_date(proposal.created_at):
        raise ProposalRejected({"consent_date": _("De toestemming kan niet van voor het voorstel zijn (%(date)s).",
                                                  date=date_long(proposal.created_at))})
    proposal.introduction_consent_date, proposal.introduction_consent_by_id = consent_date, actor.id
    with force_locale("nl"):
        note = f"toestemming gegeven op {date_long(consent_date)}"
    record_event(PROPOSAL_WORKFLOW, proposal, "introduction_consent", note, actor)
    messages.proposal_step(proposal, "introduction_consent", actor)
    db.session.flush()


def start_trial(actor, proposal: Proposal, visible: bool = False) -> None:
    check_may(actor, PROPOSAL_WORKFLOW, "start_trial", proposal, visible=visible)
    apply_transition(PROPOSAL_WORKFLOW, proposal, "start_trial", actor)
    messages.proposal_step(proposal, "start_trial", actor)
    db.session.flush()


def withdraw(actor, proposal: Proposal, note: str, visible: bool = False) -> None:
    check_may(actor, PROPOSAL_WORKFLOW, "withdraw", proposal, visible=visible)
    if not note.strip():
        raise ProposalRejected({"note": _("Schrijf kort waarom u de kandidaat terugtrekt.")})
    apply_transition(PROPOSAL_WORKFLOW, proposal, "withdraw", actor, note=note.strip())
    messages.proposal_step(proposal, "withdraw", actor)
    db.session.flush()
