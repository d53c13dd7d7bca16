from __future__ import annotations

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.extensions import db


class Region(db.Model):
    """Arbeidsmarktregio with the contact of its Werkgeversservicepunt (WSP)."""

    __tablename__ = "regions"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(8), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    classification_year: Mapped[int]
    wsp_name: Mapped[str] = mapped_column(String(160), default="")
    wsp_email: Mapped[str] = mapped_column(String(254), default="")
    wsp_phone: Mapped[str] = mapped_column(String(40), default="")
    # UWV's shared mailbox for the region: a missed AD deadline with no backup or team lead to take it.
    uwv_email: Mapped[str] = mapped_column(String(254), default="", server_default="")

    municipalities: Mapped[list[Municipality]] = relationship(back_populates="region")

    def __repr__(self) -> str:
        return f"<Region {self.code} {self.name}>"


class Municipality(db.Model):
    __tablename__ = "municipalities"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(8), unique=True)
    name: Mapped[str] = mapped_column(String(120), index=True)
    region_id: Mapped[int] = mapped_column(ForeignKey("regions.id"), index=True)
    classification_year: Mapped[int]

    region: Mapped[Region] = relationship(back_populates="municipalities")
