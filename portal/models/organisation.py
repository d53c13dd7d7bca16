from __future__ import annotations

from datetime import date, datetime, timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.extensions import db
from portal.models.region import Municipality, Region
from portal.models.types import UTCDateTime

PSO_LEVELS = {
    "aspirant": _l("Aspirant"),
    "basistrede": _l("Basistrede"),
    "trede_1": _l("Trede 1"),
    "trede_2": _l("Trede 2"),
    "trede_3": _l("Trede 3"),
}

# Users see a banner and admins get a task this many days before the certificate expires.
CERTIFICATE_WARNING_DAYS = 60
CERTIFICATE_STATES = {
    "missing": _l("Geen gecontroleerd certificaat"),
    "not_yet_valid": _l("Nog niet geldig"),
    "valid": _l("Geldig"),
    "expiring": _l("Verloopt binnenkort"),
    "expired": _l("Verlopen"),
}


class Organisation(db.Model):
    """An employer, admitted with a PSO certificate."""

    __tablename__ = "organisations"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    kvk_number: Mapped[str] = mapped_column(String(8), unique=True)
    # eHerkenning: when set, only logins for this branch (vestigingsnummer) of the KvK number count.
    branch_number: Mapped[str | None] = mapped_column(String(12))
    pso_certificate_number: Mapped[str] = mapped_column(String(40), default="")
    pso_level: Mapped[str | None] = mapped_column(String(20))
    pso_30_plus: Mapped[bool] = mapped_column(default=False)
    pso_certifying_body: Mapped[str] = mapped_column(String(120), default="")
    pso_valid_from: Mapped[date | None]
    pso_valid_until: Mapped[date | None]
    pso_verified_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", use_alter=True))
    pso_verified_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    is_active: Mapped[bool] = mapped_column(default=False)

    locations: Mapped[list[Location]] = relationship(back_populates="organisation")
    pso_verified_by: Mapped[User | None] = relationship(foreign_keys=[pso_verified_by_id])  # noqa: F821

    @property
    def pso_level_label(self) -> str:
        return PSO_LEVELS.get(self.pso_level or "", _l("onbekend"))

    def certificate_status(self, today: date) -> str:
        """One of CERTIFICATE_STATES; only a certificate an admin verified counts."""
        if self.pso_level is None or self.pso_valid_until is None or self.pso_verified_at is None:
            return "missing"
        if self.pso_valid_from is not None and self.pso_valid_from > today:
            return "not_yet_valid"
        if self.pso_valid_until < today:
            return "expired"
        if self.pso_valid_until <= today + timedelta(days=CERTIFICATE_WARNING_DAYS):
            return "expiring"
        return "valid"

    def has_valid_certificate(self, today: date) -> bool:
        return self.certificate_status(today) in ("valid", "expiring")

    def certificate_banner(self, today: date) -> str | None:
        """What every user of the organisation is told: None, 'expiring', 'expired' or 'inactive'."""
        if not self.is_active:
            return "inactive"
        if not self.may_file_notices(today):
            return "expired"
        if self.pso_valid_until is not None and self.pso_valid_until <= today + timedelta(days=CERTIFICATE_WARNING_DAYS):
            return "expiring"
        return None

    def may_file_notices(self, today: date) -> bool:
        """Active, and the certificate has not run out: after expiry users read but do not file."""
        if not self.is_active or self.pso_valid_until is None or self.pso_valid_until < today:
            return False
        return self.pso_valid_from is None or self.pso_valid_from <= today


class Location(db.Model):
    """A workplace of an employer; its region follows from the municipality."""

    __tablename__ = "locations"

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    street: Mapped[str] = mapped_column(String(200), default="")
    postcode: Mapped[str] = mapped_column(String(7), default="")
    city: Mapped[str] = mapped_column(String(120), default="")
    municipality_id: Mapped[int | None] = mapped_column(ForeignKey("municipalities.id"), index=True)

    organisation: Mapped[Organisation] = relationship(back_populates="locations")
    municipality: Mapped[Municipality | None] = relationship()

    @property
    def region(self) -> Region | None:
        return self.municipality.region if self.municipality else None
