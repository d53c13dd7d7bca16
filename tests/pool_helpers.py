"""Builders for the candidate pool, through the real services."""
from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from portal.formatting import local_today
from portal.notices import notice_service as notices
from portal.pool import profile_service as profiles
from portal.pool import proposal_service as proposals
from portal.pool.profile_service import ProfileInput
from portal.unit_of_work import unit_of_work
from portal.vacancies import refill_service as refills
from tests.factories import make_employment, make_location, make_notice, make_organisation, make_user, region

NOTES_CANARY = "Kanarie-notitie-zeer-geheim"


def profile_input(profile, **changes) -> ProfileInput:
    values = dict(
        available_from=profile.available_from, hours_wanted=Decimal("24"),
        suitable_work="Magazijn, orders picken en inpakken", strengths="Nauwkeurig en op tijd",
        adaptations="Vaste werkplek, rustige ruimte", job_coach="external", travel="30 minuten fietsen",
        summary="Werkt graag in een vast team.", region_ids=[region("AM18").id],
    )
    values.update(changes)
    return ProfileInput(**values)


def read_notice(world, employment=None, employer=None, ad=None, **notice_changes):
    employment = employment or world.emp_a1
    notice_changes.setdefault("handover_notes", {"notes_strengths": "Zeer nauwkeurig", "notes_attention": NOTES_CANARY,
                                                 "notes_next_roles": "Magazijn of orders picken"})
    notice = make_notice(employer or world.employer_a, employment, **notice_changes)
    with unit_of_work():
        notices.acknowledge(ad or world.ad1, notice)
    return notice


def published_profile(world, employment=None, employer=None, ad=None, publish=True, **changes):
    ad = ad or world.ad1
    notice = read_notice(world, employment, employer, ad)
    today = local_today()
    with unit_of_work():
        profiles.record_profile_consent(ad, notice, today, "in_person", today)
    with unit_of_work():
        profile = profiles.start_draft(ad, notice)
    with unit_of_work():
        profiles.edit(ad, profile, profile_input(profile, **changes))
    if publish:
        with unit_of_work():
            profiles.publish(ad, profile)
    return profile


def vacancy(world, job_title="Orderpicker magazijn", hours=Decimal("24"), tasks="Orders picken en inpakken",
            adaptations="Rustige ruimte", wanted_start=None, municipality="Amstelveen"):
    """Another employer's freed job in Groot Amsterdam (AM18): its own leaver, its open refill request."""
    organisation = make_organisation("Groenrijk")
    location = make_location(organisation, municipality)
    employer = make_user("employer", "Vera de Wit", organisation=organisation)
    employment = make_employment(organisation, location, world.ad3, None, name="Vertrekker Groenrijk")
    today = local_today()
    details = notices.RefillDetails(job_title=job_title, hours_per_week=hours, tasks=tasks, adaptations=adaptations,
                                    wanted_start_date=wanted_start or today + timedelta(days=90))
    notice = make_notice(employer, employment, refill=False)
    with unit_of_work():
        refill = refills.open_refill_request(employer, notice, details)
    return refill, employer


def proposed(world, profile=None, adviser=None):
    profile = profile or published_profile(world)
    refill, employer = vacancy(world)
    with unit_of_work():
        proposal = proposals.propose(adviser or world.wsp_amsterdam, refill, profile)
    return proposal, employer


def introduced(world):
    proposal, employer = proposed(world)
    with unit_of_work():
        proposals.answer(employer, proposal, True, "")
    with unit_of_work():
        proposals.record_introduction_consent(world.ad1, proposal, local_today(), local_today())
    return proposal, employer
