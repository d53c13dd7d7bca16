from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import RadioField, SelectField
from wtforms.validators import Optional

from portal.forms_common import DutchDateField, choices, required_input, text_area


class ProposeForm(FlaskForm):
    note = text_area(
        _l("Welke kandidaten stelt u voor?"),
        2000,
        is_required=_l("Schrijf kort welke kandidaten u voorstelt."),
        description=_l("Bijvoorbeeld: twee kandidaten, gesprek gepland op dinsdag. Zet hier geen namen van kandidaten."),
    )


class CloseRefillForm(FlaskForm):
    result = RadioField(
        _l("Is de plek ingevuld?"),
        choices=choices({"filled": _l("Ja, de plek is ingevuld"), "not_filled": _l("Nee, de plek is niet ingevuld")}),
        validators=[required_input(_l("Kies of de plek is ingevuld."))],
    )
    filled_date = DutchDateField(_l("Startdatum van de nieuwe medewerker"), validators=[Optional()])
    reason = text_area(_l("Waarom is de plek niet ingevuld?"), 2000)


class RouteForm(FlaskForm):
    # The service checks the choice against the CBS list (a clear Dutch error instead of WTForms' own).
    municipality = SelectField(
        _l("Gemeente van de werkplek"), validators=[required_input(_l("Kies de gemeente van de werkplek."))],
        validate_choice=False,
        description=_l("De gemeente bepaalt de regio. De werkplek onthoudt haar, zodat volgende verzoeken vanzelf "
                       "bij het juiste Werkgeversservicepunt komen."),
    )
