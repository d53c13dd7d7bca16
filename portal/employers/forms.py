from flask_wtf import FlaskForm
from wtforms import RadioField
from wtforms.validators import Optional

from portal.forms_common import DutchDateField, choices, required_input

RENEWAL_CHOICES = {"new_end_date": "Tijdelijk, met een nieuwe einddatum", "permanent": "Vast contract"}


class RenewalForm(FlaskForm):
    choice = RadioField(
        "Hoe wordt het contract verlengd?",
        choices=choices(RENEWAL_CHOICES),
        validators=[required_input("Kies hoe het contract wordt verlengd.")],
    )
    new_end_date = DutchDateField(
        "Nieuwe einddatum", validators=[Optional()], description="Alleen bij een nieuw tijdelijk contract."
    )
