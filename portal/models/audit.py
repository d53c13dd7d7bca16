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
    # Federated logins turned away (issue 19)
    "login_wrong_state": _l("Inloggen geweigerd: antwoord hoort niet bij deze browser"),
    "login_code_refused": _l("Inloggen geweigerd: code al gebruikt of verlopen"),
    "login_cancelled": _l("Inloggen afgebroken bij de inlogdienst"),
    "login_wrong_nonce": _l("Inloggen geweigerd: bewijs hoort bij andere inlogpoging"),
    "login_wrong_audience": _l("Inloggen geweigerd: bewijs voor een andere website"),
    "login_wrong_issuer": _l("Inloggen geweigerd: bewijs van andere inlogdienst"),
    "login_token_expired": _l("Inloggen geweigerd: bewijs verlopen"),
    "login_bad_signature": _l("Inloggen geweigerd: handtekening klopt niet"),
    "login_malformed_token": _l("Inloggen geweigerd: antwoord niet te lezen"),
    "login_level_too_low": _l("Inloggen geweigerd: eHerkenningsniveau te laag"),
    "login_unknown_kvk": _l("Inloggen geweigerd: KvK-nummer onbekend"),
    "login_inactive_kvk": _l("Inloggen geweigerd: organisatie niet actief"),
    "login_wrong_organisation": _l("Inloggen geweigerd: andere organisatie"),
    "login_email_in_use": _l("Inloggen geweigerd: e-mailadres hoort bij ander account"),
    "login_awaiting_approval": _l("Inloggen wacht op goedkeuring"),
    "login_account_disabled": _l("Inloggen geweigerd: account uitgezet"),
    "login_missing_role": _l("Inloggen geweigerd: geen rol"),
    "login_unknown_region": _l("Inloggen geweigerd: regio onbekend"),
    "login_missing_claim": _l("Inloggen geweigerd: gegevens ontbreken"),
    "login_unknown_provider": _l("Inloggen geweigerd: inlogdienst onbekend"),
    "view_question": _l("Vraag om mee te denken bekeken"),
    "view_concern": _l("Zorgen-signaal bekeken"),
    "view_own_page": _l("Eigen pagina bekeken door de werknemer"),
    "view_employee_statements": _l("Eigen aanvulling van de werknemer gelezen"),
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
