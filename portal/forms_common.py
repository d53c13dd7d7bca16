"""Form pieces shared by features: Dutch messages for the standard validators."""
from flask_babel import lazy_gettext as _l
from wtforms import DateField, SelectChoice, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, Optional

DATE_FORMAT_ERROR = _l("Vul een geldige datum in, bijvoorbeeld 28-11-2026.")


class DutchDateField(DateField):
    """A date input that explains itself in Dutch when the browser sends something odd."""

    def process_formdata(self, valuelist):
        try:
            super().process_formdata(valuelist)
        except ValueError:
            raise ValueError(DATE_FORMAT_ERROR) from None
        if valuelist and valuelist[0] and self.data is None:
            raise ValueError(DATE_FORMAT_ERROR)


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
    for name, message in errors.items():
        getattr(form, name).errors = list(getattr(form, name).errors) + [message]
