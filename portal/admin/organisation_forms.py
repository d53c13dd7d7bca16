"""Forms for organisations, PSO certificates, workplaces and regions."""
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from sqlalchemy import select
from wtforms import BooleanField, EmailField, RadioField, SelectField, SelectMultipleField, StringField
from wtforms.validators import DataRequired, Optional, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from portal.admin.organisation_service import POSTCODE_ERROR, normalise_postcode
from portal.auth.invitation_service import EMAIL_ERROR, looks_like_email
from portal.extensions import db
from portal.forms_common import DutchDateField, choices, max_length, required, required_input
from portal.models import PSO_LEVELS, Municipality
from portal.models.organisation import CERTIFICATE_STATES

YES_NO = {"ja": _l("Ja"), "nee": _l("Nee")}


class MultiCheckboxField(SelectMultipleField):
    """A list of checkboxes: easier to use than a multiple select, also on a phone."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class OrganisationForm(FlaskForm):
    name = StringField(_l("Naam van de organisatie"), validators=[required(_l("Vul de naam in.")), max_length(200)])
    kvk_number = StringField(
        _l("KvK-nummer"), validators=[required(_l("Vul het KvK-nummer in.")), max_length(12)],
        description=_l("8 cijfers, zoals op het uittreksel van de Kamer van Koophandel."),
        render_kw={"inputmode": "numeric", "autocomplete": "off"},
    )


class OrganisationSearchForm(FlaskForm):
    class Meta:
        csrf = False  # a search (GET) changes nothing

    q = StringField(_l("Zoek op naam of KvK-nummer"), validators=[Optional(), max_length(200)])
    certificate = SelectField(
        _l("PSO-certificaat"),
        choices=choices({"inactive": _l("Nog niet actief"), **{k: CERTIFICATE_STATES[k] for k in ("expiring", "expired")}},
                        _l("Alle organisaties")),
        validators=[Optional()],
    )


class CertificateForm(FlaskForm):
    number = StringField(_l("Certificaatnummer"), validators=[Optional(), max_length(40)])
    level = RadioField(_l("Trede"), choices=choices(PSO_LEVELS), validators=[required_input(_l("Kies de trede."))])
    pso_30_plus = RadioField(
        "PSO 30+", choices=choices(YES_NO), default="nee",
        description=_l("Minstens 30% van de medewerkers heeft een afstand tot de arbeidsmarkt."),
        validators=[required_input(_l("Kies ja of nee."))],
    )
    certifying_body = StringField(
        _l("Certificerende instelling"), validators=[required(_l("Vul de certificerende instelling in.")), max_length(120)]
    )
    valid_from = DutchDateField(_l("Geldig vanaf"), validators=[required_input(_l("Vul de begindatum in."))])
    valid_until = DutchDateField(_l("Geldig tot en met"), validators=[required_input(_l("Vul de einddatum in."))])
    confirmed = BooleanField(
        _l("Ik heb dit certificaat zelf gecontroleerd, bijvoorbeeld in het register van PSO-Nederland."),
        validators=[DataRequired(_l("Controleer het certificaat voordat u het opslaat."))],
    )


def municipality_choices():
    rows = db.session.execute(select(Municipality.id, Municipality.name).order_by(Municipality.name)).all()
    return choices({str(row.id): row.name for row in rows}, _("Kies een gemeente"))


class LocationForm(FlaskForm):
    name = StringField(_l("Naam van de werkplek"), validators=[required(_l("Vul de naam in.")), max_length(200)],
                       description=_l("Zoals iedereen in uw organisatie hem kent, bijvoorbeeld 'Kwekerij Noord'."))
    street = StringField(_l("Straat en huisnummer"), validators=[Optional(), max_length(200)])
    postcode = StringField(_l("Postcode"), validators=[required(_l("Vul de postcode in.")), max_length(10)],
                           description=_l("Bijvoorbeeld 1234 AB."), render_kw={"autocomplete": "postal-code"})
    city = StringField(_l("Plaats"), validators=[Optional(), max_length(120)])
    municipality = SelectField(
        _l("Gemeente"), validators=[required_input(_l("Kies de gemeente."))],
        description=_l("De gemeente bepaalt de arbeidsmarktregio, en dus welk Werkgeversservicepunt helpt."),
    )

    def validate_postcode(self, field):
        if field.data and normalise_postcode(field.data) is None:
            raise ValidationError(POSTCODE_ERROR)


class RegionForm(FlaskForm):
    wsp_name = StringField(_l("Naam van het Werkgeversservicepunt"), validators=[Optional(), max_length(160)])
    wsp_email = EmailField(_l("Gedeelde mailbox"), validators=[Optional(), max_length(254)],
                           description=_l("Hier komen nieuwe verzoeken en doorgezette verzoeken binnen."))
    wsp_phone = StringField(_l("Telefoon"), validators=[Optional(), max_length(40)])
    coordinators = MultiCheckboxField(
        _l("Coördinatoren"), coerce=int, validators=[Optional()],
        description=_l("Coördinatoren krijgen bericht als niemand een verzoek op tijd oppakt."),
    )
    uwv_email = EmailField(
        _l("UWV-mailbox van de regio"), validators=[Optional(), max_length(254)],
        description=_l("Hier komt een melding binnen die te lang wacht, als de vervanger en de teamleider "
                       "er niet zijn of ook niet op tijd reageren."),
    )

    def validate_uwv_email(self, field):
        if field.data and not looks_like_email(field.data.strip()):
            raise ValidationError(EMAIL_ERROR)

    def validate_wsp_email(self, field):

        if field.data and not looks_like_email(field.data.strip()):
            raise ValidationError(EMAIL_ERROR)
