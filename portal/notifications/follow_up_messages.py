"""Mails of the nazorg (follow-up after the end date). Who gets a reminder or escalation is the
notices' rule (messages.reminder_recipients / escalation_recipients), never a rule of its own."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

from portal.notifications.messages import escalation_recipients, reminder_recipients
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


def follow_up_escalated(task) -> str:
    recipients, note = escalation_recipients(task.notice.employment)
    if recipients:
        queue_email(recipients, _l("Doorgezet: nazorg voor %(name)s wacht al te lang",
                                   name=task.notice.employment.employee.name),
                    "escalated", "follow_up_escalated", **_context(task))
    return f"nazorg, {note}"
