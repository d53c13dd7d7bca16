"""Closing a notice with a checked outcome, and reopening it: the AD's last steps on a notice."""
from __future__ import annotations

from dataclasses import asdict
from datetime import date

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from portal.auth.permissions import check_may
from portal.extensions import db
from portal.models import CandidateProfile, ContractEndNotice, Proposal
from portal.notices import follow_up_service as follow_ups
from portal.notices.notice_service import NoticeRejected
from portal.notices.outcome_rules import CLEARED_OUTCOME, OutcomeInput, check_outcome, outcome_note
from portal.notifications import messages
from portal.pool import profile_service as profiles
from portal.unit_of_work import refusable_step
from portal.workflows import NOTICE_WORKFLOW, TransitionRefused, apply_transition


def close(actor, notice: ContractEndNotice, data: OutcomeInput, today: date) -> None:
    """Close with an outcome that fits the dates; an inconsistent one is refused, nothing saved."""
    check_may(actor, NOTICE_WORKFLOW, "close", notice)
    checked, errors = check_outcome(notice, data, today)
    if errors or checked is None:
        raise NoticeRejected(errors)
    apply_transition(NOTICE_WORKFLOW, notice, "close", actor, note=outcome_note(checked), **asdict(checked))
    profiles.end_with_notice(actor, notice, "de melding is afgerond")
    follow_ups.schedule(notice, today)  # without a new job: nazorg after the end date
    messages.notice_step(notice, "close", actor)
    db.session.flush()


def reopen(actor, notice: ContractEndNotice, reason: str) -> None:
    """The AD reopens a closed notice: back to its open state, with the outcome cleared."""
    check_may(actor, NOTICE_WORKFLOW, "reopen", notice)
    if _hired_through_the_pool(notice):
        # The hire made a new employment and filled another employer's job: reopening the old
        # notice would undo none of that, only the record of it.
        raise TransitionRefused(_("Deze persoon is via de kandidatenpool aangenomen. Die aanname blijft staan, "
                                  "dus de melding kan niet weer open."))
    if not reason.strip():
        raise NoticeRejected({"reason": _("Schrijf kort waarom u de melding weer opent.")})
    try:
        with refusable_step():
            apply_transition(NOTICE_WORKFLOW, notice, "reopen", actor, note=reason.strip(), **CLEARED_OUTCOME)
            follow_ups.lapse_open(notice, "de melding is weer geopend")
    except IntegrityError:
        # The unique index allows one open notice per contract; the employer filed a new one.
        raise TransitionRefused(_("Voor dit contract loopt al een nieuwe melding. Ga verder in die melding.")) from None
    messages.notice_step(notice, "reopen", actor)
    db.session.flush()


def _hired_through_the_pool(notice: ContractEndNotice) -> bool:
    return db.session.scalar(
        select(Proposal.id).join(CandidateProfile, CandidateProfile.id == Proposal.profile_id)
        .where(CandidateProfile.notice_id == notice.id, Proposal.status == "hired").limit(1)
    ) is not None
