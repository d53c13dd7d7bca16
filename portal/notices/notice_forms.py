from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, DecimalField, EmailField, RadioField, SelectField, StringField
from wtforms.validators import NumberRange, Optional, Regexp

from portal.forms_common import DutchDateField, choices, max_length, required, required_input, text_area
from portal.models import HANDOVER_FIELDS, INITIATIVES, PLAN_SERVICES, REASONS

YES_NO = {"ja": _l("Ja"), "nee": _l("Nee")}


class NoticeForm(FlaskForm):
    expected_end_date = DutchDateField(
        _l("Wanneer stopt het werk?"),
        validators=[required_input(_l("Vul de datum in waarop het werk stopt."))],
        description=_l("De laatste werkdag volgens het contract of de afspraak."),
    )
    reason_category = SelectField(
        _l("Wat is de reden?"),
        choices=choices(REASONS, _l("Kies een reden")),
        validators=[required(_l("Kies een reden."))],
    )
    reason_text = text_area(_l("Toelichting op de reden"), 2000)
    initiative = RadioField(
        _l("Wie nam het initiatief?"),
        choices=choices(INITIATIVES),
        validators=[required_input(_l("Kies wie het initiatief nam."))],
    )

    notes_tasks = text_area(HANDOVER_FIELDS["notes_tasks"], description=_l("Wat deed de werknemer hier?"))
    notes_strengths = text_area(HANDOVER_FIELDS["notes_strengths"], description=_l("Waar is de werknemer goed in?"))
    notes_attention = text_area(HANDOVER_FIELDS["notes_attention"], description=_l("Waar heeft de werknemer moeite mee?"))
    notes_adaptations = text_area(
        HANDOVER_FIELDS["notes_adaptations"], description=_l("Bijvoorbeeld vaste werktijden, een rustige plek of een jobcoach.")
    )
    notes_next_roles = text_area(HANDOVER_FIELDS["notes_next_roles"], description=_l("Welk werk past bij de werknemer?"))
    notes_wishes = text_area(HANDOVER_FIELDS["notes_wishes"], description=_l("Wat wil de werknemer zelf?"))

    notes_discussed = BooleanField(_l("Ik heb deze notities met de werknemer besproken"))
    consent_given = BooleanField(_l("De werknemer vindt het goed dat UWV deze notities leest"))
    consent_date = DutchDateField(
        _l("Wanneer gaf de werknemer toestemming?"),
        validators=[Optional()],  # asked only when consent is ticked: required then, by the service's rule
    )
    employee_email = EmailField(
        _l("E-mailadres van de werknemer"),
        validators=[Optional(), max_length(254),
                    Regexp(r"^[^@\s]+@[^@\s]+\.[^@\s]+$", message=_l("Vul een geldig e-mailadres in, bijvoorbeeld naam@voorbeeld.nl."))],
        description=_l("Niet verplicht. De werknemer krijgt dan per e-mail de link naar de eigen pagina. "
                       "De code staat in de brief \"Wat gebeurt er nu?\"."),
    )

    refill_wanted = RadioField(
        _l("Wilt u de plek opnieuw invullen?"),
        choices=choices(YES_NO),
        validators=[required_input(_l("Kies of u de plek opnieuw wilt invullen."))],
        description=_l("Dan sturen wij een verzoek naar het Werkgeversservicepunt van uw regio."),
    )
    # Asked only after "ja" (the stepped form): required then, by the service's rule.
    refill_job_title = StringField(_l("Functie"), validators=[Optional(), max_length(160)])
    refill_hours = DecimalField(
        _l("Uren per week"),
        places=1,
        validators=[Optional(), NumberRange(min=1, max=60, message=_l("Vul een aantal uren tussen 1 en 60 in."))],
    )
    refill_tasks = text_area(_l("Taken"), 4000)
    refill_requirements = text_area(_l("Wat vraagt het werk?"), 4000)
    refill_adaptations = text_area(_l("Aanpassingen die er al zijn"), 4000)
    refill_start_date = DutchDateField(_l("Gewenste startdatum"), validators=[Optional()])

    def handover_notes(self) -> dict:
        return {field: getattr(self, field).data or "" for field in HANDOVER_FIELDS}


class PlanForm(FlaskForm):
    plan_service = RadioField(
        _l("Welke hulp start?"), choices=choices(PLAN_SERVICES), validators=[required_input(_l("Kies welke hulp start."))]
    )
    plan_start_date = DutchDateField(_l("Wanneer start de hulp?"), validators=[Optional()])
    plan_reason = text_area(_l("Toelichting"), 2000, description=_l("Verplicht als u 'Geen actie' kiest."))


class WithdrawForm(FlaskForm):
    note = text_area(_l("Waarom trekt u de melding in?"), 2000, is_required=_l("Schrijf kort waarom u de melding intrekt."))


class ConsentForm(FlaskForm):
    confirm = BooleanField(
        _l("Ik heb de notities met de werknemer besproken, en de werknemer vindt het goed dat UWV ze leest"),
        validators=[required_input(_l("Vink aan dat de werknemer toestemming gaf."))],
    )
    consent_date = DutchDateField(
        _l("Wanneer gaf de werknemer toestemming?"), validators=[required_input(_l("Vul de datum van de toestemming in."))]
    )


class WithdrawConsentForm(FlaskForm):
    """Only the CSRF token: the button says it all."""
