"""Mails about the job coach's work (issue 16.2). A signal's reminder and escalation go where the
AD's other deadlines go (messages.reminder_recipients / escalation_step / further_escalation_step).
Mails carry a link, never the signal's text or notes."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

from portal.models import User
from portal.notifications.messages import (
    escalation_step,
    further_escalation_step,
    new_work_recipients,
    reminder_recipients,
)
from portal.notifications.outbox import absolute_url, queue_email


def _signal_link(signal) -> str:
    return absolute_url("jobcoach.signal", signal_id=signal.id)


def _name(signal) -> str:
    return signal.employment.employee.name


def concern_reported(signal) -> None:
    """A new signal: the AD and backup (and whoever owns the AD's work today)."""
    queue_email(
        new_work_recipients(signal.employment),
        _l("Zorgen-signaal van de jobcoach over %(name)s", name=_name(signal)),
        "coach_step", "concern_reported",
        sentence=_l("Jobcoach %(coach)s maakt zich zorgen over %(name)s. Reageer uiterlijk op de datum in uw inbox.",
                    coach=signal.coach.name, name=_name(signal)),
        link=_signal_link(signal),
    )


def concern_handled(signal) -> None:
    queue_email(
        [signal.coach.email],
        _l("De arbeidsdeskundige heeft gereageerd op uw signaal over %(name)s", name=_name(signal)),
        "coach_step", "concern_handled",
        sentence=_l("%(ad)s heeft uw zorgen-signaal over %(name)s behandeld.",
                    ad=signal.handled_by.name if signal.handled_by else "", name=_name(signal)),
        link=absolute_url("jobcoach.employment", employment_id=signal.employment_id),
    )


def _overdue_context(signal) -> dict:
    return dict(step=_l("te reageren op het zorgen-signaal van de jobcoach"), due=signal.response_due,
                name=_name(signal), link=_signal_link(signal))


def concern_overdue(signal) -> str:
    recipients, note = reminder_recipients(signal.employment)
    if recipients:
        queue_email(recipients, _l("Termijn verlopen: zorgen-signaal over %(name)s", name=_name(signal)),
                    "overdue", "concern_overdue", **_overdue_context(signal))
    return f"zorgen-signaal, {note}"


def concern_escalated(signal) -> tuple[str, User | None]:
    step = escalation_step(signal.employment)
    if step.recipients:
        queue_email(step.recipients, _l("Doorgezet: zorgen-signaal over %(name)s wacht al te lang", name=_name(signal)),
                    "escalated", "concern_escalated", **_overdue_context(signal))
    return f"zorgen-signaal, {step.note}", step.person


def concern_escalated_further(signal) -> tuple[str, User | None] | None:
    step = further_escalation_step(signal.employment)
    if step is None:
        return None
    if step.recipients:
        queue_email(step.recipients, _l("Nog steeds te laat: zorgen-signaal over %(name)s", name=_name(signal)),
                    "escalated", "concern_escalated_further", **_overdue_context(signal))
    return f"zorgen-signaal, {step.note}", step.person


def job_finding_assigned(assignment) -> None:
    name = assignment.notice.employment.employee.name
    queue_email(
        [assignment.coach.email],
        _l("Opdracht jobfinding voor %(name)s", name=name),
        "coach_step", "job_finding_assigned",
        sentence=_l("De arbeidsdeskundige vraagt u om werk te zoeken voor %(name)s. Accepteer de opdracht in de portal.",
                    name=name),
        link=absolute_url("jobcoach.employment", employment_id=assignment.notice.employment_id),
    )


def _job_finding_sentence(action: str, coach: str, name: str):
    if action == "accept":
        return _l("Jobcoach %(coach)s heeft de opdracht jobfinding voor %(name)s geaccepteerd.", coach=coach, name=name)
    if action == "found":
        return _l("Jobcoach %(coach)s heeft werk gevonden voor %(name)s.", coach=coach, name=name)
    return _l("Jobcoach %(coach)s heeft geen werk gevonden voor %(name)s.", coach=coach, name=name)


def job_finding_step(assignment, action: str) -> None:
    """The coach accepted or reported: the AD and backup hear it."""
    employment = assignment.notice.employment
    queue_email(
        new_work_recipients(employment),
        _l("Jobfinding voor %(name)s", name=employment.employee.name),
        "coach_step", f"job_finding_{action}",
        sentence=_job_finding_sentence(action, assignment.coach.name, employment.employee.name),
        link=absolute_url("notices.show", notice_id=assignment.notice_id),
    )
