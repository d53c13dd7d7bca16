from flask_wtf import FlaskForm
from wtforms import BooleanField, DecimalField, RadioField, SelectField, StringField
from wtforms.validators import NumberRange, Optional

from portal.forms_common import DutchDateField, choices, max_length, required, required_input, text_area
from portal.models import HANDOVER_FIELDS, INITIATIVES, OUTCOMES, PLAN_SERVICES, REASONS

YES_NO = {"ja": "Ja", "nee": "Nee"}


class NoticeForm(FlaskForm):
    expected_end_date = DutchDateField(
        "Wanneer stopt het werk?",
        validators=[required_input("Vul de datum in waarop het werk stopt.")],
        description="De laatste werkdag volgens het contract of de afspraak.",
    )
    reason_category = SelectField(
        "Wat is de reden?",
        choices=choices(REASONS, "Kies een reden"),
        validators=[required("Kies een reden.")],
    )
    reason_text = text_area("Toelichting op de reden", 2000)
    initiative = RadioField(
        "Wie nam het initiatief?",
        choices=choices(INITIATIVES),
        validators=[required_input("Kies wie het initiatief nam.")],
    )

    notes_tasks = text_area(HANDOVER_FIELDS["notes_tasks"], description="Wat deed de werknemer hier?")
    notes_strengths = text_area(HANDOVER_FIELDS["notes_strengths"], description="Waar is de werknemer goed in?")
    notes_attention = text_area(HANDOVER_FIELDS["notes_attention"], description="Waar heeft de werknemer moeite mee?")
    notes_adaptations = text_area(
        HANDOVER_FIELDS["notes_adaptations"], description="Bijvoorbeeld vaste werktijden, een rustige plek of een jobcoach."
    )
    notes_next_roles = text_area(HANDOVER_FIELDS["notes_next_roles"], description="Welk werk past bij de werknemer?")
    notes_wishes = text_area(HANDOVER_FIELDS["notes_wishes"], description="Wat wil de werknemer zelf?")

    notes_discussed = BooleanField("Ik heb deze notities met de werknemer besproken")
    consent_given = BooleanField("De werknemer vindt het goed dat UWV deze notities leest")
    consent_date = DutchDateField(
        "Wanneer gaf de werknemer toestemming?",
        validators=[Optional()],
        description="Vul dit in als de werknemer toestemming gaf.",
    )

    refill_wanted = RadioField(
        "Wilt u de plek opnieuw invullen?",
        choices=choices(YES_NO),
        validators=[required_input("Kies of u de plek opnieuw wilt invullen.")],
        description="Dan sturen wij een verzoek naar het Werkgeversservicepunt van uw regio.",
    )
    refill_job_title = StringField(
        "Functie", validators=[Optional(), max_length(160)], description="Nodig als u de plek opnieuw wilt invullen."
    )
    refill_hours = DecimalField(
        "Uren per week",
        places=1,
        description="Nodig als u de plek opnieuw wilt invullen.",
        validators=[Optional(), NumberRange(min=1, max=60, message="Vul een aantal uren tussen 1 en 60 in.")],
    )
    refill_tasks = text_area("Taken", 4000)
    refill_requirements = text_area("Wat vraagt het werk?", 4000)
    refill_adaptations = text_area("Aanpassingen die er al zijn", 4000)
    refill_start_date = DutchDateField("Gewenste startdatum", validators=[Optional()])

    def handover_notes(self) -> dict:
        return {field: getattr(self, field).data or "" for field in HANDOVER_FIELDS}


class PlanForm(FlaskForm):
    plan_service = RadioField(
        "Welke hulp start?", choices=choices(PLAN_SERVICES), validators=[required_input("Kies welke hulp start.")]
    )
    plan_start_date = DutchDateField("Wanneer start de hulp?", validators=[Optional()])
    plan_reason = text_area("Toelichting", 2000, description="Verplicht als u 'Geen actie' kiest.")


class CloseNoticeForm(FlaskForm):
    outcome = RadioField(
        "Hoe is het afgelopen?", choices=choices(OUTCOMES), validators=[required_input("Kies hoe het is afgelopen.")]
    )
    outcome_note = text_area("Toelichting", 2000)


class WithdrawForm(FlaskForm):
    note = text_area("Waarom trekt u de melding in?", 2000, is_required="Schrijf kort waarom u de melding intrekt.")


class ConsentForm(FlaskForm):
    confirm = BooleanField(
        "Ik heb de notities met de werknemer besproken, en de werknemer vindt het goed dat UWV ze leest",
        validators=[required_input("Vink aan dat de werknemer toestemming gaf.")],
    )
    consent_date = DutchDateField(
        "Wanneer gaf de werknemer toestemming?", validators=[required_input("Vul de datum van de toestemming in.")]
    )


class WithdrawConsentForm(FlaskForm):
    """Only the CSRF token: the button says it all."""
