from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import RadioField
from wtforms.validators import Optional

from portal.forms_common import DutchDateField, choices, required_input

RENEWAL_CHOICES = {"new_end_date": _l("Tijdelijk, met een nieuwe einddatum"), "permanent": _l("Vast contract")}


class RenewalForm(FlaskForm):
    choice = RadioField(
        _l("Hoe wordt het contract verlengd?"),
        choices=choices(RENEWAL_CHOICES),
        validators=[required_input(_l("Kies hoe het contract wordt verlengd."))],
    )
    new_end_date = DutchDateField(
        _l("Nieuwe einddatum"), validators=[Optional()], description=_l("Alleen bij een nieuw tijdelijk contract.")
    )
