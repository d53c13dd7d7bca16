"""Form pieces shared by features: Dutch messages for the standard validators."""
from functools import lru_cache

from flask_babel import lazy_gettext as _l
from markupsafe import Markup, escape
from wtforms import IntegerField, SelectChoice, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional
from wtforms.widgets import Select, html_params

from portal.bounds import DATABASE_INT_MAX, parse_id
from portal.date_field import DutchDateField as DutchDateField  # re-exported: the features import it from here

NUMBER_ERROR = _l("Vul een nummer in, alleen cijfers.")


class IdField(IntegerField):
    """A number that names a row (e.g. an employee's number): digits in the columns' range only."""

    def __init__(self, label=None, validators=None, **kwargs):
        bounded = [NumberRange(min=1, max=DATABASE_INT_MAX, message=NUMBER_ERROR)]
        super().__init__(label, validators=list(validators or []) + bounded, **kwargs)

    def process_formdata(self, valuelist):
        self.data = None
        if valuelist and valuelist[0].strip():
            self.data = parse_id(valuelist[0])
            if self.data is None:
                raise ValueError(NUMBER_ERROR)


class LongSelect(Select):
    """wtforms' Select for lists of a thousand options and more (every employer): the same HTML,
    but the options escaped once per list, not with html_params per option per request, which took
    60 ms of CPU on the nazorg page (bench/profile_pages.py, issue 21). Choices are (value, label)
    pairs."""

    def __call__(self, field, **kwargs):
        kwargs.setdefault("id", field.id)
        if "required" not in kwargs and "required" in getattr(field, "flags", []):
            kwargs["required"] = True
        options = _options_html(tuple((str(value), label if isinstance(label, Markup) else str(label))
                                      for value, label, *_ in field.choices))
        if field.data is not None:
            value = escape(str(field.data))
            options = options.replace(f'<option value="{value}">', f'<option selected value="{value}">')
        return Markup(f"<select {html_params(name=field.name, **kwargs)}>{options}</select>")  # noqa: S704 # nosec B704


@lru_cache(maxsize=16)
def _options_html(choices: tuple[tuple[str, str], ...]) -> str:
    # Keyed by the whole list (names and language included), so a changed list is escaped anew.
    # Labels are text; a Markup label stays as it is, as in wtforms' Select.
    return "".join(f'<option value="{escape(value)}">{escape(label)}</option>' for value, label in choices)


def required(message: str):
    return DataRequired(message=message)


def required_input(message: str):
    """For dates and choices: unlike DataRequired it keeps the 'not a valid date' message."""
    return InputRequired(message=message)


def choices(options: dict[str, str], placeholder: str | None = None) -> list[SelectChoice]:
    items = [SelectChoice("", placeholder)] if placeholder else []
    return items + [SelectChoice(value, label) for value, label in options.items()]


def max_length(limit: int):
    return Length(max=limit, message=_l("Gebruik hoogstens %(limit)s tekens.", limit=limit))


def text_area(label: str, limit: int = 4000, *, is_required: str | None = None, description: str = ""):
    validators = [required(is_required)] if is_required else [Optional()]
    return TextAreaField(label, validators=validators + [max_length(limit)], description=description)


def show_errors(form, errors: dict[str, str]) -> None:
    """Attach a service's rule errors to the form fields, so the page shows them in place."""
    fields = list(form)
    for name, message in errors.items():
        # A rule about a field this form does not show still reaches the user, on the first field.
        field = getattr(form, name, None) or (fields[0] if fields else None)
        if field is None:
            continue
        field.errors = list(field.errors) + [message]


def input_names(form) -> list[str]:
    """Every name a browser sends for the form's fields (a date sends three parts)."""
    return [name for field in form for name in getattr(field, "input_names", [field.name])]
