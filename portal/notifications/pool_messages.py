"""Who hears what in the candidate pool (van werk naar werk). Each function queues mail in the
caller's transaction.

The WSP and the vacancy's employer are told the pseudonym code, never the name; the name goes
only to people who may see the employee (the ADs, the former employer) and, after the
introduction consent, to the vacancy's employer on the page (not in the mail).
"""
from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from portal.extensions import db
from portal.formatting import date_long
from portal.models import User, user_regions
from portal.notifications.messages import admin_emails
from portal.notifications.outbox import absolute_url, per_recipient, queue_email


def _ads_of_profile(profile) -> list[str]:
    assignment = profile.notice.employment.employee.current_assignment
    if assignment is None:
        return []
    return [u.email for u in (assignment.ad, assignment.backup_ad) if u is not None]


def _region_advisers(profile) -> list[str]:
    region_ids = [region.id for region in profile.regions]
    if not region_ids:
        return []
    advisers = db.session.scalars(
        select(User.email).join(user_regions, user_regions.c.user_id == User.id)
        .where(user_regions.c.region_id.in_(region_ids), User.role == "wsp", User.is_enabled)
    ).all()
    return sorted({*advisers, *(region.wsp_email for region in profile.regions if region.wsp_email)})


def _send(recipients, subject, sentence, link: str, kind: str) -> None:
    queue_email(recipients, subject, "pool_step", kind, sentence=sentence, link=link)


def profile_published(profile) -> None:
    _send(
        _region_advisers(profile),
        _l("Nieuwe kandidaat in de pool: %(code)s", code=profile.code),
        per_recipient(lambda: _("Kandidaat %(code)s is beschikbaar vanaf %(date)s. Pak de kandidaat op en zoek passend werk.",
                                code=profile.code, date=date_long(profile.available_from))),
        absolute_url("pool.profile", profile_id=profile.id),
        "profile_published",
    )


def profile_claimed(profile, actor) -> None:
    _send(
        _ads_of_profile(profile),
        _l("Het Werkgeversservicepunt (WSP) zoekt werk voor kandidaat %(code)s", code=profile.code),
        per_recipient(lambda: _("%(name)s van het Werkgeversservicepunt zoekt nu werk voor kandidaat %(code)s.",
                                name=actor.name, code=profile.code)),
        absolute_url("notices.show", notice_id=profile.notice_id),
        "profile_claimed",
    )


def profile_stopped(profile, state_label) -> None:
    """Paused, withdrawn or ended: the adviser who holds the candidate stops."""
    if profile.claimed_by is None:
        return
    _send(
        [profile.claimed_by.email],
        _l("Kandidaat %(code)s: %(state)s", code=profile.code, state=state_label),
        per_recipient(lambda: _("Kandidaat %(code)s staat niet meer in de pool (%(state)s). U hoeft niets meer te doen.",
                                code=profile.code, state=str(state_label).lower())),
        absolute_url("pool.index"),
        "profile_stopped",
    )


def proposal_made(proposal) -> None:
    refill = proposal.refill
    name = proposal.profile.code if proposal.profile else _l("een kandidaat van buiten de pool")
    _send(
        [refill.contact.email],
        _l("Kandidaat voorgesteld voor %(job)s", job=refill.job_title),
        per_recipient(lambda: _("Het Werkgeversservicepunt stelt %(name)s voor voor de plek %(job)s. "
                                "Bekijk het profiel en laat weten of u wilt kennismaken.", name=name, job=refill.job_title)),
        absolute_url("pool.proposal", proposal_id=proposal.id),
        "proposal_made",
    )
    if proposal.profile:
        employee = proposal.profile.notice.employment.employee
        _send(
            _ads_of_profile(proposal.profile),
            _l("%(name)s is voorgesteld voor een baan", name=employee.name),
            per_recipient(lambda: _("Het Werkgeversservicepunt (WSP) stelde %(name)s (kandidaat %(code)s) voor voor de plek %(job)s.",
                                    name=employee.name, code=proposal.profile.code, job=refill.job_title)),
            absolute_url("notices.show", notice_id=proposal.profile.notice_id),
            "proposal_made_ad",
        )


STEP_TEXTS = {
    "interested": _l("De werkgever wil kennismaken met kandidaat %(code)s voor de plek %(job)s."),
    "reject": _l("De werkgever wil niet verder met kandidaat %(code)s voor de plek %(job)s."),
    "start_trial": _l("Kandidaat %(code)s begint met een proefplaatsing op de plek %(job)s."),
    "withdraw": _l("Het Werkgeversservicepunt (WSP) heeft kandidaat %(code)s teruggetrokken voor de plek %(job)s."),
    "introduction_consent": _l("Kandidaat %(code)s stemt in met de kennismaking voor de plek %(job)s. "
                               "U ziet nu de naam en de contactgegevens."),
    "hire": _l("Kandidaat %(code)s is aangenomen op de plek %(job)s."),
}
AD_TEXTS = {
    "interested": _l("Leg de toestemming van %(name)s voor de kennismaking vast op de melding."),
}


def proposal_step(proposal, action: str, actor) -> None:
    """Who must act next hears of it: the AD, the adviser and the vacancy's employer."""
    refill = proposal.refill
    code = proposal.profile.code if proposal.profile else _("(buiten de pool)")
    recipients = set()
    if action in ("interested", "reject"):
        recipients.add(proposal.proposed_by.email)
    if action in ("start_trial", "withdraw", "introduction_consent", "hire"):
        recipients.add(refill.contact.email)
    if action == "introduction_consent":
        recipients.add(proposal.proposed_by.email)
    subject = _l("Voorstel %(job)s: %(step)s", job=refill.job_title, step=STEP_TEXTS_SHORT[action])
    text = STEP_TEXTS[action]
    link = absolute_url("pool.proposal", proposal_id=proposal.id)
    _send(sorted(recipients - {actor.email}), subject,
          per_recipient(lambda: str(text) % {"code": code, "job": refill.job_title}), link, f"proposal_{action}")
    if proposal.profile and action in ("interested", "reject", "start_trial", "withdraw"):
        employee = proposal.profile.notice.employment.employee
        ad_text = AD_TEXTS.get(action, text)
        _send(_ads_of_profile(proposal.profile), subject,
              per_recipient(lambda: str(ad_text) % {"code": code, "job": refill.job_title, "name": employee.name}),
              link, f"proposal_{action}_ad")


STEP_TEXTS_SHORT = {
    "interested": _l("kennismaking"),
    "reject": _l("afgewezen"),
    "start_trial": _l("proefplaatsing"),
    "withdraw": _l("teruggetrokken"),
    "introduction_consent": _l("toestemming voor de kennismaking"),
    "hire": _l("aangenomen"),
}


def hired(proposal, notice) -> None:
    """The AD and the former employer: the notice closed with a new job."""
    employee = notice.employment.employee
    start = proposal.start_date
    _send(
        sorted({*_ads_of_profile(proposal.profile), notice.filed_by.email}),
        _l("Nieuwe baan voor %(name)s", name=employee.name),
        per_recipient(lambda: _("%(name)s heeft via de kandidatenpool een nieuwe baan, per %(date)s. "
                                "De melding is afgerond.", name=employee.name, date=date_long(start))),
        absolute_url("notices.show", notice_id=notice.id),
        "proposal_hired_notice",
    )


def _coordinators(profile) -> list[str]:
    region_ids = [region.id for region in profile.regions]
    if not region_ids:
        return []
    return sorted(set(db.session.scalars(
        select(User.email).join(user_regions, user_regions.c.user_id == User.id)
        .where(user_regions.c.region_id.in_(region_ids), user_regions.c.is_coordinator, User.is_enabled)
    ).all()))


def _profile_deadline_mail(profile, recipients: list[str], notes: tuple[str, str], subject, template: str,
                           kind: str) -> str:
    """A pool deadline's mail, with the pseudonym code only; functioneel beheer when nobody is set up.
    `notes`: what the timeline says for (the region's people, functioneel beheer)."""
    note = notes[0]
    if not recipients:
        recipients, note = admin_emails(), notes[1]
    queue_email(
        recipients, subject, template, kind,
        step=_l("de kandidaat op te pakken"), due=profile.response_due,
        name=_l("kandidaat %(code)s", code=profile.code),
        link=absolute_url("pool.profile", profile_id=profile.id),
    )
    return note


def profile_overdue(profile) -> str:
    """Published but not picked up in time: a reminder to the region's advisers (code only)."""
    return _profile_deadline_mail(
        profile, _region_advisers(profile),
        ("aan de adviseurs van de regio", "aan functioneel beheer: de regio heeft geen adviseurs en geen WSP-mailbox"),
        _l("Termijn verlopen: kandidaat %(code)s is nog niet opgepakt", code=profile.code),
        "overdue", "profile_overdue",
    )


def profile_escalated(profile) -> str:
    """Two working days after the deadline: the region's WSP mailbox and coordinators."""
    recipients = sorted({*(r.wsp_email for r in profile.regions if r.wsp_email), *_coordinators(profile)})
    return _profile_deadline_mail(
        profile, recipients,
        ("naar de WSP-mailbox en de coördinatoren", "naar functioneel beheer: geen WSP-mailbox en geen coördinatoren"),
        _l("Doorgezet: kandidaat %(code)s wacht al te lang", code=profile.code),
        "escalated", "profile_escalated",
    )
