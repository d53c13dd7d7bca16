"""Mails of the "ik twijfel" questions (issue 16.3). Like every mail: a link, never the employer's
text about the person. Who gets a reminder or escalation is the notices' rule
(messages.reminder_recipients / escalation_step / further_escalation_step), never one of its own;
the WSP is never among the recipients."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

from portal.models import User
from portal.notifications.messages import (
    _ads_of,
    _employer_user_emails,
    _new_work_recipients,
    escalation_step,
    further_escalation_step,
    reminder_recipients,
)
from portal.notifications.outbox import absolute_url, queue_email


def _name(question) -> str:
    return question.employment.employee.name


def _link(question) -> str:
    return absolute_url("questions.show", question_id=question.id)


def question_asked(question) -> None:
    """To the AD and backup AD (and whoever owns the AD's work today), as a new notice is."""
    queue_email(
        _new_work_recipients(question.employment),
        _l("Vraag van de werkgever: denk mee over %(name)s", name=_name(question)),
        "question_asked",
        "question_asked",
        question=question,
        name=_name(question),
        organisation=question.employment.employee.organisation.name,
        link=_link(question),
    )


def _employer_side(question) -> list[str]:
    """The employer user who asked; when that account is disabled, the organisation's employer users."""
    if question.asked_by.is_enabled:
        return [question.asked_by.email]
    return _employer_user_emails(question.employment.employee.organisation_id)


def notice_draft_prepared(question, actor) -> None:
    """The AD advises a notice: the employer finds a draft with the question's text, ready to finish."""
    queue_email(
        _employer_side(question),
        _l("Concept-melding klaar: %(name)s", name=_name(question)),
        "question_draft",
        "question_draft",
        actor=actor,
        name=_name(question),
        link=absolute_url("notices.new", employment_id=question.employment_id),
    )


def question_closed(question) -> None:
    """The employer closed the question without a notice: the ADs need not think along any more."""
    queue_email(
        [u.email for u in _ads_of(question.employment)],
        _l("Vraag afgesloten: %(name)s", name=_name(question)),
        "question_closed",
        "question_closed",
        name=_name(question),
        link=_link(question),
    )


def _context(question) -> dict:
    return dict(step=_l("te reageren op de vraag van de werkgever"), due=question.response_due,
                name=_name(question), link=_link(question))


def question_overdue(question) -> str:
    recipients, note = reminder_recipients(question.employment)
    if recipients:
        queue_email(recipients, _l("Termijn verlopen: vraag over %(name)s", name=_name(question)),
                    "overdue", "question_overdue", **_context(question))
    return note


def question_escalated(question) -> tuple[str, User | None]:
    step = escalation_step(question.employment)
    if step.recipients:
        queue_email(step.recipients, _l("Doorgezet: vraag over %(name)s wacht al te lang", name=_name(question)),
                    "escalated", "question_escalated", **_context(question))
    return step.note, step.person


def question_escalated_further(question) -> tuple[str, User | None] | None:
    """Still unanswered some working days after the first escalation: the next rung."""
    step = further_escalation_step(question.employment)
    if step is None:
        return None
    if step.recipients:
        queue_email(step.recipients, _l("Nog steeds te laat: vraag over %(name)s", name=_name(question)),
                    "escalated", "question_escalated_further", **_context(question))
    return step.note, step.person
