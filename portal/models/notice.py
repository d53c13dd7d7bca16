from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import TYPE_CHECKING

from flask_babel import lazy_gettext as _l
from sqlalchemy import ForeignKey, Index, Numeric, String, Text, bindparam
from sqlalchemy.orm import Mapped, mapped_column, relationship
from sqlalchemy.sql.elements import BindParameter

from portal.extensions import db
from portal.models.employment import Employment
from portal.models.types import UTCDateTime, utcnow
from portal.models.user import User

if TYPE_CHECKING:
    from portal.models.organisation import Organisation
    from portal.models.pool import CandidateProfile
    from portal.models.refill import RefillRequest

REASONS = {
    "temp_no_work": _l("Tijdelijk contract niet verlengd (geen werk of bedrijfseconomisch)"),
    "temp_match": _l("Tijdelijk contract niet verlengd (functioneren of match)"),
    "employee_wants_change": _l("Werknemer wil iets anders of doorgroeien"),
    "mutual_agreement": _l("Beëindiging met wederzijds goedvinden"),
    "dismissal": _l("Ontslag tijdens het contract"),
    "illness": _l("Ziekte of terugval"),
    "reorganisation": _l("Reorganisatie of faillissement"),
    "trial_ended": _l("Einde proefplaatsing zonder dienstverband"),
    "other": _l("Overig"),
}

INITIATIVES = {
    "employer": _l("Werkgever"),
    "employee": _l("Werknemer"),
    "both": _l("Allebei"),
}

PLAN_SERVICES = {
    "internal_mediation": _l("Interne bemiddeling met het Werkgeversservicepunt (WSP)"),
    "naar_werk": _l("Naar werk (re-integratiebedrijf)"),
    "jobcoach_job_finding": _l("Jobfinding door de jobcoach"),
    "werkfit": _l("Werkfit maken"),
    "none": _l("Geen actie"),
}

OUTCOMES = {
    "job_to_job": _l("Direct een nieuwe baan"),
    "later_job": _l("Later een nieuwe baan"),
    "extended": _l("Contract toch verlengd"),
    "back_on_benefit": _l("Terug naar uitkering"),
    "other": _l("Anders"),
}

# The outcomes that mean a new job; which one is derived from the dates, never chosen.
NEW_JOB_OUTCOMES = ("job_to_job", "later_job")

# The handover notes, in the order the form and the AD see them.
HANDOVER_FIELDS = {
    "notes_tasks": _l("Taken en werkzaamheden"),
    "notes_strengths": _l("Sterke kanten"),
    "notes_attention": _l("Aandachtspunten"),
    "notes_adaptations": _l("Aanpassingen en steun die werken"),
    "notes_next_roles": _l("Passend vervolgwerk"),
    "notes_wishes": _l("Wensen van de werknemer zelf"),
}

OPEN_NOTICE_STATES = ("submitted", "acknowledged", "plan_recorded")
# The partial indexes' condition: only open notices.
OPEN_CONDITION = db.text("status IN (" + ", ".join(f"'{state}'" for state in OPEN_NOTICE_STATES) + ")")


class ContractEndNotice(db.Model):
    """An employer's early notice that an employment will end, with the handover notes."""

    __tablename__ = "contract_end_notices"
    __table_args__ = (
        # One open notice per employment, enforced by the database too.
        Index(
            "uq_contract_end_notices_open_employment",
            "employment_id",
            unique=True,
            sqlite_where=OPEN_CONDITION,
            postgresql_where=OPEN_CONDITION,
        ),
        Index("ix_contract_end_notices_status_created", "status", "created_at"),
        Index("ix_contract_end_notices_employee_status", "employee_id", "status"),
        # The open notices by employee: the AD inbox probes it once per employee of the caseload.
        # Without it PostgreSQL read all 8,000 open notices of the country per inbox (issue 21).
        Index(
            "ix_contract_end_notices_open_employee",
            "employee_id",
            sqlite_where=OPEN_CONDITION,
            postgresql_where=OPEN_CONDITION,
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    employment_id: Mapped[int] = mapped_column(ForeignKey("employments.id"), index=True)
    # Copied from the employment, whose employee never changes: the AD's inbox reaches its open
    # notices from the caseload in one index range instead of through every contract (issue 21).
    employee_id: Mapped[int] = mapped_column(ForeignKey("employees.id"))
    filed_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    status: Mapped[str] = mapped_column(String(20))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    # The date by which the current step is due; set by the workflow on every state entry.
    response_due: Mapped[date | None] = mapped_column(index=True)

    expected_end_date: Mapped[date]
    reason_category: Mapped[str] = mapped_column(String(30))
    reason_text: Mapped[str] = mapped_column(Text, default="")
    initiative: Mapped[str] = mapped_column(String(10))

    notes_tasks: Mapped[str] = mapped_column(Text, default="")
    notes_strengths: Mapped[str] = mapped_column(Text, default="")
    notes_attention: Mapped[str] = mapped_column(Text, default="")
    notes_adaptations: Mapped[str] = mapped_column(Text, default="")
    notes_next_roles: Mapped[str] = mapped_column(Text, default="")
    notes_wishes: Mapped[str] = mapped_column(Text, default="")

    notes_discussed: Mapped[bool] = mapped_column(default=False)
    consent_given: Mapped[bool] = mapped_column(default=False)
    consent_date: Mapped[date | None]
    consent_recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    refill_wanted: Mapped[bool] = mapped_column(default=False)

    plan_service: Mapped[str | None] = mapped_column(String(30))
    plan_start_date: Mapped[date | None]
    plan_reason: Mapped[str] = mapped_column(Text, default="")

    outcome: Mapped[str | None] = mapped_column(String(20))
    outcome_note: Mapped[str] = mapped_column(Text, default="")
    # A new job (closed by the AD, or by a hire through the pool): the real start date, the new
    # employer (a portal organisation, or a name outside the portal), hours and contract type.
    new_job_start_date: Mapped[date | None]
    new_employer_id: Mapped[int | None] = mapped_column(ForeignKey("organisations.id"))
    new_employer_name: Mapped[str] = mapped_column(String(160), default="")
    new_job_hours: Mapped[Decimal | None] = mapped_column(Numeric(4, 1))
    new_job_contract_type: Mapped[str | None] = mapped_column(String(20))
    # Only when the ended employment was a trial placement: did that employer hire the person?
    trial_hired: Mapped[bool | None]

    # A separate consent: may the AD share a pseudonymous profile with the region's WSP?
    profile_consent_date: Mapped[date | None]
    profile_consent_method: Mapped[str | None] = mapped_column(String(20))
    profile_consent_recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    # The employee's own answers on "Mijn overdracht" (None: not answered yet). Their "no" wins
    # over the employer's recorded consent (auth/permissions.py may_read_handover_notes).
    employee_consent: Mapped[bool | None]
    employee_consent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    employee_profile_consent: Mapped[bool | None]
    employee_profile_consent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Optional: the employer may give it so the employee gets the link by e-mail too.
    employee_email: Mapped[str] = mapped_column(String(254), default="", server_default="")

    employment: Mapped[Employment] = relationship()
    filed_by: Mapped[User] = relationship(foreign_keys=[filed_by_id])
    refill_request: Mapped[RefillRequest | None] = relationship(back_populates="notice")
    profile: Mapped[CandidateProfile | None] = relationship(viewonly=True)
    new_employer: Mapped[Organisation | None] = relationship()

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_NOTICE_STATES

    @property
    def has_profile_consent(self) -> bool:
        return self.profile_consent_date is not None

    @property
    def has_handover_notes(self) -> bool:
        return any(getattr(self, field).strip() for field in HANDOVER_FIELDS)

    @property
    def reason_label(self) -> str:
        return REASONS[self.reason_category]

    @property
    def initiative_label(self) -> str:
        return INITIATIVES[self.initiative]

    @property
    def plan_label(self) -> str:
        return PLAN_SERVICES.get(self.plan_service or "", "")

    @property
    def outcome_label(self) -> str:
        return OUTCOMES.get(self.outcome or "", "")

    @property
    def has_new_job(self) -> bool:
        return self.outcome in NEW_JOB_OUTCOMES

    @property
    def new_employer_label(self) -> str:
        return self.new_employer.name if self.new_employer is not None else self.new_employer_name


def notice_is_open():
    """status IN the open states, the states written into the SQL text itself. As bound parameters
    they hid from the server's reused (generic) plan that only open notices match, so it could not
    use the partial indexes on open notices (issue 21)."""
    states: BindParameter[tuple[str, ...]] = bindparam(
        "open_notice_states", OPEN_NOTICE_STATES, expanding=True, literal_execute=True)
    return ContractEndNotice.status.in_(states)
