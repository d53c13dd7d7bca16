from flask_babel import lazy_gettext as _l
from wtforms import RadioField, StringField
from wtforms.validators import Optional

from portal.forms_common import DutchDateField, choices, max_length, required_input, text_area
from portal.notices.outcome_forms import CloseNoticeForm

FOLLOW_UP_ANSWERS = {
    "found_job": _l("Ja, werk gevonden"),
    "not_yet": _l("Nog niet"),
    "stop": _l("Geen nazorg meer nodig"),
}


class FollowUpForm(CloseNoticeForm):
    """The short answer; a job is recorded with the closing form's fields (and the same rules)."""

    answer = RadioField(_l("Heeft de werknemer werk gevonden?"), choices=choices(FOLLOW_UP_ANSWERS),
                        validators=[required_input(_l("Kies een antwoord."))], validate_choice=False)
    next_step = StringField(_l("Wat is de volgende stap?"), validators=[Optional(), max_length(500)])
    next_step_date = DutchDateField(_l("Wanneer is de volgende stap?"), validators=[Optional()])
    reason = text_area(_l("Waarom is er geen nazorg meer nodig?"), 2000)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The closing form's own choice and the trial question are not asked here.
        del self.outcome
        del self.trial_hired
        del self.outcome_note
