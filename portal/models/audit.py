from __future__ import annotations

from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import Index, String
from sqlalchemy.orm import Mapped, mapped_column

from portal.extensions import db
from portal.models.types import UTCDateTime, utcnow

AUDIT_ACTIONS = {
    "view_employee": _l("Medewerker bekeken"),
    "view_notice": _l("Melding bekeken"),
    "view_handover_notes": _l("Overdrachtsnotities gelezen"),
    "download_pdf": _l("PDF gedownload"),
    "view_profile": _l("Kandidaatprofiel bekeken"),
    "view_follow_up": _l("Nazorgvraag bekeken"),
    "view_candidate_identity": _l("Naam en contact van een kandidaat bekeken"),
    "api_call": _l("Verzoek via de API"),
}


class AuditEvent(db.Model):
    """Who looked at which personal data, when. Append-only: the database refuses changes.

    No foreign keys on purpose: the record must outlive the users and objects it names.
    """

    __tablename__ = "audit_events"
    __table_args__ = (
        Index("ix_audit_events_subject", "object_type", "object_id", "id"),
        Index("ix_audit_events_actor", "actor_id", "id"),
        Index("ix_audit_events_employee", "subject_employee_id", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    actor_id: Mapped[int | None]
    actor_email: Mapped[str] = mapped_column(String(254))
    actor_name: Mapped[str] = mapped_column(String(160))
    actor_role: Mapped[str] = mapped_column(String(20))
    actor_organisation_id: Mapped[int | None]
    # Set (and actor_id empty) when the actor is an API client rather than a person (issue 20).
    actor_client_id: Mapped[int | None]
    action: Mapped[str] = mapped_column(String(30))
    object_type: Mapped[str] = mapped_column(String(20))
    object_id: Mapped[int]
    subject_employee_id: Mapped[int | None]
    result: Mapped[str] = mapped_column(String(10))  # "allowed" or "denied"
    ip_address: Mapped[str] = mapped_column(String(45))

    @property
    def action_label(self) -> str:
        return AUDIT_ACTIONS.get(self.action, self.action)
