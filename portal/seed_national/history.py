"""Five years of notices and refill requests, with the events the real workflow writes."""
from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal

from portal.clock import escalation_date
from portal.models import NEW_JOB_OUTCOMES, PLAN_SERVICES
from portal.notices.follow_up_service import NO_FOLLOW_UP_OUTCOMES
from portal.notices.outcome_rules import outcome_for
from portal.seed_national.data import (
    CANDIDATE_NOTES,
    NOT_FILLED_REASONS,
    NOTES,
    PLAN_CHOICES,
    REASON_BY_CONTRACT,
    WITHDRAW_NOTES,
)
from portal.seed_national.next_job import LATER_JOB_DAYS, NO_NEW_JOB
from portal.workflows import NOTICE_WORKFLOW, REFILL_WORKFLOW


class _History:
    """Mixed into the generator: the workflow history of each employment."""

    def withdrawn_notice(self, employment_id, contract, start, before, org_id, region_id, location_id, users, ad_at):
        """A notice filed and withdrawn again (the contract went on) before the next one."""
        latest = (before - timedelta(days=45)) if before else (self.now - timedelta(days=3))
        earliest = self.moment(max(start + timedelta(days=14), self.window_start))
        if latest <= earliest:
            return
        created = earliest + (latest - earliest) * self.rng.random()
        self.notice(employment_id, contract, start, created.date() + timedelta(days=self.rng.randint(20, 90)),
                    created, "withdraw", org_id, region_id, location_id, users, ad_at,
                    withdraw_by=created + timedelta(days=40))

    def notice(self, employment_id, contract, start, end, created, fate, org_id, region_id, location_id, users,
               ad_at, withdraw_by=None) -> None:
        """One notice, moved along the workflow as far as time allows; its refill request too."""
        rng = self.rng
        notice_id = self.next_id("contract_end_notices")
        filed_by = rng.choice(users)
        expected_end = max(end or created.date() + timedelta(days=60), start)
        steps = [("submit", created, filed_by, "")]
        acknowledged = self.after(created, 0.05, 9)
        plan_service = plan_start = None
        plan_reason = ""
        outcome, outcome_note = None, ""
        if fate == "withdraw":
            withdrawn = min(self.after(created, 1, 30), withdraw_by)
            if acknowledged < withdrawn:
                steps.append(("acknowledge", acknowledged, ad_at(acknowledged), ""))
            steps.append(("withdraw", withdrawn, filed_by, rng.choice(WITHDRAW_NOTES)))
        else:
            steps.append(("acknowledge", acknowledged, ad_at(acknowledged), ""))
            last = acknowledged
            delay = self.next_job_delay(self.last_coach)
            # A case the AD follows until a later job always has a plan (else it would sit overdue).
            if rng.random() < 0.85 or (delay is not None and delay > LATER_JOB_DAYS):
                planned = self.after(acknowledged, 0.5, 20)
                plan_service = rng.choices(*PLAN_CHOICES)[0]
                steps.append(("record_plan", planned, ad_at(planned), str(PLAN_SERVICES[plan_service])))
                last = planned
            closing_day, outcome, known_start, job_start = self.ending(last.date(), expected_end, delay)
            closed = max(self.moment(closing_day) if closing_day <= self.today else self.after(last, 400, 500),
                         last + timedelta(hours=1))
            steps.append(("close", closed, ad_at(closed), self.outcome_label_nl(outcome)))
        steps = [s for s in steps if s[1] < self.now]
        transitions = [NOTICE_WORKFLOW.transition(action) for action, *_ in steps]
        status = transitions[-1].target
        if any(action == "record_plan" for action, *_ in steps):
            plan_start = None if plan_service == "none" else self.plan_start(expected_end)
            plan_reason = "De werknemer heeft al zelf ander werk gevonden." if plan_service == "none" else ""
        else:
            plan_service = None
        new_job, follow_ups = dict(NO_NEW_JOB), []
        if status != "closed":
            outcome = None
        elif outcome in NEW_JOB_OUTCOMES:
            outcome_note = "Geplaatst bij een andere werkgever in de regio."
            new_job = self.new_job(org_id, known_start)
        elif outcome not in NO_FOLLOW_UP_OUTCOMES:
            # Nazorg asks after the job the person finds later; a "yes" makes it the notice's outcome.
            found, follow_ups = self.follow_ups(notice_id, expected_end, steps[-1][1], ad_at, job_start)
            if found is not None:  # the outcome follows the dates, as the nazorg answer's check does
                outcome, new_job = outcome_for(expected_end, found), self.new_job(org_id, found)
        entered = steps[-1][1]
        deadline = NOTICE_WORKFLOW.deadlines.get(status)
        response_due = self.due(deadline, entered) if deadline else None
        consent = rng.random() < 0.75
        notes = {f: (rng.choice(texts) if rng.random() < 0.7 else "") for f, texts in NOTES.items()}
        reasons, weights = REASON_BY_CONTRACT[contract]
        refill_wanted = rng.random() < 0.8
        employee_id = self.employee_of[employment_id]
        self.bulk.add(self.T["contract_end_notices"], dict(
            id=notice_id, employment_id=employment_id, employee_id=employee_id, filed_by_id=filed_by, status=status, created_at=created,
            response_due=response_due, expected_end_date=expected_end,
            reason_category=rng.choices(reasons, weights)[0], reason_text="", initiative=rng.choices(
                ["employer", "employee", "both"], [70, 15, 15])[0],
            **notes, notes_discussed=consent, consent_given=consent,
            consent_date=created.date() - timedelta(days=rng.randint(0, 5)) if consent else None,
            consent_recorded_by_id=filed_by if consent else None, refill_wanted=refill_wanted,
            plan_service=plan_service, plan_start_date=plan_start, plan_reason=plan_reason,
            outcome=outcome, outcome_note=outcome_note, **new_job,
        ))
        for row in follow_ups:
            self.bulk.add(self.T["follow_up_tasks"], {**row, "employee_id": employee_id})
        previous = None
        for (action, moment, actor, note), transition in zip(steps, transitions, strict=False):
            self.event("notice", notice_id, action, previous, transition.target, actor, moment, note)
            previous = transition.target
        self.clock_events(NOTICE_WORKFLOW, notice_id, status, response_due)
        if refill_wanted:
            withdrawn_at = steps[-1][1] if status == "withdrawn" else None
            self.refill(notice_id, org_id, region_id, location_id, filed_by, created, withdrawn_at)

    def refill(self, notice_id, org_id, region_id, location_id, contact, created, withdrawn_at) -> None:
        rng = self.rng
        refill_id = self.next_id("refill_requests")
        advisers = self.wsp_by_region[region_id]
        adviser = advisers[min(int(rng.paretovariate(1.5)) - 1, len(advisers) - 1)]
        fate = rng.choices(["fill", "not_fill", "cancel"], [60, 27, 13])[0]
        steps = [("open", created, contact, "")]
        claimed = self.after(created, 0.05, 9)
        steps.append(("claim", claimed, adviser, ""))
        last = claimed
        candidates_note = ""
        if rng.random() < 0.85:
            proposed = self.after(claimed, 2, 30)
            candidates_note = rng.choice(CANDIDATE_NOTES)
            steps.append(("propose", proposed, adviser, candidates_note))
            last = proposed
        final = self.after(last, 3, 60)
        if fate == "cancel":
            final = self.after(created, 0.5, (final - created).total_seconds() / 86400)
            steps = [s for s in steps if s[1] < final] + [("cancel", final, contact,
                                                            "De werkgever heeft de plek niet meer nodig.")]
        else:
            steps.append((fate, final, adviser, rng.choice(NOT_FILLED_REASONS) if fate == "not_fill" else ""))
        if withdrawn_at is not None:  # withdrawing the notice cancels the request when it is still open
            kept = [s for s in steps if s[1] < withdrawn_at]
            if kept[-1][0] not in ("fill", "not_fill", "cancel"):
                kept.append(("cancel", withdrawn_at, contact, "De melding is ingetrokken."))
            steps = kept
        steps = [s for s in steps if s[1] < self.now]
        transitions = [REFILL_WORKFLOW.transition(action) for action, *_ in steps]
        status = transitions[-1].target
        actions = [s[0] for s in steps]
        response_due = self.due(REFILL_WORKFLOW.deadlines["open"], created) if status == "open" else None
        job_title, hours = self.last_job
        self.bulk.add(self.T["refill_requests"], dict(
            id=refill_id, notice_id=notice_id, organisation_id=org_id, location_id=location_id, region_id=region_id,
            contact_id=contact, status=status, created_at=created, response_due=response_due,
            job_title=job_title, hours_per_week=Decimal(hours), tasks="Zie de functieomschrijving.",
            requirements="Zorgvuldig en op tijd.", adaptations="Vaste begintijd en een taakkaart.",
            wanted_start_date=created.date() + timedelta(days=rng.randint(20, 90)),
            claimed_by_id=adviser if "claim" in actions else None,
            candidates_note=candidates_note if "propose" in actions else "",
            filled_date=steps[-1][1].date() + timedelta(days=rng.randint(0, 30)) if status == "filled" else None,
            not_filled_reason=steps[-1][3] if status == "not_filled" else "",
        ))
        previous = None
        for (action, moment, actor, note), transition in zip(steps, transitions, strict=False):
            self.event("refill", refill_id, action, previous, transition.target, actor, moment, note)
            previous = transition.target
        self.clock_events(REFILL_WORKFLOW, refill_id, status, response_due)

    def event(self, subject_type, subject_id, action, from_state, to_state, actor, moment, note) -> None:
        self.bulk.add(self.T["workflow_events"], dict(
            id=self.next_id("workflow_events"), subject_type=subject_type, subject_id=subject_id, action=action,
            from_state=from_state, to_state=to_state, actor_id=actor, created_at=moment, note=note,
        ))

    def clock_events(self, workflow, subject_id, status, response_due) -> None:
        """What `flask jobs run` leaves on an overdue item: a reminder, later an escalation."""
        if response_due is None or response_due > self.today:
            return
        for kind, day, note in (
            ("remind", response_due, "aan de eigenaar"),
            ("escalate", escalation_date(response_due), "doorgezet"),
        ):
            if day > self.today:
                break
            moment = min(datetime(day.year, day.month, day.day, 5, 0, tzinfo=UTC), self.now)
            self.event(workflow.subject_type, subject_id, kind, status, status, None, moment, note)
            self.bulk.add(self.T["job_marks"], dict(
                id=self.next_id("job_marks"),
                key=f"{kind}:{workflow.subject_type}:{subject_id}:{status}:{response_due.isoformat()}",
                created_at=moment,
            ))
