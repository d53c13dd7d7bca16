"""Which passwords we accept (ASVS 5.0 6.2): long enough, not common, not about us or the user."""
from __future__ import annotations

from functools import lru_cache
from importlib import resources

from flask import current_app
from flask_babel import gettext as _

MAX_LENGTH = 256
ALWAYS_REFUSED_WORDS = ("wajong", "uwv", "servicepunt", "inclusief", "werkgeversservicepunt")


@lru_cache(maxsize=1)
def common_passwords() -> frozenset[str]:
    text = resources.files("portal.data").joinpath("common_passwords.txt").read_text(encoding="utf-8")
    return frozenset(line.strip().lower() for line in text.splitlines() if line.strip() and not line.startswith("#"))


def context_words(user=None, organisation_name: str = "") -> list[str]:
    words = list(ALWAYS_REFUSED_WORDS)
    if user is not None:
        words.append(user.email.split("@")[0])
        words.extend(part for part in user.name.split() if len(part) >= 4)
        if user.organisation is not None:
            organisation_name = organisation_name or user.organisation.name
    words.extend(part for part in organisation_name.replace(".", " ").split() if len(part) >= 4)
    return [w.lower() for w in words if w]


def problems(password: str, user=None, organisation_name: str = "") -> list[str]:
    """Dutch messages for everything wrong with the password; empty when it is fine."""
    minimum = current_app.config["PASSWORD_MIN_LENGTH"]
    found = []
    if len(password) < minimum:
        found.append(_("Gebruik minstens %(minimum)s tekens. Een zin van een paar woorden is goed te onthouden.", minimum=minimum))
    if len(password) > MAX_LENGTH:
        found.append(_("Gebruik hoogstens %(limit)s tekens.", limit=MAX_LENGTH))
    lowered = password.lower()
    if lowered in common_passwords() or len(set(lowered)) <= 2:
        found.append(_("Dit wachtwoord is te makkelijk te raden. Kies een ander wachtwoord."))
    for word in context_words(user, organisation_name):
        if len(word) >= 3 and word in lowered:
            found.append(_("Gebruik geen woorden die met u of deze portal te maken hebben, zoals '%(word)s'.", word=word))
            break
    return found
