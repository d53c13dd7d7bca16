"""An "ik twijfel" question becomes the notice filed for its contract. Apart from
question_service so that notice_service can call it without importing the question pages' rules."""
from __future__ import annotations

from sqlalchemy import select

from portal.extensions import db
from portal.models import OPEN_QUESTION_STATES, ContractEndNotice, EarlyQuestion, Employment
from portal.workflows import QUESTION_WORKFLOW, apply_transition


def open_question_of(employment: Employment) -> EarlyQuestion | None:
    return db.session.scalar(select(EarlyQuestion).where(
        EarlyQuestion.employment_id == employment.id, EarlyQuestion.status.in_(OPEN_QUESTION_STATES)))


def convert_open_question(actor, employment: Employment, notice: ContractEndNotice) -> None:
    """A notice was filed for this contract: its open question became that notice (part of the
    filing's transaction; the employer who filed is the one who converts)."""
    question = open_question_of(employment)
    if question is not None:
        apply_transition(QUESTION_WORKFLOW, question, "convert", actor, notice_id=notice.id)
