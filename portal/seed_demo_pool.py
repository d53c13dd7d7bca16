"""The demo's candidate pool (van werk naar werk), through the real services: a candidate in each
demo region, proposals in every stage, and one hire through the pool that shows on the new
employer's dashboard. Called by seed_demo inside its transaction."""
from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from sqlalchemy import select

from portal.extensions import db
from portal.models import Region
from portal.notices import notice_service as notices
from portal.pool import hire_service
from portal.pool import profile_service as profiles
from portal.pool import proposal_service as proposals

PROFILE_TEXTS = {
    "AM18": ("Kwekerij, groenonderhoud of magazijn met een vaste structuur", "Precies, betrouwbaar, werkt graag buiten"),
    "AM13": ("Facilitair werk, post en magazijn; vaste taken per dag", "Vriendelijk, behulpzaam en op tijd"),
    "AM22": ("Zorg en welzijn: facilitair, keuken of schoonmaak", "Rustig, geduldig en zorgvuldig"),
}


def load_pool(users: dict, employments: list, today: date, file_notice, ad_of, employer_of) -> None:
    regions = {r.code: r for r in db.session.scalars(select(Region).where(Region.code.in_(PROFILE_TEXTS)))}
    free = [e for e in reversed(employments)
            if e.location.municipality and not notices.has_open_notice(e)]

    def take(code):
        employment = next(e for e in free if e.location.municipality.region.code == code)
        free.remove(employment)
        return employment

    def candidate(code, extra=(), publish=True):
        employment = take(code)
        ad = ad_of(employment)
        notice = file_notice(employer_of(employment), employment, today, refill=False)
        notices.acknowledge(ad, notice)
        notices.record_plan(ad, notice, "internal_mediation", today + timedelta(days=3), "")
        profiles.record_profile_consent(ad, notice, today, "in_person", today)
        profile = profiles.start_draft(ad, notice)
        suitable, strengths = PROFILE_TEXTS[code]
        profiles.edit(ad, profile, profiles.ProfileInput(
            available_from=notice.expected_end_date, hours_wanted=Decimal(str(employment.hours_per_week)),
            suitable_work=suitable, strengths=strengths, adaptations="Vaste begintijd en een taakkaart",
            job_coach="external", travel="Tot 45 minuten met het openbaar vervoer",
            summary="Zoekt een vaste plek met duidelijke taken.",
            region_ids=[regions[code].id, *(regions[c].id for c in extra)]))
        if publish:
            profiles.publish(ad, profile)
        return profile, ad

    def vacancy(code):
        employment = take(code)
        return file_notice(employer_of(employment), employment, today).refill_request

    nora, karim = users["n.peters@wsp.example"], users["k.bos@wsp.example"]
    amsterdam, _ = candidate("AM18", extra=("AM22",))
    utrecht, _ = candidate("AM13", extra=("AM22",))
    rotterdam_hired, rotterdam_ad = candidate("AM22", extra=("AM13",))
    candidate("AM22")  # waits in the Rotterdam pool, not picked up yet
    horizon_jobs = [vacancy("AM22") for _ in range(3)]
    linde_job = vacancy("AM13")
    horizon = employer_of(horizon_jobs[0].notice.employment)
    linde = employer_of(linde_job.notice.employment)

    # Every stage: proposed, introduction, trial placement (Amsterdam candidate at Horizon) ...
    staged = [proposals.propose(nora, job, amsterdam) for job in horizon_jobs]
    amsterdam_ad = ad_of(amsterdam.notice.employment)
    for proposal in staged[1:]:
        proposals.answer(horizon, proposal, True, "")
        proposals.record_introduction_consent(amsterdam_ad, proposal, today, today)
    proposals.start_trial(nora, staged[2])
    # ... rejected and withdrawn (Utrecht candidate) ...
    rejected = proposals.propose(nora, horizon_jobs[0], utrecht)
    proposals.answer(horizon, rejected, False, "We zoeken iemand met ervaring in de keuken.")
    withdrawn = proposals.propose(nora, horizon_jobs[1], utrecht)
    proposals.withdraw(nora, withdrawn, "De kandidaat kiest voor een plek dichter bij huis.")
    # ... and one hire: a Horizon leaver from Rotterdam starts at De Linde in Utrecht.
    hired = proposals.propose(karim, linde_job, rotterdam_hired)
    proposals.answer(linde, hired, True, "")
    proposals.record_introduction_consent(rotterdam_ad, hired, today, today)
    hire_service.hire(karim, hired, today + timedelta(days=30), Decimal(str(linde_job.hours_per_week)), "temporary")
