from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.extensions import db
from portal.models.region import Municipality, Region
from portal.models.types import UTCDateTime

PSO_LEVELS = {
    "aspirant": "Aspirant",
    "basistrede": "Basistrede",
    "trede_1": "Trede 1",
    "trede_2": "Trede 2",
    "trede_3": "Trede 3",
}


class Organisation(db.Model):
    """An employer, admitted with a PSO certificate."""

    __tablename__ = "organisations"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    kvk_number: Mapped[str] = mapped_column(String(8), unique=True)
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

    @property
    def pso_level_label(self) -> str:
        return PSO_LEVELS.get(self.pso_level or "", "onbekend")


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
