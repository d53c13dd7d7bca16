"""Registering API clients and their secrets (the admin's page), and checking a secret at the
token endpoint. Secrets are shown once and kept only as SHA-256 hashes: a 256-bit random secret
cannot be guessed from its hash, so the slow password hash adds nothing here.
"""
from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass, field
from datetime import timedelta

from flask_babel import gettext as _
from sqlalchemy import select, update

from portal.admin.trail_service import record_change
from portal.auth.permissions import may_grant
from portal.extensions import changed_rows, db
from portal.models import API_ACCESS_LEVELS, API_RESOURCES, API_SCOPE_KINDS, ApiClient, ApiClientSecret, Organisation, Region, utcnow
from portal.workflows import InputRejected

MAX_OVERLAP_DAYS = 30


@dataclass
class ClientInput:
    name: str
    scope_kind: str
    organisation: Organisation | None = None
    regions: list[Region] = field(default_factory=list)
    permissions: dict[str, str] = field(default_factory=dict)


def hash_secret(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def _new_secret(client: ApiClient) -> str:
    secret = secrets.token_urlsafe(32)
    db.session.add(ApiClientSecret(client=client, secret_hash=hash_secret(secret)))
    return secret


def validate(data: ClientInput) -> dict[str, str]:
    errors = {}
    if not data.name.strip():
        errors["name"] = _("Vul een naam in.")
    if data.scope_kind not in API_SCOPE_KINDS:
        errors["scope_kind"] = _("Kies voor wie de koppeling werkt.")
    elif data.scope_kind == "organisation" and data.organisation is None:
        errors["organisation"] = _("Kies de werkgever.")
    elif data.scope_kind == "regions" and not data.regions:
        errors["regions"] = _("Kies minstens één regio.")
    granted = {r: level for r, level in data.permissions.items() if level}
    if not granted:
        errors["permissions"] = _("Geef de koppeling minstens één recht.")
    for resource, level in granted.items():
        if resource not in API_RESOURCES or level not in API_ACCESS_LEVELS or (
                data.scope_kind in API_SCOPE_KINDS and not may_grant(data.scope_kind, resource, level)):
            errors["permissions"] = _("%(resource)s: dit recht past niet bij deze soort koppeling.",
                                      resource=API_RESOURCES.get(resource, resource))
    return errors


def register(actor, data: ClientInput) -> tuple[ApiClient, str]:
    """A new client and its first secret (returned once, never stored)."""
    errors = validate(data)
    if errors:
        raise InputRejected(errors)
    client = ApiClient(
        client_key=secrets.token_hex(16), name=data.name.strip()[:120], scope_kind=data.scope_kind,
        organisation=data.organisation if data.scope_kind == "organisation" else None,
        regions=list(data.regions) if data.scope_kind == "regions" else [],
        permissions={r: level for r, level in data.permissions.items() if level},
        created_by_id=actor.id if actor else None,
    )
    db.session.add(client)
    secret = _new_secret(client)
    db.session.flush()
    record_change(actor, "api_client_saved", "api_client", client.id)
    return client, secret


def rotate_secret(actor, client: ApiClient, overlap_days: int) -> str:
    """A new secret; the ones before keep working for `overlap_days` (0: end them now)."""
    if not client.is_active:
        raise InputRejected({"overlap_days": _("Deze koppeling is uitgezet.")})
    if not 0 <= overlap_days <= MAX_OVERLAP_DAYS:
        raise InputRejected({"overlap_days": _("Kies 0 tot en met %(max)d dagen.", max=MAX_OVERLAP_DAYS)})
    now = utcnow()
    ends = now + timedelta(days=overlap_days)
    for old in client.secrets:
        if old.is_valid_at(now) and (old.expires_at is None or old.expires_at > ends):
            old.expires_at = ends
    if overlap_days == 0:
        client.token_version += 1  # tokens from the old secret end with it
    secret = _new_secret(client)
    db.session.flush()
    record_change(actor, "api_client_secret_rotated", "api_client", client.id)
    return secret


def deactivate(actor, client: ApiClient) -> None:
    """Ends the client's secrets and every token it holds, at once."""
    changed = db.session.execute(
        update(ApiClient).where(ApiClient.id == client.id, ApiClient.is_active.is_(True))
        .values(is_active=False, token_version=ApiClient.token_version + 1, updated_at=utcnow())
        .execution_options(synchronize_session=False))
    if changed_rows(changed) != 1:
        raise InputRejected({"client": _("Deze koppeling is al uitgezet.")})
    db.session.refresh(client)
    record_change(actor, "api_client_deactivated", "api_client", client.id)


def authenticate(client_key: str, secret: str) -> ApiClient | None:
    """The active client whose key and (still valid) secret these are, or None."""
    client = db.session.scalar(select(ApiClient).where(ApiClient.client_key == client_key[:40]))
    if client is None or not client.is_active:
        return None
    offered, now, match = hash_secret(secret), utcnow(), False
    for stored in client.secrets:
        # Every secret is compared, in constant time, so the timing tells nothing.
        match |= hmac.compare_digest(stored.secret_hash, offered) and stored.is_valid_at(now)
    return client if match else None
