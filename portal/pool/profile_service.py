"""The candidate profile: consent, draft from the handover notes, edit, publish, pause, withdraw,
claim, and the end that comes by itself. Every write to a profile goes through these functions."""
from __future__ import annotations

import re
import secrets
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import select

from portal.auth.permissions import (
    Forbidden,
    check_may,
    may_record_profile_consent,
    notes_shared_with_uwv,
)
from portal.extensions import db
from portal.formatting import date_long
from portal.models import (
    CONSENT_METHODS,
    OPEN_PROPOSAL_STATES,
    PROFILE_JOB_COACH,
    CandidateProfile,
    ContractEndNotice,
    Proposal,
    Region,
)
from portal.notifications import pool_messages as messages
from portal.workflows import (
    NOTICE_WORKFLOW,
    PROFILE_WORKFLOW,
    PROPOSAL_WORKFLOW,
    InputRejected,
    TransitionRefused,
    apply_transition,
    record_creation,
    record_event,
)

# Pseudonym codes: no letters that look alike (0/O, 1/I/L).
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
TEXT_FIELDS = ("suitable_work", "strengths", "adaptations", "travel", "summary")


class ProfileRejected(InputRejected):
    """A profile input that breaks a rule."""


@dataclass
class ProfileInput:
    available_from: date | None
    hours_wanted: Decimal | None
    suitable_work: str = ""
    strengths: str = ""
    adaptations: str = ""
    job_coach: str = "none"
    travel: str = ""
    summary: str = ""
    region_ids: list[int] = field(default_factory=list)


def new_code() -> str:
    return "K-" + "".join(secrets.choice(CODE_ALPHABET) for _ in range(6))


def _stored(text: str) -> str:
    with force_locale("nl"):
        return str(text)


def record_profile_consent(actor, notice: ContractEndNotice, consent_date: date | None, method: str,
                           today: date, visible: bool = False) -> None:
    """The person agrees that the AD shares a profile with the WSP: separate from the consent
    for the handover notes. Recorded with the date, by whom and how."""
    if not may_record_profile_consent(actor, notice, visible=visible):
        raise Forbidden("profile_consent")
    errors = {}
    if consent_date is None:
        errors["consent_date"] = _("Vul de datum in waarop de werknemer toestemming gaf.")
    elif consent_date > today:
        errors["consent_date"] = _("De datum van de toestemming kan niet in de toekomst liggen.")
    if method not in CONSENT_METHODS:
        errors["method"] = _("Kies hoe de werknemer toestemming gaf.")
    if errors:
        raise ProfileRejected(errors)
    notice.profile_consent_date, notice.profile_consent_method = consent_date, method
    notice.profile_consent_recorded_by_id = actor.id
    with force_locale("nl"):
        note = f"{CONSENT_METHODS[method]}, op {date_long(notice.profile_consent_date)}"
    record_event(NOTICE_WORKFLOW, notice, "profile_consent", note, actor)
    db.session.flush()


def start_draft(actor, notice: ContractEndNotice, visible: bool = False) -> CandidateProfile:
    """A draft the AD edits before publishing, prefilled from the handover notes (only when the
    AD may read them) and the contract; nothing of it leaves UWV until it is published."""
    check_may(actor, PROFILE_WORKFLOW, "create", notice, visible=visible)
    if notice.status not in ("acknowledged", "plan_recorded"):
        raise TransitionRefused(_("Een kandidaatprofiel kan pas als u de melding heeft gelezen, en zolang die loopt."))
    if db.session.scalar(select(CandidateProfile.id).where(CandidateProfile.notice_id == notice.id)):
        raise TransitionRefused(_("Voor deze melding is er al een kandidaatprofiel."))
    employment = notice.employment
    notes = notes_shared_with_uwv(notice)  # the AD reads (and so copies) the notes only with consent
    profile = CandidateProfile(
        code=new_code(),
        notice=notice,
        status=PROFILE_WORKFLOW.transition("create").target,
        created_by_id=actor.id,
        available_from=notice.expected_end_date,
        hours_wanted=employment.hours_per_week,
        suitable_work=notice.notes_next_roles if notes else "",
        strengths=notice.notes_strengths if notes else "",
        adaptations=notice.notes_adaptations if notes else "",
        job_coach=employment.job_coach_type if employment.job_coach_type in PROFILE_JOB_COACH else "none",
        regions=[employment.location.region] if employment.location.region else [],
    )
    db.session.add(profile)
    record_creation(PROFILE_WORKFLOW, profile, "create", actor)
    return profile


def _identifying_words(notice: ContractEndNotice) -> list[str]:
    employee = notice.employment.employee
    words = [w for w in re.split(r"\W+", employee.name) if len(w) >= 3]
    words += [notice.employment.location.organisation.name, employee.personnel_number]
    return [w for w in words if w]


def validate(profile: CandidateProfile, data: ProfileInput) -> dict[str, str]:
    errors: dict[str, str] = {}
    if data.available_from is None:
        errors["available_from"] = _("Vul in vanaf wanneer de kandidaat kan werken.")
    if data.hours_wanted is None or not Decimal("1") <= data.hours_wanted <= Decimal("60"):
        errors["hours_wanted"] = _("Vul een aantal uren per week in tussen 1 en 60.")
    if not data.suitable_work.strip():
        errors["suitable_work"] = _("Beschrijf kort welk werk past.")
    if data.job_coach not in PROFILE_JOB_COACH:
        errors["job_coach"] = _("Kies of er een jobcoach nodig is.")
    if not data.region_ids:
        errors["region_ids"] = _("Kies minstens één regio.")
    # The profile is pseudonymous: the name, personnel number or former employer may not be in it.
    for name in TEXT_FIELDS:
        text = getattr(data, name).lower()
        found = next((w for w in _identifying_words(profile.notice)
                      if re.search(r"(?<!\w)" + re.escape(w.lower()) + r"(?!\w)", text)), None)
        if found:
            errors[name] = _("Haal \"%(word)s\" weg: het profiel mag niemand herkenbaar maken (geen naam, "
                             "personeelsnummer of vorige werkgever).", word=found)
    return errors


def edit(actor, profile: CandidateProfile, data: ProfileInput, visible: bool = False) -> None:
    check_may(actor, PROFILE_WORKFLOW, "publish", profile, visible=visible)  # the AD's own candidates
    if profile.status in ("withdrawn", "ended"):
        raise TransitionRefused(_("Dit profiel is gestopt en kan niet meer worden aangepast."))
    errors = validate(profile, data)
    regions = db.session.scalars(select(Region).where(Region.id.in_(data.region_ids))).all()
    if data.region_ids and len(regions) != len(set(data.region_ids)):
        errors["region_ids"] = _("Kies regio's uit de lijst.")
    if errors:
        raise ProfileRejected(errors)
    for name in TEXT_FIELDS:
        setattr(profile, name, getattr(data, name).strip())
    profile.available_from, profile.hours_wanted = data.available_from, data.hours_wanted  # type: ignore[assignment]
    profile.job_coach = data.job_coach
    profile.regions = list(regions)
    if profile.status != "draft":
        record_event(PROFILE_WORKFLOW, profile, "profile_edited", "", actor)
    db.session.flush()


def publish(actor, profile: CandidateProfile) -> None:
    """Into the region's pool: only with the person's recorded consent to share a profile."""
    check_may(actor, PROFILE_WORKFLOW, "publish", profile)
    notice = profile.notice
    if not notice.has_profile_consent:
        raise TransitionRefused(_("Publiceren kan pas als u de toestemming van de werknemer voor een "
                                  "kandidaatprofiel heeft vastgelegd."))
    if not notice.is_open:
        raise TransitionRefused(_("De melding is afgerond: het profiel kan niet meer in de pool."))
    data = ProfileInput(profile.available_from, Decimal(str(profile.hours_wanted)), profile.suitable_work,
                        profile.strengths, profile.adaptations, profile.job_coach, profile.travel, profile.summary,
                        [r.id for r in profile.regions])
    errors = validate(profile, data)
    if errors:
        raise TransitionRefused(_("Vul het profiel eerst aan: %(problems)s", problems=" ".join(errors.values())))
    apply_transition(PROFILE_WORKFLOW, profile, "publish", actor, claimed_by_id=None)
    messages.profile_published(profile)
    db.session.flush()


def claim(actor, profile: CandidateProfile, visible: bool = False) -> None:
    """One adviser takes the candidate on: the compare-and-set decides who was first."""
    check_may(actor, PROFILE_WORKFLOW, "claim", profile, visible=visible)
    apply_transition(PROFILE_WORKFLOW, profile, "claim", actor, claimed_by_id=actor.id)
    messages.profile_claimed(profile, actor)
    db.session.flush()


def _lapse_open_proposals(profile: CandidateProfile, note: str, keep: Proposal | None = None) -> None:
    open_proposals = db.session.scalars(
        select(Proposal).where(Proposal.profile_id == profile.id, Proposal.status.in_(OPEN_PROPOSAL_STATES))
    ).all()
    for proposal in open_proposals:
        if proposal is not keep:
            apply_transition(PROPOSAL_WORKFLOW, proposal, "lapse", None, note=note)


def pause(actor, profile: CandidateProfile) -> None:
    check_may(actor, PROFILE_WORKFLOW, "pause", profile)
    # The adviser keeps the claim while paused (told below); it goes when the AD publishes again.
    apply_transition(PROFILE_WORKFLOW, profile, "pause", actor)
    messages.profile_stopped(profile, PROFILE_WORKFLOW.states["paused"])
    db.session.flush()


def withdraw(actor, profile: CandidateProfile) -> None:
    check_may(actor, PROFILE_WORKFLOW, "withdraw", profile)
    apply_transition(PROFILE_WORKFLOW, profile, "withdraw", actor)
    _lapse_open_proposals(profile, _stored("Het profiel is ingetrokken."))
    messages.profile_stopped(profile, PROFILE_WORKFLOW.states["withdrawn"])
    db.session.flush()


def end_with_notice(actor, notice: ContractEndNotice, note: str) -> None:
    """The notice was withdrawn or closed: the profile ends by itself (part of that step)."""
    profile = db.session.scalar(select(CandidateProfile).where(CandidateProfile.notice_id == notice.id))
    if profile is None or profile.status in ("withdrawn", "ended"):
        return
    apply_transition(PROFILE_WORKFLOW, profile, "end", actor, note=note)
    _lapse_open_proposals(profile, note)
    messages.profile_stopped(profile, PROFILE_WORKFLOW.states["ended"])

