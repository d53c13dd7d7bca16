from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DecimalField, IntegerField, RadioField, SelectField, SelectMultipleField, StringField
from wtforms.validators import NumberRange, Optional
from wtforms.widgets import CheckboxInput, ListWidget

from portal.forms_common import DutchDateField, choices, max_length, required_input, text_area
from portal.models import CONSENT_METHODS, CONTRACT_TYPES, PROFILE_JOB_COACH

HOURS_RANGE = NumberRange(min=1, max=60, message=_l("Vul een aantal uren per week in tussen 1 en 60."))


class ProfileConsentForm(FlaskForm):
    consent_date = DutchDateField(
        _l("Datum van de toestemming"), validators=[required_input(_l("Vul de datum in waarop de werknemer toestemming gaf."))]
    )
    method = RadioField(
        _l("Hoe gaf de werknemer toestemming?"), choices=choices(CONSENT_METHODS),
        validators=[required_input(_l("Kies hoe de werknemer toestemming gaf."))],
    )


class CheckboxesField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class ProfileForm(FlaskForm):
    available_from = DutchDateField(
        _l("Beschikbaar vanaf"), validators=[required_input(_l("Vul in vanaf wanneer de kandidaat kan werken."))]
    )
    hours_wanted = DecimalField(
        _l("Gewenste uren per week"), places=1,
        validators=[required_input(_l("Vul een aantal uren per week in tussen 1 en 60.")), HOURS_RANGE],
    )
    suitable_work = text_area(_l("Passend vervolgwerk"), 2000, is_required=_l("Beschrijf kort welk werk past."),
                              description=_l("Bijvoorbeeld: magazijn, orders picken, groenonderhoud."))
    strengths = text_area(_l("Sterke kanten"), 2000)
    adaptations = text_area(_l("Aanpassingen en steun die werken"), 2000,
                            description=_l("Geen medische informatie: schrijf wat helpt, niet waarom."))
    job_coach = RadioField(_l("Jobcoach"), choices=choices(PROFILE_JOB_COACH),
                           validators=[required_input(_l("Kies of er een jobcoach nodig is."))])
    travel = StringField(_l("Hoe ver kan de kandidaat reizen?"), validators=[Optional(), max_length(200)],
                         description=_l("Bijvoorbeeld: 30 minuten met de fiets of het openbaar vervoer."))
    summary = text_area(_l("Korte samenvatting door de arbeidsdeskundige"), 2000)
    region_ids = CheckboxesField(_l("Regio's waar de kandidaat wil werken"), coerce=int,
                                 validators=[required_input(_l("Kies minstens één regio."))])


class ProposeForm(FlaskForm):
    # Bounded: a huge id must not reach the database (TRAPS 14).
    profile_id = IntegerField(validators=[required_input(_l("Kies een kandidaat.")), NumberRange(min=1, max=2**31 - 1)])


class OutsideCandidateForm(FlaskForm):
    outside = text_area(
        _l("Beschrijf de kandidaat"), 2000, is_required=_l("Beschrijf de kandidaat kort, zonder naam."),
        description=_l("Zonder naam of andere gegevens waaraan iemand de kandidaat herkent."),
    )
    note = text_area(_l("Toelichting voor de werkgever"), 2000)


class RejectForm(FlaskForm):
    reason = text_area(_l("Waarom past deze kandidaat niet?"), 2000,
                       is_required=_l("Schrijf kort waarom deze kandidaat niet past."))


class IntroductionConsentForm(FlaskForm):
    consent_date = DutchDateField(
        _l("Datum van de toestemming"), validators=[required_input(_l("Vul de datum in waarop de kandidaat toestemming gaf."))]
    )


class HireForm(FlaskForm):
    start_date = DutchDateField(_l("Startdatum"), validators=[required_input(_l("Vul de datum in waarop de kandidaat begint."))])
    hours = DecimalField(_l("Uren per week"), places=1,
                         validators=[required_input(_l("Vul een aantal uren per week in tussen 1 en 60.")), HOURS_RANGE])
    contract_type = SelectField(_l("Soort contract"), choices=choices(CONTRACT_TYPES, _l("Kies een contract")),
                                validators=[required_input(_l("Kies het soort contract."))])


class WithdrawProposalForm(FlaskForm):
    note = text_area(_l("Waarom trekt u de kandidaat terug?"), 2000,
                     is_required=_l("Schrijf kort waarom u de kandidaat terugtrekt."))
