"""The national candidate pool (van werk naar werk): several thousand leavers of running notices
published by their AD, picked up by the region's advisers and proposed to other employers' freed
jobs in every stage, with the events and clock marks the real services write.

Hires are left to the demo (portal/seed_demo_pool.py): a hire closes the notice and creates an
employment, and the national history's closed notices already carry their own outcomes.
"""
from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from sqlalchemy import bindparam, select, update

from portal.models import (
    CaseworkerAssignment,
    ContractEndNotice,
    Employment,
    Location,
    Municipality,
    RefillRequest,
)
from portal.pool.profile_service import CODE_ALPHABET
from portal.seed_national.data import JOBS
from portal.workflows import PROFILE_WORKFLOW, PROPOSAL_WORKFLOW

CANDIDATES = 4_000
STRENGTHS = ["Precies en betrouwbaar", "Vriendelijk en behulpzaam", "Werkt graag met de handen",
             "Rustig, geduldig en zorgvuldig", "Snel en houdt van aanpakken", "Goed met vaste routines"]
ADAPTATIONS = ["Vaste begintijd en een taakkaart", "Een vaste collega als aanspreekpunt",
               "Rustige werkplek, korte pauzes tussendoor", "Taken stap voor stap voorgedaan"]
TRAVEL = ["Tot 30 minuten met de fiets", "Tot 45 minuten met het openbaar vervoer", "Alleen in de eigen gemeente"]
REJECTIONS = ["We zoeken iemand met meer ervaring.", "De uren passen toch niet.", "De plek is intern ingevuld."]


class _Pool:
    """Mixed into the generator after the people and their history are written."""

    def pool(self) -> None:
        notices = self._pool_notices()
        wanted = min(len(notices), self.n(CANDIDATES))
        chosen = sorted(self.rng.sample(notices, wanted), key=lambda row: row.id)
        jobs_by_region: dict[int, list] = {}
        for job in self.session.execute(
            select(RefillRequest.id, RefillRequest.region_id, RefillRequest.organisation_id, RefillRequest.created_at,
                   RefillRequest.contact_id)
            .where(RefillRequest.status.in_(("claimed", "candidates_proposed"))).order_by(RefillRequest.id)
        ):
            jobs_by_region.setdefault(job.region_id, []).append(job)
        consents, codes = [], set()
        for row in chosen:
            consents.append(self._candidate(row, jobs_by_region, codes))
        self.bulk.flush()
        self.session.execute(
            update(ContractEndNotice.__table__).where(ContractEndNotice.__table__.c.id == bindparam("notice_id"))
            .values(profile_consent_date=bindparam("day"), profile_consent_method=bindparam("method"),
                    profile_consent_recorded_by_id=bindparam("ad")),
            consents,
        )

    def _pool_notices(self) -> list:
        """Running notices the AD has read, with the contract's hours, region and current AD."""
        return list(self.session.execute(
            select(ContractEndNotice.id, ContractEndNotice.status, ContractEndNotice.created_at,
                   ContractEndNotice.expected_end_date, Employment.hours_per_week, Employment.job_title,
                   Employment.job_coach_type, Location.organisation_id, Municipality.region_id,
                   CaseworkerAssignment.ad_id)
            .join(Employment, Employment.id == ContractEndNotice.employment_id)
            .join(Location, Location.id == Employment.location_id)
            .join(Municipality, Municipality.id == Location.municipality_id)
            .join(CaseworkerAssignment, (CaseworkerAssignment.employee_id == Employment.employee_id)
                  & CaseworkerAssignment.valid_until.is_(None))
            .where(ContractEndNotice.status.in_(("acknowledged", "plan_recorded")))
            .order_by(ContractEndNotice.id)
        ).all())

    def _code(self, codes: set) -> str:
        while True:
            code = "K-" + "".join(self.rng.choice(CODE_ALPHABET) for _ in range(6))
            if code not in codes:
                codes.add(code)
                return code

    def _candidate(self, row, jobs_by_region: dict, codes: set) -> dict:
        rng = self.rng
        profile_id = self.next_id("candidate_profiles")
        consent_at = self.after(row.created_at, 1, 10)
        created = self.after(consent_at, 0, 2)
        published = self.after(created, 0.1, 3)
        status = rng.choices(["published", "claimed", "paused", "withdrawn"], [30, 58, 7, 5])[0]
        region_ids = [row.region_id]
        if rng.random() < 0.25:
            region_ids.append(self.regions[self.weighted_index(self.region_cumulative)].id)
        region_ids = list(dict.fromkeys(region_ids))
        adviser = rng.choice(self.wsp_by_region[row.region_id])
        claimed = self.after(published, 0.2, 8) if status in ("claimed", "paused") else None
        steps = [("create", created, row.ad_id), ("publish", published, row.ad_id)]
        if claimed:
            steps.append(("claim", claimed, adviser))
        if status in ("paused", "withdrawn"):
            steps.append(("pause" if status == "paused" else "withdraw",
                          self.after(claimed or published, 1, 20), row.ad_id))
        steps = [s for s in steps if s[1] < self.now] or steps[:1]
        status = PROFILE_WORKFLOW.transition(steps[-1][0]).target
        response_due = self.due(PROFILE_WORKFLOW.deadlines["published"], published) if status == "published" else None
        other_title = rng.choice(JOBS)[0]
        self.bulk.add(self.T["candidate_profiles"], dict(
            id=profile_id, code=self._code(codes), notice_id=row.id, status=status, created_at=created,
            response_due=response_due, created_by_id=row.ad_id,
            claimed_by_id=adviser if any(s[0] == "claim" for s in steps) else None,
            available_from=row.expected_end_date, hours_wanted=Decimal(str(row.hours_per_week)),
            suitable_work=f"{row.job_title} of {other_title.lower()}, met vaste taken per dag",
            strengths=rng.choice(STRENGTHS), adaptations=rng.choice(ADAPTATIONS),
            job_coach=row.job_coach_type if row.job_coach_type in ("none", "internal", "external") else "none",
            travel=rng.choice(TRAVEL), summary="Zoekt een vaste plek met duidelijke taken.",
        ))
        for region_id in region_ids:
            self.bulk.add(self.T["candidate_profile_regions"], dict(profile_id=profile_id, region_id=region_id))
        self.event("notice", row.id, "profile_consent", row.status, row.status, row.ad_id, consent_at,
                   f"In een gesprek, op {consent_at.date().isoformat()}")
        self._steps("profile", PROFILE_WORKFLOW, profile_id, steps, status, response_due)
        if claimed and claimed < self.now:
            self._proposals(profile_id, row, region_ids, adviser, claimed, jobs_by_region)
        return dict(notice_id=row.id, day=consent_at.date(), method="in_person", ad=row.ad_id)

    def _proposals(self, profile_id, row, region_ids, adviser, claimed, jobs_by_region) -> None:
        rng = self.rng
        jobs = [job for region_id in region_ids for job in jobs_by_region.get(region_id, [])
                if job.organisation_id != row.organisation_id]
        if not jobs or rng.random() < 0.35:
            return
        for job in rng.sample(jobs, min(len(jobs), rng.choice([1, 1, 2, 3]))):
            proposed = self.after(max(claimed, job.created_at), 0.5, 10)
            if proposed >= self.now:
                continue
            fate = rng.choices(["proposed", "introduction", "trial_placement", "rejected", "withdrawn"],
                               [40, 25, 10, 15, 10])[0]
            steps = [("propose", proposed, adviser)]
            if fate in ("introduction", "trial_placement"):
                steps.append(("interested", self.after(proposed, 1, 8), job.contact_id))
            if fate == "trial_placement":
                steps.append(("start_trial", self.after(steps[-1][1], 3, 15), adviser))
            if fate == "rejected":
                steps.append(("reject", self.after(proposed, 1, 8), job.contact_id))
            if fate == "withdrawn":
                steps.append(("withdraw", self.after(proposed, 1, 15), adviser))
            steps = [s for s in steps if s[1] < self.now]
            status = PROPOSAL_WORKFLOW.transition(steps[-1][0]).target
            consent: date | None = None
            if len(steps) > 1 and steps[1][0] == "interested":
                consent = (steps[1][1] + timedelta(days=1)).date()
            response_due = self.due(PROPOSAL_WORKFLOW.deadlines["proposed"], proposed) if status == "proposed" else None
            proposal_id = self.next_id("proposals")
            self.bulk.add(self.T["proposals"], dict(
                id=proposal_id, refill_id=job.id, profile_id=profile_id, outside_description="", status=status,
                created_at=proposed, response_due=response_due, proposed_by_id=adviser, note="",
                rejected_reason=rng.choice(REJECTIONS) if status == "rejected" else "",
                rejected_by_id=job.contact_id if status == "rejected" else None,
                introduction_consent_date=consent if status in ("introduction", "trial_placement") else None,
                introduction_consent_by_id=row.ad_id if consent and status in ("introduction", "trial_placement") else None,
                start_date=None, hired_hours=None, hired_contract_type=None, new_employment_id=None,
            ))
            self._steps("proposal", PROPOSAL_WORKFLOW, proposal_id, steps, status, response_due)

    def _steps(self, subject: str, workflow, subject_id: int, steps: list, status: str, response_due) -> None:
        """One event per step, as the workflow's transitions write them, then the clock's marks."""
        previous = None
        for action, moment, actor in steps:
            target = workflow.transition(action).target
            self.event(subject, subject_id, action, previous, target, actor, moment, "")
            previous = target
        self.clock_events(workflow, subject_id, status, response_due)

