"""Mails of the nazorg (follow-up after the end date). Who gets a reminder or escalation is the
notices' rule (messages.reminder_recipients / escalation_step / further_escalation_step), never a
rule of its own."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

from portal.models import User
from portal.notifications.messages import escalation_step, further_escalation_step, reminder_recipients
from portal.notifications.outbox import absolute_url, queue_email


def _context(task) -> dict:
    name = task.notice.employment.employee.name
    return dict(
        step=_l("na te gaan of %(name)s werk heeft gevonden", name=name),
        due=task.response_due,
        name=name,
        link=absolute_url("notices.follow_up", task_id=task.id),
    )


def follow_up_overdue(task) -> str:
    recipients, note = reminder_recipients(task.notice.employment)
    if recipients:
        queue_email(recipients, _l("Termijn verlopen: nazorg voor %(name)s", name=task.notice.employment.employee.name),
                    "overdue", "follow_up_overdue", **_context(task))
    return f"nazorg, {note}"


def follow_up_escalated(task) -> tuple[str, User | None]:
    step = escalation_step(task.notice.employment)
    if step.recipients:
        queue_email(step.recipients, _l("Doorgezet: nazorg voor %(name)s wacht al te lang",
                                        name=task.notice.employment.employee.name),
                    "escalated", "follow_up_escalated", **_context(task))
    return f"nazorg, {step.note}", step.person


def follow_up_escalated_further(task) -> tuple[str, User | None] | None:
    """Still unanswered some working days after the first escalation: the next rung."""
    step = further_escalation_step(task.notice.employment)
    if step is None:
        return None
    if step.recipients:
        queue_email(step.recipients, _l("Nog steeds te laat: nazorg voor %(name)s",
                                        name=task.notice.employment.employee.name),
                    "escalated", "follow_up_escalated_further", **_context(task))
    return f"nazorg, {step.note}", step.person
