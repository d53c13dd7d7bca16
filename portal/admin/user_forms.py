"""Forms for inviting and changing users (admins) and colleagues (organisation administrators)."""
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from sqlalchemy import select
from wtforms import BooleanField, EmailField, RadioField, SelectField, StringField
from wtforms.validators import Optional

from portal.admin.organisation_forms import MultiCheckboxField
from portal.admin.organisation_service import normalise_kvk
from portal.extensions import db
from portal.forms_common import choices, max_length, required, required_input
from portal.models import ROLES, Organisation, Region
from portal.models.user import USER_STATES


def _email_field():
    return EmailField(_l("E-mailadres"), validators=[required(_l("Vul het e-mailadres in.")), max_length(254)],
                      description=_l("Hier komt de uitnodiging binnen. Dit is ook de inlognaam."))


def _name_field():
    return StringField(_l("Naam"), validators=[required(_l("Vul de naam in.")), max_length(160)])


def _phone_field():
    return StringField(_l("Telefoon (direct nummer)"), validators=[Optional(), max_length(40)],
                       render_kw={"autocomplete": "off", "inputmode": "tel"})


# Made before the other fields, so forms list (and summarise errors of) the e-mail address first.
_EMAIL_FIELD = _email_field()


class UserForm(FlaskForm):
    """An admin changes a user: role, organisation, regions."""

    name = _name_field()
    phone = _phone_field()
    role = RadioField(_l("Rol"), choices=choices(ROLES), validators=[required_input(_l("Kies een rol."))])
    organisation = StringField(
        _l("KvK-nummer van de organisatie"), validators=[Optional(), max_length(12)],
        description=_l("Alleen bij de rol Werkgever."), render_kw={"inputmode": "numeric"},
    )
    is_organisation_admin = BooleanField(
        _l("Beheerder van de eigen organisatie: mag collega's uitnodigen en uitzetten (alleen bij Werkgever)")
    )
    regions = MultiCheckboxField(_l("Regio's"), coerce=int, validators=[Optional()],
                                 description=_l("Alleen bij de rol Adviseur Werkgeversservicepunt."))

    def set_region_choices(self):
        regions = db.session.scalars(select(Region).order_by(Region.name)).all()
        self.regions.choices = [(r.id, f"{r.name} ({r.code})") for r in regions]
        return self

    def chosen_organisation(self) -> tuple[Organisation | None, dict[str, str]]:
        """The organisation of the KvK number typed, or an error for the field."""
        text = (self.organisation.data or "").strip()
        if not text:
            return None, {}
        kvk = normalise_kvk(text)
        organisation = db.session.scalar(select(Organisation).where(Organisation.kvk_number == kvk)) if kvk else None
        if organisation is None:
            return None, {"organisation": _("Er is geen organisatie met dit KvK-nummer.")}
        return organisation, {}

    def chosen_regions(self) -> list[Region]:
        ids = self.regions.data or []
        return list(db.session.scalars(select(Region).where(Region.id.in_(ids)).order_by(Region.code))) if ids else []


class InviteForm(UserForm):
    email = _EMAIL_FIELD


class ColleagueInviteForm(FlaskForm):
    """An organisation administrator invites a colleague of the same organisation."""

    email = _email_field()
    name = _name_field()
    phone = _phone_field()


class UserSearchForm(FlaskForm):
    class Meta:
        csrf = False  # a search (GET) changes nothing

    q = StringField(_l("Zoek op naam of e-mailadres"), validators=[Optional(), max_length(254)])
    role = SelectField(_l("Rol"), choices=choices(ROLES, _l("Alle rollen")), validators=[Optional()])
    status = SelectField(_l("Status"), choices=choices(USER_STATES, _l("Alle")), validators=[Optional()])


class TeamLeadForm(FlaskForm):
    """An AD's team lead: an AD user who hears of deadlines the backup missed."""

    # The service refuses a wrong choice in Dutch (WTForms' own message is English).
    team_lead = SelectField(_l("Teamleider"), validators=[Optional()], validate_choice=False,
                            description=_l("Krijgt bericht als ook de vervanger een termijn mist."))

    def set_choices(self, user, ads):
        self.team_lead.choices = choices(
            {str(ad.id): f"{ad.name} ({ad.email})" for ad in ads if ad.id != user.id}, _("Geen teamleider"))
        return self
