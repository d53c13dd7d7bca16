"""Who hears what. Each function queues mail in the caller's transaction.

Mails carry a link, never handover notes; the employee is named only to people who may see
the employee (employer users and the ADs), never to the WSP.
"""
from __future__ import annotations

from flask import render_template
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from portal.caseload.responsibility import Escalation, responsibility_for_employment
from portal.clock import delayed_response_date
from portal.extensions import db
from portal.formatting import date_long, local_today
from portal.models import User, user_regions, utcnow
from portal.notifications.outbox import absolute_url, per_recipient, queue_email


def _ads_of(employment) -> list[User]:
    assignment = employment.employee.current_assignment
    if assignment is None:
        return []
    return [u for u in (assignment.ad, assignment.backup_ad) if u is not None]


def _new_work_recipients(employment) -> list[str]:
    """Mails about new work on a case (a notice filed or withdrawn, consent, a renewal): the AD and
    backup AD, and whoever owns the AD's work today (the team lead when both are away; with nobody
    present, the region's UWV mailbox), each once."""
    addresses = [u.email for u in _ads_of(employment)]
    today = responsibility_for_employment(employment, local_today())
    if today.owner is not None:
        addresses.append(today.owner.email)
    elif today.region is not None and today.region.uwv_email:
        addresses.append(today.region.uwv_email)
    return list(dict.fromkeys(addresses))


# For the other mail modules (the job coach's, issue 16.2): the same recipients of new work.
new_work_recipients = _new_work_recipients


def _wsp_recipients(refill) -> list[str]:
    if refill.region is None:
        return admin_emails()
    advisers = db.session.scalars(
        select(User.email)
        .join(user_regions, user_regions.c.user_id == User.id)
        .where(user_regions.c.region_id == refill.region_id, User.role == "wsp", User.is_enabled)
    ).all()
    return [refill.region.wsp_email, *advisers]


def notice_submitted(notice) -> None:
    employee = notice.employment.employee
    queue_email(
        _new_work_recipients(notice.employment),
        _l("Nieuwe melding: het werk van %(name)s stopt", name=employee.name),
        "notice_submitted",
        "notice_submitted",
        notice=notice,
        employee=employee,
        link=absolute_url("notices.show", notice_id=notice.id),
    )


NOTICE_STEP_SUBJECTS = {
    "acknowledge": _l("De arbeidsdeskundige heeft uw melding gelezen"),
    "record_plan": _l("Er is een plan gemaakt na uw melding"),
    "close": _l("Uw melding is afgerond"),
    "reopen": _l("Uw melding is weer geopend"),
}


def _render_sentence(partial: str, **context) -> str:
    return render_template(f"email/{partial}.txt", **context).strip()


def _sentence(partial: str, **context):
    # Rendered as plain text once per recipient language; the HTML part escapes it like any other value.
    return per_recipient(_render_sentence, partial, **context)


def notice_step(notice, action: str, actor) -> None:
    employee = notice.employment.employee
    queue_email(
        [notice.filed_by.email],
        per_recipient(lambda: f"{NOTICE_STEP_SUBJECTS[action]} ({employee.name})"),
        "notice_step",
        f"notice_{action}",
        notice=notice,
        sentence=_sentence("_notice_step_text", notice=notice, action=action, actor=actor, employee=employee),
        link=absolute_url("notices.show", notice_id=notice.id),
    )


def notice_withdrawn(notice) -> None:
    queue_email(
        _new_work_recipients(notice.employment),
        _l("Melding ingetrokken: het werk van %(name)s gaat door", name=notice.employment.employee.name),
        "notice_withdrawn",
        "notice_withdrawn",
        notice=notice,
        employee=notice.employment.employee,
        link=absolute_url("notices.show", notice_id=notice.id),
    )


def refill_opened(refill) -> None:
    queue_email(
        _wsp_recipients(refill),
        _l("Nieuw verzoek om de plek opnieuw in te vullen: %(job_title)s bij %(organisation)s",
           job_title=refill.job_title, organisation=refill.organisation.name),
        "refill_opened",
        "refill_opened",
        refill=refill,
        link=absolute_url("vacancies.show", refill_id=refill.id),
    )


def refill_cancelled(refill) -> None:
    recipients = [refill.claimed_by.email] if refill.claimed_by else _wsp_recipients(refill)
    queue_email(
        recipients,
        _l("Verzoek om de plek opnieuw in te vullen vervalt: %(job_title)s bij %(organisation)s",
           job_title=refill.job_title, organisation=refill.organisation.name),
        "refill_cancelled",
        "refill_cancelled",
        refill=refill,
        link=absolute_url("vacancies.show", refill_id=refill.id),
    )


REFILL_STEP_SUBJECTS = {
    "await_route": _l("Uw verzoek wacht op doorsturen naar een Werkgeversservicepunt"),
    "route": _l("Uw verzoek is doorgestuurd naar het Werkgeversservicepunt"),
    "claim": _l("Een adviseur van het Werkgeversservicepunt (WSP) behandelt uw verzoek"),
    "propose": _l("Het Werkgeversservicepunt (WSP) heeft kandidaten voorgesteld"),
    "fill": _l("De plek is opnieuw ingevuld"),
    "not_fill": _l("Het Werkgeversservicepunt (WSP) heeft de plek niet kunnen invullen"),
}


def refill_step(refill, action: str, actor) -> None:
    queue_email(
        [refill.contact.email],
        per_recipient(lambda: f"{REFILL_STEP_SUBJECTS[action]}: {refill.job_title}"),
        "refill_step",
        f"refill_{action}",
        refill=refill,
        sentence=_sentence("_refill_step_text", refill=refill, action=action, actor=actor),
        link=absolute_url("vacancies.show", refill_id=refill.id),
    )


def caseworker_changed(employee, assignment, previous=None) -> None:
    """A change of AD: the employer's users, the new AD (and backup) and the AD before, with the
    date and the admin's reason."""
    employer_users = db.session.scalars(
        select(User.email).where(User.organisation_id == employee.organisation_id, User.is_enabled)
    ).all()
    uwv_side = [u.email for u in (assignment.ad, assignment.backup_ad, previous.ad if previous else None)
                if u is not None and u.is_enabled]
    context = dict(employee=employee, assignment=assignment, previous_ad=previous.ad if previous else None,
                   changed_on=assignment.valid_from or utcnow(), reason=assignment.change_reason_label,
                   link=absolute_url("employers.employee", employee_id=employee.id))
    subject = _l("Nieuwe contactpersoon bij UWV voor %(name)s", name=employee.name)
    queue_email(employer_users, subject, "caseworker_changed", "caseworker_changed", **context)
    # A message of its own: the employer's users and UWV do not see each other's addresses in it.
    queue_email(uwv_side, subject, "caseworker_changed", "caseworker_changed_uwv", **context)


def _employer_user_emails(organisation_id) -> list[str]:
    return list(
        db.session.scalars(
            select(User.email).where(
                User.organisation_id == organisation_id, User.role == "employer", User.is_enabled
            )
        ).all()
    )


def contract_end_prompt(prompt) -> None:
    """Three months before a contract ends: the employer and the AD are asked."""
    employment = prompt.employment
    employee = employment.employee
    context = dict(prompt=prompt, employment=employment, employee=employee)
    queue_email(
        _employer_user_emails(employee.organisation_id),
        per_recipient(lambda: _("Het contract van %(name)s stopt op %(date)s: wordt het verlengd?",
                                name=employee.name, date=date_long(prompt.end_date))),
        "prompt_employer",
        "prompt_employer",
        link=absolute_url("employers.dashboard"),
        **context,
    )
    # The AD, or the backup while the AD is absent; with nobody present, the region's UWV mailbox.
    recipients, _note = reminder_recipients(employment)
    if employee.current_assignment is not None:
        queue_email(
            recipients,
            _l("Contract stopt binnen 3 maanden: %(name)s", name=employee.name),
            "prompt_ad",
            "prompt_ad",
            link=absolute_url("employers.employee", employee_id=employee.id),
            **context,
        )


def contract_renewed(employment, actor) -> None:
    """The employer answered 'wordt verlengd': the AD and backup AD (and today's owner) hear the new end."""
    employee = employment.employee
    queue_email(
        _new_work_recipients(employment),
        _l("Contract van %(name)s wordt verlengd", name=employee.name),
        "contract_renewed",
        "contract_renewed",
        employee=employee,
        employment=employment,
        actor=actor,
        link=absolute_url("employers.employee", employee_id=employee.id),
    )


def reminder_recipients(employment) -> tuple[list[str], str]:
    """Who gets a missed deadline's reminder about this employment's case today, and the timeline
    note: whoever owns the AD's work (the backup while the AD is absent). Notices and their nazorg
    both ask here."""
    return responsibility_for_employment(employment, local_today()).reminder()


def escalation_recipients(employment) -> tuple[list[str], str]:
    """Past the owner: the backup, the team lead, the region's UWV mailbox or functioneel beheer."""
    return responsibility_for_employment(employment, local_today()).escalation()


def escalation_step(employment) -> Escalation:
    """The first escalation as escalation_recipients, with the person it names (for the event)."""
    return responsibility_for_employment(employment, local_today()).ladder()[0]


def further_escalation_step(employment) -> Escalation | None:
    """Still late some working days after the first escalation: the next rung of the ladder (the
    team lead after the backup, then the region's UWV mailbox, then functioneel beheer); None when
    the first escalation already went to the last rung."""
    return responsibility_for_employment(employment, local_today()).further_escalation()


def notice_overdue(notice) -> str:
    """The reminder on the deadline, to whoever owns the AD's work today."""
    recipients, note = reminder_recipients(notice.employment)
    if not recipients:
        return note
    queue_email(
        recipients,
        _l("Termijn verlopen: melding over %(name)s", name=notice.employment.employee.name),
        "overdue",
        "notice_overdue",
        step=_notice_step_name(notice),
        due=notice.response_due,
        name=notice.employment.employee.name,
        link=absolute_url("notices.show", notice_id=notice.id),
    )
    return note


def notice_escalated(notice) -> tuple[str, User | None]:
    """Past the owner (see escalation_recipients). The employer who filed it hears that it is late,
    with a new date. Returns the timeline note and the person it went to (if a person)."""
    step = escalation_step(notice.employment)
    _mail_escalation(notice, step.recipients, _l("Doorgezet: melding over %(name)s wacht al te lang",
                                                 name=notice.employment.employee.name), "notice_escalated")
    queue_email(
        _employer_side_of(notice),
        _l("Vertraagd: uw melding over %(name)s", name=notice.employment.employee.name),
        "notice_delayed",
        "notice_delayed",
        name=notice.employment.employee.name,
        new_date=delayed_response_date(notice.response_due),
        link=absolute_url("notices.show", notice_id=notice.id),
    )
    return step.note, step.person


def notice_escalated_further(notice) -> tuple[str, User | None] | None:
    """The second escalation (see further_escalation_step); the employer was told at the first."""
    step = further_escalation_step(notice.employment)
    if step is None:
        return None
    _mail_escalation(notice, step.recipients, _l("Nog steeds te laat: melding over %(name)s",
                                                 name=notice.employment.employee.name), "notice_escalated_further")
    return step.note, step.person


def _mail_escalation(notice, recipients: list[str], subject, template: str) -> None:
    queue_email(
        recipients,
        subject,
        "escalated",
        template,
        step=_notice_step_name(notice),
        due=notice.response_due,
        name=notice.employment.employee.name,
        link=absolute_url("notices.show", notice_id=notice.id),
    )


def _employer_side_of(notice) -> list[str]:
    """The employer user who filed the notice; when that account is disabled, the organisation's
    enabled employer users (someone there must hear that it is late)."""
    if notice.filed_by.is_enabled:
        return [notice.filed_by.email]
    return _employer_user_emails(notice.employment.employee.organisation_id)


def _notice_step_name(notice) -> str:
    # Part of a sentence in overdue/escalated mails ("De termijn om ... was ...").
    return _l("de melding te lezen") if notice.status == "submitted" else _l("een plan vast te leggen")


def _refill_name(refill):
    return _l("%(job_title)s bij %(organisation)s", job_title=refill.job_title, organisation=refill.organisation.name)


def admin_emails() -> list[str]:
    return list(db.session.scalars(select(User.email).where(User.role == "admin", User.is_enabled)).all())


def _nobody_in_region(refill) -> tuple[list[str], str]:
    """A region without advisers (or coordinators): its WSP mailbox, else functioneel beheer.
    The note says who got it, for the timeline: a reminder to no one must not read as sent."""
    if refill.region is not None and refill.region.wsp_email:
        return [refill.region.wsp_email], f"aan de WSP-mailbox van de regio ({refill.region.wsp_email}): geen adviseurs"
    if refill.region is not None:
        return admin_emails(), "aan functioneel beheer: de regio heeft geen adviseurs en geen WSP-mailbox"
    return admin_emails(), "aan functioneel beheer"


def refill_overdue(refill) -> str:
    recipients = [a for a in _wsp_recipients(refill)[1:] if a] if refill.region else _wsp_recipients(refill)
    note = "aan de adviseurs van de regio" if refill.region else "aan functioneel beheer"
    if not recipients:
        recipients, note = _nobody_in_region(refill)
    queue_email(
        recipients,
        _l("Termijn verlopen: verzoek %(job_title)s bij %(organisation)s is nog niet opgepakt",
           job_title=refill.job_title, organisation=refill.organisation.name),
        "overdue",
        "refill_overdue",
        step=_l("het verzoek op te pakken"),
        due=refill.response_due,
        name=_refill_name(refill),
        link=absolute_url("vacancies.show", refill_id=refill.id),
    )
    return note


def refill_escalated(refill) -> str:
    coordinators: list[str] = []
    if refill.region is None:
        recipients = _wsp_recipients(refill)
    else:
        coordinators = list(db.session.scalars(
            select(User.email)
            .join(user_regions, user_regions.c.user_id == User.id)
            .where(user_regions.c.region_id == refill.region_id, user_regions.c.is_coordinator, User.is_enabled)
        ).all())
        recipients = [a for a in (refill.region.wsp_email, *coordinators) if a]
    note = "naar de WSP-mailbox en de coördinatoren" if refill.region else "naar functioneel beheer"
    if refill.region is not None and not coordinators and refill.region.wsp_email:
        note = f"naar de WSP-mailbox van de regio ({refill.region.wsp_email}): geen coördinatoren"
    if not recipients:
        recipients, note = _nobody_in_region(refill)
    queue_email(
        recipients,
        _l("Doorgezet: verzoek %(job_title)s bij %(organisation)s wacht al te lang",
           job_title=refill.job_title, organisation=refill.organisation.name),
        "escalated",
        "refill_escalated",
        step=_l("het verzoek op te pakken"),
        due=refill.response_due,
        name=_refill_name(refill),
        link=absolute_url("vacancies.show", refill_id=refill.id),
    )
    return note


def consent_given(notice) -> None:
    queue_email(
        _new_work_recipients(notice.employment),
        _l("U mag nu de overdracht lezen: %(name)s", name=notice.employment.employee.name),
        "consent_given",
        "consent_given",
        employee=notice.employment.employee,
        link=absolute_url("notices.show", notice_id=notice.id),
    )


def draft_reminder(draft, removal_at) -> None:
    employee = draft.employment.employee
    queue_email(
        [draft.updated_by.email],
        _l("Uw concept-melding over %(name)s wordt bijna verwijderd", name=employee.name),
        "draft_reminder",
        "draft_reminder",
        employee=employee,
        removal_at=removal_at,
        link=absolute_url("notices.new", employment_id=draft.employment_id),
    )


def new_message(subject_type: str, subject, author) -> None:
    """A new message in a thread: the other side hears of it by e-mail, with a link, never the text."""
    if subject_type in ("notice", "question"):  # between employer and AD
        ads = [u.email for u in _ads_of(subject.employment)]
        employer_side = [subject.filed_by.email if subject_type == "notice" else subject.asked_by.email]
        recipients = ads if author.role == "employer" else employer_side
        link = (absolute_url("notices.show", notice_id=subject.id) if subject_type == "notice"
                else absolute_url("questions.show", question_id=subject.id))
        about = subject.employment.employee.name  # both sides may see the employee
    else:
        if author.role == "employer":
            recipients = [subject.claimed_by.email] if subject.claimed_by else _wsp_recipients(subject)
        else:
            recipients = [subject.contact.email]
        link = absolute_url("vacancies.show", refill_id=subject.id)
        about = _refill_name(subject)
    queue_email(
        recipients, _l("Nieuw bericht over %(about)s", about=about), "new_message", "new_message",
        author=author, about=about, link=link,
    )
