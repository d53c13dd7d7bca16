"""The OpenID providers the portal trusts, read from PORTAL_OIDC_* settings and checked at start.

PORTAL_OIDC_PROVIDERS names the providers (comma-separated, e.g. "eherkenning,uwv"); each NAME
has its own settings PORTAL_OIDC_<NAME>_<SETTING>; see the README, "Inloggen via OpenID Connect".
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from config import ConfigError
from portal.models import ROLES

KINDS = ("eherkenning", "staff")
STAFF_ROLES = ("ad", "wsp", "admin")
DEFAULT_SCOPES = {"eherkenning": "openid email profile eherkenning", "staff": "openid email profile staff"}

# eHerkenning assurance levels, by the acr values brokers send (and their short names).
LEVELS = {
    "EH1": 1, "EH2": 2, "EH2+": 2.5, "EH3": 3, "EH4": 4,
    "urn:etoegang:core:assurance-class:loa1": 1,
    "urn:etoegang:core:assurance-class:loa2": 2,
    "urn:etoegang:core:assurance-class:loa2plus": 2.5,
    "urn:etoegang:core:assurance-class:loa3": 3,
    "urn:etoegang:core:assurance-class:loa4": 4,
    "http://eidas.europa.eu/LoA/low": 2,
    "http://eidas.europa.eu/LoA/substantial": 3,
    "http://eidas.europa.eu/LoA/high": 4,
}
_NAME = re.compile(r"^[a-z][a-z0-9]{0,19}$")


@dataclass(frozen=True)
class OidcProvider:
    name: str
    kind: str
    issuer: str
    client_id: str
    client_secret: str = field(repr=False)
    roles: tuple[str, ...]
    scope: str
    # eHerkenning
    kvk_claim: str = "kvk"
    branch_claim: str = "vestigingsnummer"
    min_level: str = "EH3"
    # staff
    role_claim: str = "roles"
    role_map: dict[str, str] = field(default_factory=dict)
    region_claim: str = "regions"
    region_map: dict[str, str] = field(default_factory=dict)

    @property
    def metadata_url(self) -> str:
        return self.issuer.rstrip("/") + "/.well-known/openid-configuration"


def _pairs(raw: str, setting: str) -> dict[str, str]:
    """"a=b,c=d" -> {"a": "b", "c": "d"}"""
    pairs = {}
    for item in filter(None, (part.strip() for part in raw.split(","))):
        key, sep, value = item.partition("=")
        if not sep or not key.strip() or not value.strip():
            raise ConfigError(f"{setting}: write claim values as value=portal_value, comma-separated; got {item!r}")
        pairs[key.strip()] = value.strip()
    return pairs


def _provider(config, name: str) -> OidcProvider:
    prefix = f"OIDC_{name.upper()}_"

    def setting(key: str, default: str = "") -> str:
        return str(config.get(prefix + key) or default).strip()

    kind = setting("KIND")
    if kind not in KINDS:
        raise ConfigError(f"PORTAL_{prefix}KIND must be one of {', '.join(KINDS)}")
    missing = [key for key in ("ISSUER", "CLIENT_ID", "CLIENT_SECRET") if not setting(key)]
    if missing:
        raise ConfigError("provider " + name + " needs " + ", ".join(f"PORTAL_{prefix}{key}" for key in missing))
    allowed = STAFF_ROLES if kind == "staff" else ("employer",)
    roles = tuple(role.strip() for role in setting("ROLES", ",".join(allowed)).split(",") if role.strip())
    if not roles or any(role not in allowed for role in roles):
        raise ConfigError(f"PORTAL_{prefix}ROLES: choose from {', '.join(allowed)}")
    role_map = _pairs(setting("ROLE_MAP", "ad=ad,wsp=wsp,admin=admin"), f"PORTAL_{prefix}ROLE_MAP")
    if any(role not in ROLES for role in role_map.values()):
        raise ConfigError(f"PORTAL_{prefix}ROLE_MAP maps to an unknown role")
    min_level = setting("MIN_LEVEL", "EH3")
    if min_level not in LEVELS:
        raise ConfigError(f"PORTAL_{prefix}MIN_LEVEL: choose from EH2, EH2+, EH3, EH4")
    if not setting("ISSUER").startswith(("https://", "http://127.0.0.1", "http://localhost")):
        raise ConfigError(f"PORTAL_{prefix}ISSUER must use https")
    return OidcProvider(
        name=name, kind=kind, issuer=setting("ISSUER"), client_id=setting("CLIENT_ID"),
        client_secret=setting("CLIENT_SECRET"), roles=roles, scope=setting("SCOPE", DEFAULT_SCOPES[kind]),
        kvk_claim=setting("KVK_CLAIM", "kvk"), branch_claim=setting("BRANCH_CLAIM", "vestigingsnummer"),
        min_level=min_level, role_claim=setting("ROLE_CLAIM", "roles"), role_map=role_map,
        region_claim=setting("REGION_CLAIM", "regions"),
        region_map=_pairs(setting("REGION_MAP"), f"PORTAL_{prefix}REGION_MAP"),
    )


def load_providers(config) -> dict[str, OidcProvider]:
    providers = {}
    for name in filter(None, (part.strip().lower() for part in str(config.get("OIDC_PROVIDERS") or "").split(","))):
        if not _NAME.match(name):
            raise ConfigError(f"PORTAL_OIDC_PROVIDERS: {name!r} is not a name (lower-case letters and digits)")
        providers[name] = _provider(config, name)
    return providers


def password_login_roles(config) -> set[str]:
    roles = {role.strip() for role in str(config.get("PASSWORD_LOGIN_ROLES") or "").split(",") if role.strip()}
    unknown = roles - set(ROLES)
    if unknown:
        raise ConfigError("PORTAL_PASSWORD_LOGIN_ROLES: unknown role " + ", ".join(sorted(unknown)))
    return roles
