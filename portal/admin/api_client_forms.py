"""The admin's form for an API client: who it works for and what it may do per resource."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import IntegerField, RadioField, SelectField, StringField
from wtforms.validators import InputRequired, NumberRange, Optional

from portal.admin.organisation_forms import MultiCheckboxField
from portal.api.client_service import MAX_OVERLAP_DAYS
from portal.forms_common import choices, max_length
from portal.models import API_ACCESS_LEVELS, API_RESOURCES, API_SCOPE_KINDS

NO_ACCESS = {"": _l("Geen toegang")}


class ApiClientForm(FlaskForm):
    name = StringField(_l("Naam van de koppeling"), validators=[InputRequired(_l("Vul een naam in.")), max_length(120)],
                       description=_l("Bijvoorbeeld: HR-systeem De Linde, of CRM WSP Groot Amsterdam."))
    scope_kind = RadioField(_l("Voor wie werkt de koppeling?"), choices=choices(API_SCOPE_KINDS),
                            validators=[InputRequired(_l("Kies voor wie de koppeling werkt."))])
    organisation = SelectField(_l("Werkgever"), validators=[Optional()],
                               description=_l("Alleen bij Eén werkgever: de koppeling ziet alleen deze werkgever."))
    regions = MultiCheckboxField(_l("Regio's"), coerce=int, validate_choice=False,
                                 description=_l("Alleen bij een Werkgeversservicepunt."))


# One select per resource, named after the resource (API_RESOURCES), added to the class once.
for _resource, _label in API_RESOURCES.items():
    setattr(ApiClientForm, f"perm_{_resource}",
            SelectField(_label, choices=choices({**NO_ACCESS, **API_ACCESS_LEVELS}), default="", validators=[Optional()]))


class RotateForm(FlaskForm):
    overlap_days = IntegerField(
        _l("Hoeveel dagen blijft het oude geheim werken?"), default=7,
        validators=[InputRequired(_l("Vul een aantal dagen in.")),
                    NumberRange(0, MAX_OVERLAP_DAYS, _l("Kies 0 tot en met %(max)s dagen.", max=MAX_OVERLAP_DAYS))],
        description=_l("In die tijd zet de beheerder van de koppeling het nieuwe geheim in. 0: het oude geheim stopt nu."))
