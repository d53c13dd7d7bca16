"""The notice form in steps: which questions each step asks, and which step follows.

The server decides the route through the steps from the saved draft, so a question that does not
apply (the consent date, the refill details) is never shown, with or without JavaScript. Every
step is saved into the organisation's draft (draft_service), so the employer, or a colleague, can
leave and carry on later. The field definitions stay in NoticeForm: the steps borrow them, and the
check page validates the whole draft with NoticeForm before filing.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from werkzeug.datastructures import MultiDict

from portal.formatting import date_long
from portal.forms_common import input_names
from portal.models import HANDOVER_FIELDS
from portal.notices.notice_forms import NoticeForm

DONE_KEY = "stappen_klaar"  # the draft's record of the steps answered, e.g. "einde,overdracht"
CHECK = "controleren"  # the last page: check your answers, then file


def _always(_data: dict[str, str]) -> bool:
    return True


def _step_form(name: str, fields: tuple[str, ...]) -> type[FlaskForm]:
    return type(name, (FlaskForm,), {field: getattr(NoticeForm, field) for field in fields})


@dataclass(frozen=True)
class Step:
    slug: str
    number: int  # what "stap 2 van 5" says; a follow-up question shares its step's number
    title: object  # lazy text
    fields: tuple[str, ...]
    applies: Callable[[dict[str, str]], bool] = _always

    @property
    def form(self) -> type[FlaskForm]:
        return FORMS[self.slug]


STEPS: tuple[Step, ...] = (
    Step("einde", 1, _l("Het einde van het werk"),
         ("expected_end_date", "reason_category", "reason_text", "initiative")),
    Step("overdracht", 2, _l("Wat weet u over de werknemer?"), tuple(HANDOVER_FIELDS)),
    Step("toestemming", 3, _l("Toestemming van de werknemer"), ("notes_discussed", "consent_given", "employee_email")),
    Step("toestemming-datum", 3, _l("Datum van de toestemming"), ("consent_date",),
         lambda data: data.get("consent_given") == "y"),
    Step("plek", 4, _l("De plek opnieuw invullen"), ("refill_wanted",)),
    Step("plek-gegevens", 4, _l("Over de functie"),
         ("refill_job_title", "refill_hours", "refill_tasks", "refill_requirements", "refill_adaptations",
          "refill_start_date"),
         lambda data: data.get("refill_wanted") == "ja"),
)
STEP_COUNT = 5  # the four steps and the check page
BY_SLUG = {step.slug: step for step in STEPS}
FORMS = {step.slug: _step_form(f"NoticeStep_{step.slug.replace('-', '_')}", step.fields) for step in STEPS}


def draft_field_names() -> list[str]:
    """What a draft may hold: every input of the notice form, and the steps answered."""
    return [*input_names(NoticeForm(meta={"csrf": False})), DONE_KEY]


def done_steps(data: dict[str, str]) -> set[str]:
    return set(filter(None, data.get(DONE_KEY, "").split(",")))


def applicable(data: dict[str, str]) -> list[Step]:
    return [step for step in STEPS if step.applies(data)]


def with_step(data: dict[str, str], step: Step, posted: MultiDict, *, done: bool) -> dict[str, str]:
    """The draft with this step's answers; a box left unticked is saved as unticked."""
    form = step.form(meta={"csrf": False})
    merged = dict(data)
    for name in input_names(form):
        merged[name] = str(posted.get(name, ""))
    if done:
        merged[DONE_KEY] = ",".join(sorted(done_steps(data) | {step.slug}))
    return merged


def next_slug(data: dict[str, str], current: Step, *, from_check: bool) -> str:
    """After a step: the next question that applies; coming from the check page, only a question
    that newly applies (e.g. the refill details after 'ja'), else back to the check page."""
    steps = applicable(data)
    if from_check:
        return next((step.slug for step in steps if step.slug not in done_steps(data)), CHECK)
    later = [step.slug for step in steps if STEPS.index(step) > STEPS.index(current)]
    return later[0] if later else CHECK


def resume_slug(data: dict[str, str]) -> str:
    """Where a saved draft carries on: the first question that applies and is not answered yet."""
    return next((step.slug for step in applicable(data) if step.slug not in done_steps(data)), CHECK)


def previous_slug(data: dict[str, str], current: Step | None) -> str | None:
    steps = applicable(data)
    if current is None:
        return steps[-1].slug
    earlier = [step.slug for step in steps if STEPS.index(step) < STEPS.index(current)]
    return earlier[-1] if earlier else None


def full_form(data: dict[str, str]) -> NoticeForm:
    """The whole draft read by the one-page form's fields and validators (no CSRF: it is not a post)."""
    return NoticeForm(formdata=MultiDict(data), meta={"csrf": False})


def fields_asked(data: dict[str, str]) -> set[str]:
    return {field for step in applicable(data) for field in step.fields}


def step_of_field(data: dict[str, str], field: str) -> Step:
    return next((step for step in applicable(data) if field in step.fields), STEPS[0])


def answer_text(field) -> str:
    """An answer as the check page shows it: a date in words, a choice by its label."""
    if field.type == "DutchDateField":
        return date_long(field.data) if field.data else ""
    if field.type in ("SelectField", "RadioField"):
        return next((str(choice.label) for choice in field.choices if choice.value == field.data and choice.value), "")
    if field.type == "BooleanField":
        return _("Ja") if field.data else _("Nee")
    if field.type == "DecimalField":
        return field._value()
    return field.data or ""
