"""Onboarding employers: organisation, PSO certificate, activation and workplaces.

Every function is one transaction and writes its change to the audit log.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from portal.admin.trail_service import record_change
from portal.extensions import db
from portal.formatting import date_long
from portal.models import PSO_LEVELS, Location, Municipality, Organisation, utcnow
from portal.workflows import InputRejected, TransitionRefused

KVK_ERROR = _l("Een KvK-nummer heeft 8 cijfers, bijvoorbeeld 12345678.")
POSTCODE_ERROR = _l("Vul een postcode in zoals 1234 AB: 4 cijfers en 2 letters.")
# 4 digits (not starting with 0), 2 letters; SA, SD and SS are not used in Dutch postcodes.
_POSTCODE = re.compile(r"^([1-9][0-9]{3}) ?([A-Z]{2})$")


def normalise_kvk(text: str) -> str | None:
    """'12 34 56 78' and '12.34.56.78' are written as 12345678; None if it is no KvK number."""
    digits = re.sub(r"[\s.]", "", text or "")
    return digits if re.fullmatch(r"[0-9]{8}", digits) else None


def normalise_postcode(text: str) -> str | None:
    """'1234ab' becomes '1234 AB'; None when it is no Dutch postcode."""
    match = _POSTCODE.match(" ".join((text or "").upper().split()))
    if match is None or match.group(2) in ("SA", "SD", "SS"):
        return None
    return f"{match.group(1)} {match.group(2)}"


def save_organisation(actor, organisation: Organisation | None, name: str, kvk_number: str) -> Organisation:
    """Create (organisation None) or change an organisation. New ones start inactive."""
    kvk = normalise_kvk(kvk_number)
    if kvk is None:
        raise InputRejected({"kvk_number": KVK_ERROR})
    taken = db.session.scalar(
        select(Organisation.name).where(
            Organisation.kvk_number == kvk, Organisation.id != (organisation.id if organisation else -1)
        )
    )
    if taken is not None:
        raise InputRejected({"kvk_number": _("Dit KvK-nummer hoort al bij %(organisation)s.", organisation=taken)})
    if organisation is None:
        organisation = Organisation(is_active=False)
        db.session.add(organisation)
    organisation.name, organisation.kvk_number = name.strip(), kvk
    db.session.flush()
    record_change(actor, "organisation_saved", "organisation", organisation.id)
    db.session.flush()
    return organisation


@dataclass
class CertificateInput:
    level: str
    certifying_body: str
    valid_from: date
    valid_until: date
    pso_30_plus: bool = False
    number: str = ""


def record_certificate(actor, organisation: Organisation, data: CertificateInput, today: date) -> None:
    """The admin has checked a (new or renewed) certificate: it counts from now on.

    A renewed certificate lifts the block on filing notices at once.
    """
    errors = {}
    if data.level not in PSO_LEVELS:
        errors["level"] = _("Kies de trede van het certificaat.")
    if data.valid_until < data.valid_from:
        errors["valid_until"] = _("De einddatum ligt voor de begindatum.")
    elif data.valid_until < today:
        errors["valid_until"] = _("Dit certificaat is verlopen op %(date)s. Vraag een geldig certificaat.",
                                  date=date_long(data.valid_until))
    if errors:
        raise InputRejected(errors)
    organisation.pso_level = data.level
    organisation.pso_certificate_number = data.number.strip()
    organisation.pso_30_plus = data.pso_30_plus
    organisation.pso_certifying_body = data.certifying_body.strip()
    organisation.pso_valid_from, organisation.pso_valid_until = data.valid_from, data.valid_until
    organisation.pso_verified_by_id, organisation.pso_verified_at = actor.id, utcnow()
    record_change(actor, "certificate_verified", "organisation", organisation.id)
    db.session.flush()


def activate(actor, organisation: Organisation, today: date) -> None:
    """Admit the organisation: only with a valid, verified certificate."""
    if organisation.is_active:
        raise TransitionRefused(_("Deze organisatie is al actief."))
    if not organisation.has_valid_certificate(today):
        raise TransitionRefused(_("Activeren kan pas met een geldig PSO-certificaat dat u heeft gecontroleerd."))
    organisation.is_active = True
    record_change(actor, "organisation_activated", "organisation", organisation.id)
    db.session.flush()


@dataclass
class LocationInput:
    name: str
    postcode: str
    municipality_id: int
    street: str = ""
    city: str = ""


def save_location(actor, organisation: Organisation, location: Location | None, data: LocationInput) -> Location:
    """Add or change a workplace. Its region follows from the municipality (CBS)."""
    errors = {}
    postcode = normalise_postcode(data.postcode)
    if postcode is None:
        errors["postcode"] = POSTCODE_ERROR
    municipality = db.session.get(Municipality, data.municipality_id)
    if municipality is None:
        errors["municipality"] = _("Kies de gemeente uit de lijst.")
    same_name = db.session.scalar(
        select(func.count()).select_from(Location).where(
            Location.organisation_id == organisation.id,
            func.lower(Location.name) == data.name.strip().lower(),
            Location.id != (location.id if location else -1),
        )
    )
    if same_name:
        errors["name"] = _("Deze organisatie heeft al een werkplek met deze naam.")
    if errors or postcode is None:
        raise InputRejected(errors)
    if location is None:
        location = Location(organisation=organisation)
        db.session.add(location)
    location.name, location.street, location.city = data.name.strip(), data.street.strip(), data.city.strip()
    location.postcode, location.municipality = postcode, municipality
    db.session.flush()
    record_change(actor, "location_saved", "location", location.id)
    db.session.flush()
    return location


def set_municipality(actor, location: Location, municipality: Municipality) -> None:
    """Only the municipality (and so the region) of a workplace, when an admin routes its request."""
    location.municipality = municipality
    db.session.flush()
    record_change(actor, "location_saved", "location", location.id)


def certificate_tasks(today: date, warning_days: int):
    """Active organisations whose certificate expires within warning_days, or has expired."""
    return (
        select(Organisation)
        .where(
            Organisation.is_active,
            Organisation.pso_valid_until.is_not(None),
            Organisation.pso_valid_until <= today + timedelta(days=warning_days),
        )
        .order_by(Organisation.pso_valid_until, Organisation.name)
    )
