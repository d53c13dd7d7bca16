"""Forms of the job coach's work (issue 16.2): invitation, signal, note, assignment, result."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DecimalField, EmailField, RadioField, SelectField, StringField
from wtforms.validators import NumberRange, Optional

from portal.forms_common import DutchDateField, choices, max_length, required, required_input, text_area
from portal.models import COACH_KINDS, CONCERN_KINDS, JOB_FINDING_RESULTS


class InviteCoachForm(FlaskForm):
    name = StringField(_l("Naam van de jobcoach"), validators=[required(_l("Vul de naam in.")), max_length(160)])
    email = EmailField(_l("E-mailadres"), validators=[required(_l("Vul het e-mailadres in.")), max_length(254)],
                       description=_l("Hier komt de uitnodiging binnen. Dit is ook de inlognaam."))
    phone = StringField(_l("Telefoon (direct nummer)"), validators=[Optional(), max_length(40)])
    kind = RadioField(_l("Soort jobcoach"), choices=choices(COACH_KINDS),
                      validators=[required_input(_l("Kies extern of intern."))], validate_choice=False)
    organisation_name = StringField(_l("Naam van het jobcoachbedrijf"), validators=[Optional(), max_length(160)],
                                    description=_l("Nodig bij een externe jobcoach."))


class ConcernForm(FlaskForm):
    kind = RadioField(_l("Waar maakt u zich zorgen over?"), choices=choices(CONCERN_KINDS),
                      validators=[required_input(_l("Kies waar u zich zorgen over maakt."))], validate_choice=False)
    text = text_area(_l("Wat ziet u?"), 2000, is_required=_l("Schrijf kort wat u ziet."))


class HandleConcernForm(FlaskForm):
    response = text_area(_l("Uw reactie aan de jobcoach"), 2000, is_required=_l("Schrijf uw reactie."))


class CoachNoteForm(FlaskForm):
    text = text_area(_l("Uw overdrachtsnotitie"), 4000, is_required=_l("Schrijf uw notitie."),
                     description=_l("De arbeidsdeskundige leest dit alleen als de werknemer toestemming gaf."))


class AssignJobFindingForm(FlaskForm):
    coach_id = SelectField(_l("Jobcoach"), validators=[required_input(_l("Kies de jobcoach."))], validate_choice=False)
    hours = DecimalField(_l("Aantal uren"), places=1, validators=[
        required_input(_l("Vul het aantal uren in.")),
        NumberRange(min=1, max=500, message=_l("Vul een aantal uren tussen 1 en 500 in."))])
    start_date = DutchDateField(_l("Van"), validators=[required_input(_l("Vul in wanneer de opdracht start."))])
    end_date = DutchDateField(_l("Tot en met"), validators=[required_input(_l("Vul in wanneer de opdracht stopt."))])


class JobFindingResultForm(FlaskForm):
    result = RadioField(_l("Wat is het resultaat?"), choices=choices(JOB_FINDING_RESULTS),
                        validators=[required_input(_l("Kies het resultaat."))], validate_choice=False)
    note = text_area(_l("Toelichting"), 2000)
