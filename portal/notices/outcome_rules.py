"""How a notice may end: the checked outcome of a closing, with the new job's facts.

Job-to-job ("direct een nieuwe baan") is derived from the dates, never chosen: the new job
starts at most a month after the old end date (the report's measure). The closing form offers
"Een nieuwe baan"; a posted claim of "direct" or "later" is checked against the dates.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import cast

from flask_babel import force_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from portal.extensions import db
from portal.formatting import date_long
from portal.models import CONTRACT_TYPES, NEW_JOB_OUTCOMES, OUTCOMES, ContractEndNotice, Organisation
from portal.notices.notice_service import add_months

# A start within a month of the old end date is job-to-job (the report's "direct naar werk").
JOB_TO_JOB_MONTHS = 1

NEW_JOB = "new_job"
# What the AD chooses from; a new job becomes job_to_job or later_job by its dates.
OUTCOME_CHOICES = {
    NEW_JOB: _l("Een nieuwe baan"),
    "extended": OUTCOMES["extended"],
    "back_on_benefit": OUTCOMES["back_on_benefit"],
    "other": OUTCOMES["other"],
}


def outcome_for(old_end: date, new_start: date) -> str:
    """Derived from the dates, not chosen by hand."""
    return "job_to_job" if new_start <= add_months(old_end, JOB_TO_JOB_MONTHS) else "later_job"


@dataclass
class OutcomeInput:
    outcome: str  # one of OUTCOME_CHOICES, or a claimed "job_to_job" / "later_job"
    note: str = ""
    start_date: date | None = None
    employer_id: int | None = None  # a portal organisation ...
    employer_name: str = ""  # ... or a name outside the portal
    hours: Decimal | None = None
    contract_type: str = ""
    trial_hired: bool | None = None  # asked only when the ended employment was a trial placement

    @property
    def is_new_job(self) -> bool:
        return self.outcome == NEW_JOB or self.outcome in NEW_JOB_OUTCOMES


@dataclass
class CheckedOutcome:
    """The values a closing writes on the notice (None and "" for what does not apply)."""

    outcome: str
    outcome_note: str
    new_job_start_date: date | None = None
    new_employer_id: int | None = None
    new_employer_name: str = ""
    new_job_hours: Decimal | None = None
    new_job_contract_type: str | None = None
    trial_hired: bool | None = None


# What a reopened notice gets back: no outcome at all.
CLEARED_OUTCOME = {
    "outcome": None, "outcome_note": "", "new_job_start_date": None, "new_employer_id": None,
    "new_employer_name": "", "new_job_hours": None, "new_job_contract_type": None, "trial_hired": None,
}


def is_trial_placement(notice: ContractEndNotice) -> bool:
    return notice.employment.contract_type == "trial_placement"


def check_outcome(notice: ContractEndNotice, data: OutcomeInput, today: date) -> tuple[CheckedOutcome | None, dict]:
    """The values to store, or the errors (field name -> plain Dutch) that refuse the input."""
    errors: dict[str, str] = {}
    if data.outcome not in OUTCOME_CHOICES and not data.is_new_job:
        return None, {"outcome": _("Kies hoe het is afgelopen.")}
    trial_employer = notice.employment.location.organisation if is_trial_placement(notice) else None
    if trial_employer is not None:
        _check_trial(data, trial_employer, errors)
    if today < notice.expected_end_date:
        _check_early(notice, data, today, errors)
    if not data.is_new_job:
        return (None, errors) if errors else (CheckedOutcome(data.outcome, data.note.strip(),
                                                             trial_hired=_trial_answer(data, trial_employer)), {})
    employer_id = trial_employer.id if trial_employer is not None and data.trial_hired else data.employer_id
    _check_new_job(notice, data, employer_id, errors)
    if errors:
        return None, errors
    start_date = cast(date, data.start_date)  # checked above
    return CheckedOutcome(
        outcome=outcome_for(notice.expected_end_date, start_date),
        outcome_note=data.note.strip(),
        new_job_start_date=start_date,
        new_employer_id=employer_id,
        new_employer_name="" if employer_id else data.employer_name.strip(),
        new_job_hours=data.hours,
        new_job_contract_type=data.contract_type,
        trial_hired=_trial_answer(data, trial_employer),
    ), {}


def _trial_answer(data: OutcomeInput, trial_employer) -> bool | None:
    return data.trial_hired if trial_employer is not None else None


def _check_trial(data: OutcomeInput, trial_employer: Organisation, errors: dict) -> None:
    if data.trial_hired is None:
        errors["trial_hired"] = _("Kies of %(employer)s de werknemer na de proefplaatsing in dienst neemt.",
                                  employer=trial_employer.name)
    elif data.trial_hired and not data.is_new_job:
        errors["outcome"] = _("U koos dat de werkgever van de proefplaatsing de werknemer in dienst neemt. "
                              "Kies dan 'Een nieuwe baan'.")
    elif data.trial_hired and (data.employer_name.strip() or data.employer_id not in (None, trial_employer.id)):
        errors["employer_id"] = _("Na de proefplaatsing is de nieuwe werkgever %(employer)s. "
                                  "Laat de werkgever leeg of kies %(employer)s.", employer=trial_employer.name)


def _check_early(notice: ContractEndNotice, data: OutcomeInput, today: date, errors: dict) -> None:
    """Before the end date only a new job that is known and has not started yet closes a notice."""
    end = date_long(notice.expected_end_date)
    if not data.is_new_job:
        errors["outcome"] = _("Het werk stopt pas op %(date)s. Eerder afronden kan alleen met een nieuwe baan "
                              "waarvan de startdatum al vastligt.", date=end)
    elif data.start_date is not None and data.start_date < today:
        errors["start_date"] = _("Het werk stopt pas op %(date)s. Eerder afronden kan alleen met een nieuwe baan "
                                 "die nog moet beginnen. Vul de startdatum van de nieuwe baan in.", date=end)


def _check_new_job(notice: ContractEndNotice, data: OutcomeInput, employer_id: int | None, errors: dict) -> None:
    if data.start_date is None:
        errors.setdefault("start_date", _("Vul de datum in waarop de nieuwe baan begint."))
    elif data.start_date < notice.employment.start_date:
        errors.setdefault("start_date", _("De nieuwe baan kan niet beginnen voor de start van het oude contract (%(date)s).",
                                          date=date_long(notice.employment.start_date)))
    elif data.outcome in NEW_JOB_OUTCOMES and data.outcome != outcome_for(notice.expected_end_date, data.start_date):
        errors.setdefault("start_date", _inconsistent(notice, data.outcome, data.start_date))
    if employer_id is None and not data.employer_name.strip():
        errors.setdefault("employer_id", _("Kies de nieuwe werkgever. Staat die niet in de lijst? "
                                           "Vul dan de naam in."))
    elif employer_id is not None and data.employer_name.strip():
        errors.setdefault("employer_id", _("Kies een werkgever uit de lijst óf vul een naam in, niet allebei."))
    elif employer_id is not None and db.session.get(Organisation, employer_id) is None:
        errors.setdefault("employer_id", _("Kies een werkgever uit de lijst."))
    # is_finite first: comparing a NaN ("NaN" typed as hours) raises instead of answering.
    if data.hours is None or not data.hours.is_finite() or not Decimal("1") <= data.hours <= Decimal("60"):
        errors["hours"] = _("Vul een aantal uren per week in tussen 1 en 60.")
    if data.contract_type not in CONTRACT_TYPES:
        errors["contract_type"] = _("Kies het soort contract.")


def _inconsistent(notice: ContractEndNotice, claimed: str, start: date) -> str:
    limit = date_long(add_months(notice.expected_end_date, JOB_TO_JOB_MONTHS))
    if claimed == "job_to_job":
        return _("'Direct een nieuwe baan' klopt niet: de nieuwe baan begint op %(start)s. Dat is meer dan een "
                 "maand na het einde van het werk. Direct is een start uiterlijk %(limit)s.",
                 start=date_long(start), limit=limit)
    return _("'Later een nieuwe baan' klopt niet: de nieuwe baan begint op %(start)s. Dat is binnen een maand "
             "na het einde van het werk, en dus direct.", start=date_long(start))


def outcome_note(checked: CheckedOutcome) -> str:
    """The timeline's line for a closing, stored in Dutch. The new job's employer, hours and start
    stay in the notice's fields, which only UWV sees: the former employer reads the timeline too."""
    with force_locale("nl"):
        note = str(OUTCOMES[checked.outcome])
        if checked.trial_hired is not None:
            note += " (" + (_("in dienst na de proefplaatsing") if checked.trial_hired
                            else _("niet in dienst na de proefplaatsing")) + ")"
    return note
