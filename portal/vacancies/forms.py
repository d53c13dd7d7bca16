from flask_wtf import FlaskForm
from wtforms import RadioField, SelectField
from wtforms.validators import Optional

from portal.forms_common import DutchDateField, choices, required, required_input, text_area


class ProposeForm(FlaskForm):
    note = text_area(
        "Welke kandidaten stelt u voor?",
        2000,
        is_required="Schrijf kort welke kandidaten u voorstelt.",
        description="Bijvoorbeeld: twee kandidaten, gesprek gepland op dinsdag. Zet hier geen namen van kandidaten.",
    )


class CloseRefillForm(FlaskForm):
    result = RadioField(
        "Is de plek ingevuld?",
        choices=choices({"filled": "Ja, de plek is ingevuld", "not_filled": "Nee, de plek is niet ingevuld"}),
        validators=[required_input("Kies of de plek is ingevuld.")],
    )
    filled_date = DutchDateField("Startdatum van de nieuwe medewerker", validators=[Optional()])
    reason = text_area("Waarom is de plek niet ingevuld?", 2000)


class RouteForm(FlaskForm):
    region = SelectField("Regio", validators=[required("Kies een regio.")])
