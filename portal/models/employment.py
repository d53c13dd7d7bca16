from __future__ import annotations

from datetime import date, datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import ForeignKey, Index, Numeric, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.extensions import db
from portal.models.organisation import Location, Organisation
from portal.models.types import UTCDateTime, utcnow
from portal.models.user import User

CONTRACT_TYPES = {
    "permanent": _l("Vast contract"),
    "temporary": _l("Tijdelijk contract"),
    "agency": _l("Uitzendcontract"),
    "trial_placement": _l("Proefplaatsing"),
}

# Why an admin gave an employee another AD; told to the employer and both ADs, shown in the history.
CHANGE_REASONS = {
    "workload": _l("Werkverdeling"),
    "departure": _l("Vertrek van de arbeidsdeskundige"),
    "employer_request": _l("Verzoek van de werkgever"),
    "other": _l("Anders"),
}

JOB_COACH_TYPES = {
    "none": _l("Geen jobcoach"),
    "external": _l("Externe jobcoach"),
    "internal": _l("Interne jobcoach"),
}


class Employee(db.Model):
    """A Wajong employee. Minimal data: Wajong status is health-related."""

    __tablename__ = "employees"
    __table_args__ = (
        UniqueConstraint("organisation_id", "personnel_number"),
        # The employer's list in name order; its search walks only this organisation's names.
        Index("ix_employees_organisation_name", "organisation_id", "name"),
        # The employer's search by part of a name (`ILIKE '%bakker%'`) on PostgreSQL: trigrams of
        # the names per organisation (pg_trgm, btree_gin), instead of testing all 3,000 names of
        # the largest employer (issue 21). SQLite (the demo) gets a plain index of the same name.
        Index("ix_employees_organisation_name_trigrams", "organisation_id", "name",
              postgresql_using="gin", postgresql_ops={"name": "gin_trgm_ops"}),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"))
    personnel_number: Mapped[str] = mapped_column(String(40))
    name: Mapped[str] = mapped_column(String(160), index=True)
    date_of_birth: Mapped[date | None]

    organisation: Mapped[Organisation] = relationship()
    employments: Mapped[list[Employment]] = relationship(
        back_populates="employee", order_by="Employment.start_date.desc()"
    )
    assignments: Mapped[list[CaseworkerAssignment]] = relationship(
        back_populates="employee", order_by="CaseworkerAssignment.valid_from.desc()"
    )

    @property
    def current_assignment(self) -> CaseworkerAssignment | None:
        return next((a for a in self.assignments if a.valid_until is None), None)


class Employment(db.Model):
    __tablename__ = "employments"

    id: Mapped[int] = mapped_column(primary_key=True)
    employee_id: Mapped[int] = mapped_column(ForeignKey("employees.id"), index=True)
    location_id: Mapped[int] = mapped_column(ForeignKey("locations.id"), index=True)
    job_title: Mapped[str] = mapped_column(String(160))
    hours_per_week: Mapped[float] = mapped_column(Numeric(4, 1))
    contract_type: Mapped[str] = mapped_column(String(20))
    start_date: Mapped[date]
    end_date: Mapped[date | None] = mapped_column(index=True)
    job_coach_type: Mapped[str] = mapped_column(String(10), default="none")
    job_coach_organisation: Mapped[str] = mapped_column(String(160), default="")
    job_coach_name: Mapped[str] = mapped_column(String(160), default="")

    employee: Mapped[Employee] = relationship(back_populates="employments")
    location: Mapped[Location] = relationship()

    @property
    def contract_type_label(self) -> str:
        return CONTRACT_TYPES[self.contract_type]

    @property
    def job_coach_label(self) -> str:
        return JOB_COACH_TYPES[self.job_coach_type]


class CaseworkerAssignment(db.Model):
    """Which AD (and backup AD) guides an employee; history kept by closing the old row."""

    __tablename__ = "caseworker_assignments"
    __table_args__ = (
        # At most one current assignment per employee.
        Index(
            "uq_caseworker_assignments_current",
            "employee_id",
            unique=True,
            sqlite_where=db.text("valid_until IS NULL"),
            postgresql_where=db.text("valid_until IS NULL"),
        ),
        # An AD's caseload as the AD and as the backup: the current rows only, with the employee,
        # so the inbox's lists start from a few hundred index entries (issue 21).
        Index("ix_caseworker_assignments_current_ad", "ad_id", "employee_id",
              sqlite_where=db.text("valid_until IS NULL"), postgresql_where=db.text("valid_until IS NULL")),
        Index("ix_caseworker_assignments_current_backup", "backup_ad_id", "employee_id",
              sqlite_where=db.text("valid_until IS NULL"), postgresql_where=db.text("valid_until IS NULL")),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    employee_id: Mapped[int] = mapped_column(ForeignKey("employees.id"), index=True)
    ad_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    backup_ad_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    valid_from: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    valid_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    assigned_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    # Why this assignment replaced the previous one (CHANGE_REASONS); None for a first assignment
    # or an import. change_note: the admin's words with "other".
    change_reason: Mapped[str | None] = mapped_column(String(20))
    change_note: Mapped[str] = mapped_column(String(200), default="", server_default="")

    employee: Mapped[Employee] = relationship(back_populates="assignments")
    ad: Mapped[User] = relationship(foreign_keys=[ad_id])
    backup_ad: Mapped[User | None] = relationship(foreign_keys=[backup_ad_id])

    @property
    def change_reason_label(self) -> str:
        if self.change_reason == "other" and self.change_note:
            return self.change_note
        return str(CHANGE_REASONS.get(self.change_reason or "", ""))
