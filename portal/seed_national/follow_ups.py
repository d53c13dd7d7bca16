"""Nazorg in the national dataset: the follow-up questions a closing without a new job schedules
(portal/notices/follow_up_service.py), answered as an AD would: "werk gevonden" once the person's
next job has started (the notice's outcome becomes that job), otherwise "nog niet" or, now and
then, "geen nazorg meer nodig"; the remaining questions lapse. Questions not answered by today
stay open, with the regie clock's reminder and escalation when overdue.
"""
from __future__ import annotations

from datetime import date, timedelta

from flask_babel import force_locale
from flask_babel import gettext as _

from portal.clock import add_working_days
from portal.formatting import date_long
from portal.models import OUTCOMES
from portal.notices.follow_up_service import follow_up_dates, follow_up_months
from portal.notices.outcome_rules import outcome_for
from portal.workflows import FOLLOW_UP_WORKFLOW

NEXT_STEPS = ["Gesprek met de werknemer over Naar werk.", "Sollicitatie bij een werkgever in de regio loopt.",
              "Proefplaatsing wordt voorbereid.", "Werkfit-traject loopt nog."]
STOP_REASONS = ["Geen arbeidsvermogen meer volgens de herbeoordeling.", "De werknemer wil geen begeleiding meer.",
                "Verhuisd naar het buitenland."]
STOP_SHARE = 0.06


class _FollowUps:
    """Mixed into the generator."""

    def follow_ups(self, notice_id: int, end: date, closed_at, ad_at, job_start: date | None) -> tuple:
        """The questions of a notice closed without a new job: (the start of the job an answer found,
        or None; the task rows, for the caller to add after the notice row: a flush in between
        would write them before the notice they point at)."""
        rng = self.rng
        closed_on = closed_at.date()
        tasks = follow_up_dates(end, closed_on, self._follow_up_months())
        finished = None  # (moment, note): the answer after which the remaining questions lapse
        found_job, rows = None, []
        for month, opens_on in tasks:
            task_id = self.next_id("follow_up_tasks")
            due = add_working_days(opens_on, self.config["FOLLOW_UP_WORKING_DAYS"], self.config["HOLIDAY_COUNTRY"])
            with force_locale("nl"):
                self.event("follow_up", task_id, "schedule", None, "open", None, closed_at,
                           _("vraag op %(date)s", date=date_long(opens_on)))
            status, answer, values = "open", None, {}
            if finished is not None:
                status, answer = "lapsed", ("lapse", finished[0], None, finished[1])
            else:
                answer_day = opens_on + timedelta(days=rng.randint(0, 16))
                answered = max(self.moment(answer_day), closed_at + timedelta(minutes=5))
                if answer_day < self.today and answered < self.now:  # moment() never lies in the future
                    ad = ad_at(answered)
                    if job_start is not None and job_start <= answered.date():
                        found_job = job_start
                        note = self.outcome_label_nl(outcome_for(end, job_start))
                        status, answer = "found_job", ("found_job", answered, ad, note)
                        finished = (answered, "werk gevonden")
                    elif rng.random() < STOP_SHARE:
                        reason = rng.choice(STOP_REASONS)
                        status, answer = "stopped", ("stop", answered, ad, reason)
                        values = dict(stop_reason=reason)
                        finished = (answered, "geen nazorg meer nodig")
                    else:
                        step = rng.choice(NEXT_STEPS)
                        step_date = answered.date() + timedelta(days=rng.randint(7, 60))
                        with force_locale("nl"):
                            note = f"{step} ({date_long(step_date)})"
                        status, answer = "not_yet", ("not_yet", answered, ad, note)
                        values = dict(next_step=step, next_step_date=step_date)
            rows.append(dict(
                id=task_id, notice_id=notice_id, status=status, created_at=closed_at, months_after_end=month,
                opens_on=opens_on, response_due=due, next_step=values.get("next_step", ""),
                next_step_date=values.get("next_step_date"), stop_reason=values.get("stop_reason", ""),
                answered_by_id=answer[2] if answer and answer[0] != "lapse" else None,
            ))
            if answer is not None:
                action, moment, actor, note = answer
                target = FOLLOW_UP_WORKFLOW.transition(action).target
                self.event("follow_up", task_id, action, "open", target, actor, moment, note)
            else:
                self.clock_events(FOLLOW_UP_WORKFLOW, task_id, "open", due)
        return found_job, rows

    def outcome_label_nl(self, outcome: str) -> str:
        """The timeline note of a closing or a "werk gevonden" answer: stored in Dutch (outcome_note)."""
        with force_locale("nl"):
            return str(OUTCOMES[outcome])

    def _follow_up_months(self) -> list[int]:
        if not hasattr(self, "_months"):
            self._months = follow_up_months()
        return self._months
