from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms.validators import ValidationError

from portal.formatting import local_today
from portal.forms_common import DutchDateField, required_input, text_area
from portal.questions.question_service import MAX_LENGTH, decision_date_error


class AskForm(FlaskForm):
    worry = text_area(
        _l("Waar twijfelt u over?"), MAX_LENGTH, is_required=_l("Schrijf waar u over twijfelt."),
        description=_l("Bijvoorbeeld: het werk lukt minder goed, of u weet niet of u het contract kunt verlengen. "
                       "De arbeidsdeskundige leest dit; het WSP niet."),
    )
    decision_date = DutchDateField(
        _l("Wanneer moet u beslissen?"),
        validators=[required_input(_l("Vul de datum in waarop u moet beslissen."))],
        description=_l("De datum waarop u uiterlijk moet weten wat u doet, bijvoorbeeld met het contract."),
    )

    def validate_decision_date(self, field):
        # Checked here too, so that one submit shows every error (the service checks again).
        error = decision_date_error(field.data, local_today()) if field.data is not None else None
        if error:
            raise ValidationError(error)


class CloseForm(FlaskForm):
    note = text_area(_l("Waarom is er geen melding nodig?"), 500,
                     description=_l("Bijvoorbeeld: het contract wordt verlengd."))
