""""Ik twijfel": every write to an employer's early question goes through these functions.

A question is not a notice: it opens no refill request and the WSP never hears of it. It can
become a notice later: the notice draft starts from its text, and filing the notice marks the
question converted (conversion.py, called by notice_service.file_notice).
"""
from __future__ import annotations

from datetime import date
from decimal import Decimal

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy.exc import IntegrityError

from portal.auth.permissions import (
    Forbidden,
    allowed_actions,
    check_may,
    may_prepare_notice_from,
    questions_visible_to,
)
from portal.extensions import db
from portal.models import OPEN_QUESTION_STATES, EarlyQuestion, Employment
from portal.notices import draft_service as drafts
from portal.notices.notice_service import add_months, has_open_notice
from portal.notifications import question_messages as mail
from portal.questions.conversion import open_question_of
from portal.threads import thread_service as threads
from portal.unit_of_work import refusable_step
from portal.workflows import (
    QUESTION_WORKFLOW,
    InputRejected,
    TransitionRefused,
    apply_transition,
    record_creation,
    record_event,
)

MAX_LENGTH = 2000


def validate(employment: Employment, worry: str, decision_date: date | None, today: date) -> dict[str, str]:
    errors: dict[str, str] = {}
    if not worry.strip():
        errors["worry"] = _("Schrijf waar u over twijfelt.")
    elif len(worry.strip()) > MAX_LENGTH:
        errors["worry"] = _("Gebruik hoogstens %(limit)s tekens.", limit=MAX_LENGTH)
    date_error = decision_date_error(decision_date, today)
    if date_error:
        errors["decision_date"] = date_error
    if has_open_notice(employment):
        errors["worry"] = _("Voor dit contract loopt al een melding. Stel uw vraag bij die melding.")
    elif open_question_of(employment) is not None:
        errors["worry"] = _("U heeft voor dit contract al een open vraag. Ga verder bij die vraag.")
    return errors


def decision_date_error(decision_date: date | None, today: date) -> str | None:
    """Not in the past, and not further ahead than a contract decision sensibly lies."""
    months = current_app.config["QUESTION_MAX_MONTHS_AHEAD"]
    if decision_date is None:
        return _("Vul de datum in waarop u moet beslissen.")
    if decision_date < today:
        return _("De datum van uw beslissing kan niet in het verleden liggen.")
    if decision_date > add_months(today, months):
        return _("De datum van uw beslissing mag hoogstens %(months)s maanden vooruit liggen.", months=months)
    return None


def ask(actor, employment: Employment, worry: str, decision_date: date | None, today: date,
        visible: bool = False) -> EarlyQuestion:
    """The employer's question lands in the AD's inbox with a deadline; the AD side is mailed."""
    check_may(actor, QUESTION_WORKFLOW, "ask", employment, visible=visible)
    errors = validate(employment, worry, decision_date, today)
    if errors:
        raise InputRejected(errors)
    question = EarlyQuestion(employment=employment, asked_by=actor, status="open", worry=worry.strip(),
                             decision_date=decision_date, notice=None)
    try:
        with refusable_step():
            db.session.add(question)
            record_creation(QUESTION_WORKFLOW, question, "ask", actor)
            mail.question_asked(question)
            db.session.flush()
    except IntegrityError:  # a colleague asked about this contract a moment ago (the unique index)
        raise InputRejected({"worry": _("U heeft voor dit contract al een open vraag. Ga verder bij die vraag.")}) from None
    return question


def post_message(author, question: EarlyQuestion, body: str):
    """A message in the question's thread; the AD's first one answers the question (its deadline ends)."""
    message = threads.post_message(author, "question", question, body)
    # A team lead who may only read the question writes without answering it.
    if question.status == "open" and "answer" in allowed_actions(author, QUESTION_WORKFLOW, question, visible=True):
        apply_transition(QUESTION_WORKFLOW, question, "answer", author)
    return message


def prepare_notice(actor, question: EarlyQuestion) -> None:
    """A notice draft for the employer, starting from the question's text. The AD may prepare it
    too (which answers the question); the employer finishes and files it."""
    if not may_prepare_notice_from(actor, question):
        raise Forbidden("prepare_notice")
    employment = question.employment
    if has_open_notice(employment):
        raise TransitionRefused(_("Voor dit contract loopt al een melding."))
    owner = actor if actor.role == "employer" else question.asked_by
    drafts.prefill_draft(owner, employment, draft_values(question))
    if actor.role == "ad" and question.status == "open":
        apply_transition(QUESTION_WORKFLOW, question, "answer", actor)
    record_event(QUESTION_WORKFLOW, question, "notice_draft_prepared", actor=actor)
    if actor.role == "ad":
        mail.notice_draft_prepared(question, actor)
    db.session.flush()


def draft_values(question: EarlyQuestion) -> dict[str, str]:
    """The notice form's fields as the question fills them: the worry becomes the explanation."""
    employment = question.employment
    values = {
        "reason_text": question.worry,
        "refill_job_title": employment.job_title,
        "refill_hours": format(Decimal(str(employment.hours_per_week)).normalize(), "f"),  # "24", not "24.0"
    }
    if employment.end_date is not None:
        values["expected_end_date"] = employment.end_date.isoformat()
    return values


def close(actor, question: EarlyQuestion, note: str) -> None:
    """The employer needs no notice after all (the contract goes on, or the doubt is gone)."""
    check_may(actor, QUESTION_WORKFLOW, "close", question)
    apply_transition(QUESTION_WORKFLOW, question, "close", actor, note=note.strip()[:MAX_LENGTH])
    mail.question_closed(question)
    db.session.flush()


def open_questions_by_employment(user, employment_ids) -> dict[int, int]:
    """{employment id: its open question's id} among employment_ids, for the employer's list (one query)."""
    if not employment_ids:
        return {}
    rows = db.session.execute(
        questions_visible_to(user).with_only_columns(EarlyQuestion.employment_id, EarlyQuestion.id)
        .where(EarlyQuestion.employment_id.in_(employment_ids), EarlyQuestion.status.in_(OPEN_QUESTION_STATES))
    ).all()
    return dict(rows)
