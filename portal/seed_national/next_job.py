"""When the leaver of a national notice starts a next job, and what that job is.

The delay is drawn per kind of job coach from the seed report's table 3.1 (the share with a next
job within a week, a month, 3 and 6 months and 1 to 4 years of the end), so that the insights'
Kaplan–Meier curve on the national dataset follows the report. Between the table's points the
share grows linearly; after four years the rest (about 15%) never finds a job.

Also the report's other facts the dataset must show: 26% of the ended jobs lasted under 3 months
(mean about 16 months), and paid help starts within a month of the end in under 5% of cases,
usually only after 3 or more months without work (section 3.5).
"""
from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from portal.insights.report_figures import TABLE_3_1
from portal.notices.outcome_rules import outcome_for
from portal.seed_national.data import SECTORS

DAYS_PER_MONTH = 365.25 / 12
DIRECT_EARLIEST_DAYS = -14  # a "direct" job may start a little before the old one ends
# The table's points in days after the end (month 0: within a week).
_POINTS = {coach: [(7 if month == 0 else round(month * DAYS_PER_MONTH), share) for month, share in sorted(rows.items())]
           for coach, rows in TABLE_3_1.items()}

LATER_JOB_DAYS = 31  # past this the AD keeps the case open (with a plan) until the job starts, mostly
EXTENDED_SHARE = 0.08  # "contract toch verlengd": the job did not end after all
NO_JOB_OUTCOMES = (["back_on_benefit", "other"], [75, 25])
NO_NEW_JOB = dict(new_job_start_date=None, new_employer_id=None, new_employer_name="", new_job_hours=None,
                  new_job_contract_type=None)
SHORT_JOB_SHARE = 0.26  # annex I: ended jobs that lasted under 3 months
SHORT_JOB_DAYS = (21, 88)
LONGER_JOB_DAYS = (120, 1_150)  # with the short ones: a mean of about 16 months
PLAN_WITHIN_MONTH_SHARE = 0.05  # of the plans with a service; with "geen actie" and no plan: about 4% overall
NEW_JOB_CONTRACTS = (["temporary", "permanent", "agency"], [55, 20, 25])
NEW_JOB_HOURS = [12, 16, 20, 24, 24, 28, 32, 36]
OUTSIDE_EMPLOYERS = ["Gemeente {city}", "{sector} {city}", "Sociale Werkvoorziening {city}", "{sector} Nederland",
                     "Stichting Werk en Zorg {city}"]


class _NextJob:
    """Mixed into the generator."""

    def next_job_delay(self, coach: str) -> int | None:
        """Days from the end to the next job's start, or None: no job within four years."""
        points = _POINTS.get(coach, _POINTS["none"])
        draw = self.rng.random()
        if draw < points[0][1]:
            return self.rng.randint(DIRECT_EARLIEST_DAYS, points[0][0])
        for (low_day, low_share), (high_day, high_share) in zip(points, points[1:], strict=False):
            if draw < high_share:
                return round(low_day + (draw - low_share) / (high_share - low_share) * (high_day - low_day))
        return None

    def ending(self, last_day: date, end: date, delay: int | None) -> tuple[date, str, date | None, date | None]:
        """(closing day, outcome, the new job's start known at closing, the start of the job the
        person finds at all). A direct job, and mostly a later one, is awaited with the case open
        and closed with its job; otherwise the AD closes without one and nazorg learns of it."""
        rng = self.rng
        if rng.random() < EXTENDED_SHARE:
            return max(last_day, end) + timedelta(days=rng.randint(0, 45)), "extended", None, None
        start = end + timedelta(days=delay) if delay is not None and delay <= 2 * 365 else None
        if start is not None and (delay <= LATER_JOB_DAYS or delay > 6 * DAYS_PER_MONTH or rng.random() < 0.5):
            closing = max(last_day, start + timedelta(days=rng.randint(-14, 20)))
            if closing < end and start < closing:  # before the end only with a start still to come
                closing = end
            return closing, outcome_for(end, start), start, start
        closing = max(last_day, end) + timedelta(days=rng.randint(0, 45))
        if start is not None and start <= closing:
            return closing, outcome_for(end, start), start, start
        return closing, rng.choices(*NO_JOB_OUTCOMES)[0], None, start

    def contract_days(self) -> int:
        return self.rng.randint(*(SHORT_JOB_DAYS if self.rng.random() < SHORT_JOB_SHARE else LONGER_JOB_DAYS))

    def plan_start(self, end: date) -> date:
        """Paid help rarely starts within a month of the end; mostly after 3 months without work."""
        if self.rng.random() < PLAN_WITHIN_MONTH_SHARE:
            return end + timedelta(days=self.rng.randint(-20, 28))
        return end + timedelta(days=self.rng.choice([self.rng.randint(35, 90), self.rng.randint(91, 270),
                                                     self.rng.randint(91, 270)]))

    def new_job(self, org_id: int, start: date) -> dict:
        """The notice's new-job fields, as the closing form or a nazorg answer records them."""
        rng = self.rng
        employer_id, employer_name = None, ""
        if rng.random() < 0.25 and len(self.org_ids) > 1:
            employer_id = rng.choice(self.org_ids)
            if employer_id == org_id:
                employer_id = self.org_ids[(self.org_ids.index(org_id) + 1) % len(self.org_ids)]
        else:
            city = rng.choice(list(self.municipality_by_name)) if self.municipality_by_name else "Utrecht"
            employer_name = rng.choice(OUTSIDE_EMPLOYERS).format(city=city, sector=rng.choice(SECTORS))
        return dict(
            new_job_start_date=start, new_employer_id=employer_id,
            new_employer_name=employer_name, new_job_hours=Decimal(rng.choice(NEW_JOB_HOURS)),
            new_job_contract_type=rng.choices(*NEW_JOB_CONTRACTS)[0],
        )
