"""Matching both ways, with reasons a person can check: hours fit, available before the wanted
start, words in common between the suitable work and the job, adaptations the job already has.

Words: PostgreSQL's full-text search with the 'dutch' configuration (stems, no stop words),
kept in generated columns by the database (models/search_terms.py); on SQLite (the demo) a
simple word match in Python. Either way a page costs the same few queries: the page's own terms
(deferred columns, read once), the region's pool (or open requests) as plain rows to rank, then
the entities shown.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from portal.extensions import db
from portal.formatting import date_long, hours
from portal.models import (
    OPEN_REFILL_STATES,
    POOL_STATES,
    CandidateProfile,
    ContractEndNotice,
    Employment,
    Location,
    RefillRequest,
    profile_regions,
)
from portal.query_plans import reused_plan

# Enough for a page: the best matches, not every candidate of the region.
MATCH_LIMIT = 25
DUTCH_STOP_WORDS = frozenset({
    "aan", "als", "bij", "dat", "de", "den", "der", "des", "die", "dit", "door", "een", "en", "er", "het",
    "hij", "in", "is", "je", "maar", "met", "mij", "na", "naar", "niet", "of", "om", "onder", "op", "over",
    "te", "tot", "uit", "van", "voor", "wat", "wel", "wij", "ze", "zij", "zich", "zijn", "zo", "ook", "heel",
    "goed", "kan", "kunnen", "werk", "werken",
})


@dataclass
class Match:
    item: Any  # a CandidateProfile or a RefillRequest
    score: int
    reasons: list[str] = field(default_factory=list)
    words: list[str] = field(default_factory=list)


def _postgres() -> bool:
    return db.engine.dialect.name == "postgresql"


def _simple_terms(text: str) -> set[str]:
    words = set()
    for word in re.findall(r"[a-zà-ÿ]+", text.lower()):
        if len(word) < 3 or word in DUTCH_STOP_WORDS:
            continue
        for ending in ("en", "s", "e"):  # magazijnen/magazijn, orders/order: crude, but explainable
            if word.endswith(ending) and len(word) - len(ending) >= 4:
                word = word[: -len(ending)]
                break
        words.add(word)
    return words


_TSVECTOR_LEXEME = re.compile(r"'((?:[^']|'')+)'")


def terms(value: str | None, postgres: bool | None = None) -> set[str]:
    """The search terms of a text as a search-terms column holds it (pass `postgres` when parsing many)."""
    if not value:
        return set()
    if _postgres() if postgres is None else postgres:
        return set(_TSVECTOR_LEXEME.findall(value))
    return _simple_terms(value)


def _score(hours_wanted, job_hours, available_from: date, wanted_start: date | None,
           words: set[str], adaptations: set[str]) -> int:
    """The ranking alone: cheap enough for every open job or candidate of a region."""
    difference = abs(Decimal(str(hours_wanted)) - Decimal(str(job_hours)))
    score = 3 if difference <= 4 else 1 if difference <= 8 else 0
    if wanted_start is None or available_from <= wanted_start:
        score += 2
    return score + 2 * min(len(words), 4) + min(len(adaptations), 3)


def explain(hours_wanted, job_hours, available_from: date, wanted_start: date | None,
            words: set[str], adaptations: set[str]) -> tuple[int, list[str]]:
    """The score and the reasons behind it, in the reader's language (only for the matches shown)."""
    reasons = []
    difference = abs(Decimal(str(hours_wanted)) - Decimal(str(job_hours)))
    if difference <= 4:
        reasons.append(_("Uren passen: %(wanted)s gewenst, %(job)s in de functie.",
                         wanted=hours(hours_wanted), job=hours(job_hours)))
    elif difference <= 8:
        reasons.append(_("Uren passen bijna: %(wanted)s gewenst, %(job)s in de functie.",
                         wanted=hours(hours_wanted), job=hours(job_hours)))
    if wanted_start is None or available_from <= wanted_start:
        reasons.append(_("Beschikbaar vanaf %(date)s, op tijd voor de gewenste start.", date=date_long(available_from)))
    if words:
        reasons.append(_("Woorden gemeen met de functie en de taken: %(words)s.", words=", ".join(sorted(words))))
    if adaptations:
        reasons.append(_("Aanpassingen die er al zijn: %(words)s.", words=", ".join(sorted(adaptations))))
    return _score(hours_wanted, job_hours, available_from, wanted_start, words, adaptations), reasons


@dataclass
class _Scored:
    """One row of the other side, ranked before any entity is loaded."""
    id: int
    score: int
    sort_date: date
    words: set[str]
    adaptations: set[str]


def _best(scored: list[_Scored]) -> list[_Scored]:
    scored.sort(key=lambda s: (-s.score, s.sort_date, s.id))
    return scored[:MATCH_LIMIT]


def _notices_of_organisation(organisation_id):
    return (
        select(ContractEndNotice.id).join(Employment, Employment.id == ContractEndNotice.employment_id)
        .join(Location, Location.id == Employment.location_id).where(Location.organisation_id == organisation_id)
    )


def _former_organisation_id(profile: CandidateProfile):
    # A leaver is not matched to the former employer's own jobs: its name beside the profile would
    # tell the WSP where the person worked.
    return (
        select(Location.organisation_id).join(Employment, Employment.location_id == Location.id)
        .join(ContractEndNotice, ContractEndNotice.employment_id == Employment.id)
        .where(ContractEndNotice.id == profile.notice_id).scalar_subquery()
    )


def candidates_for_refill(refill: RefillRequest) -> list[Match]:
    """The region's pool candidates for one freed job, best first (the job's terms, the region's
    candidates as plain rows to rank, then the profiles shown)."""
    postgres = _postgres()
    wanted, adaptations = terms(refill.job_terms, postgres), terms(refill.adaptation_terms, postgres)
    in_region = select(profile_regions.c.profile_id).where(profile_regions.c.region_id == refill.region_id)
    rows = db.session.execute(
        select(CandidateProfile.id, CandidateProfile.hours_wanted, CandidateProfile.available_from,
               CandidateProfile.work_terms, CandidateProfile.adaptation_terms)
        .where(CandidateProfile.id.in_(in_region), CandidateProfile.status.in_(POOL_STATES),
               CandidateProfile.notice_id.not_in(_notices_of_organisation(refill.organisation_id)))
    ).all()
    best = _best([
        _Scored(row.id, _score(row.hours_wanted, refill.hours_per_week, row.available_from, refill.wanted_start_date,
                               words, common_adaptations), row.available_from, words, common_adaptations)
        for row in rows
        for words, common_adaptations in [(wanted & terms(row[3], postgres), adaptations & terms(row[4], postgres))]
    ])
    profiles = {p.id: p for p in db.session.scalars(
        select(CandidateProfile).where(CandidateProfile.id.in_([s.id for s in best])))}
    matches = []
    for scored in best:
        profile = profiles[scored.id]
        score, reasons = explain(profile.hours_wanted, refill.hours_per_week, profile.available_from,
                                 refill.wanted_start_date, scored.words, scored.adaptations)
        matches.append(Match(profile, score, reasons, sorted(scored.words)))
    return matches


def refills_for_profile(profile: CandidateProfile, region_ids: list[int]) -> list[Match]:
    """The open refill requests in the candidate's regions (those the adviser serves), best first
    (the same queries, as above)."""
    postgres = _postgres()
    suitable, adaptations = terms(profile.work_terms, postgres), terms(profile.adaptation_terms, postgres)
    with reused_plan():  # planning it took longer than running it (portal/query_plans.py)
        rows = db.session.execute(
            select(RefillRequest.id, RefillRequest.hours_per_week, RefillRequest.wanted_start_date,
                   RefillRequest.job_terms, RefillRequest.adaptation_terms)
            .where(RefillRequest.region_id.in_(region_ids), RefillRequest.status.in_(OPEN_REFILL_STATES),
                   RefillRequest.organisation_id != _former_organisation_id(profile))
        ).all()
    best = _best([
        _Scored(row.id, _score(profile.hours_wanted, row.hours_per_week, profile.available_from, row.wanted_start_date,
                               words, common_adaptations), row.wanted_start_date or date.max, words, common_adaptations)
        for row in rows
        for words, common_adaptations in [(suitable & terms(row[3], postgres), adaptations & terms(row[4], postgres))]
    ])
    refills = {r.id: r for r in db.session.scalars(
        select(RefillRequest).where(RefillRequest.id.in_([s.id for s in best]))
        .options(joinedload(RefillRequest.organisation), joinedload(RefillRequest.location))).unique()}
    matches = []
    for scored in best:
        refill = refills[scored.id]
        score, reasons = explain(profile.hours_wanted, refill.hours_per_week, profile.available_from,
                                 refill.wanted_start_date, scored.words, scored.adaptations)
        matches.append(Match(refill, score, reasons, sorted(scored.words)))
    return matches
