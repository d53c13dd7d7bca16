from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DecimalField, RadioField, SelectField, StringField
from wtforms.validators import Optional

from portal.forms_common import DutchDateField, LongSelect, choices, max_length, required_input, text_area
from portal.models import CONTRACT_TYPES
from portal.notices.notice_forms import YES_NO
from portal.notices.outcome_rules import OUTCOME_CHOICES


class CloseNoticeForm(FlaskForm):
    """The outcome. Its rules (which fields a new job needs, what fits the dates) are the
    service's, so a hand-made POST meets the same checks: the choices are not validated here."""

    trial_hired = RadioField(
        _l("Neemt de werkgever van de proefplaatsing de werknemer in dienst?"),
        choices=choices(YES_NO), validators=[Optional()], validate_choice=False,
    )
    outcome = RadioField(
        _l("Hoe is het afgelopen?"), choices=choices(OUTCOME_CHOICES),
        validators=[required_input(_l("Kies hoe het is afgelopen."))], validate_choice=False,
        description=_l("Of het 'direct' een nieuwe baan is, berekent het portaal uit de datums: "
                       "direct is een start uiterlijk een maand na het einde van het werk."),
    )
    start_date = DutchDateField(_l("Startdatum van de nieuwe baan"), validators=[Optional()])
    employer_id = SelectField(
        _l("Nieuwe werkgever in het portaal"), validators=[Optional()], validate_choice=False, widget=LongSelect(),
        description=_l("Kies de werkgever uit de lijst, of vul hieronder de naam in."),
    )
    employer_name = StringField(
        _l("Naam van de nieuwe werkgever (als die niet in de lijst staat)"), validators=[Optional(), max_length(160)]
    )
    hours = DecimalField(_l("Uren per week"), places=1, validators=[Optional()])
    contract_type = SelectField(
        _l("Soort contract"), choices=choices(CONTRACT_TYPES, _l("Kies het soort contract")),
        validators=[Optional()], validate_choice=False,
    )
    outcome_note = text_area(_l("Toelichting"), 2000)


class ReopenForm(FlaskForm):
    reason = text_area(_l("Waarom opent u de melding weer?"), 2000,
                       is_required=_l("Schrijf kort waarom u de melding weer opent."))
