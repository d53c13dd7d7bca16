"""The demo's jobs that already ended, so that /inzicht shows the time-to-next-job curve split by
job coach: leavers of Zorggroep Horizon whose work stopped in the past year, some with a new job
after different delays (closed by their AD through the real outcome service) and some still
looking (closed without a new job; the first nazorg question answered "nog niet").

Horizon, not De Linde: the browser tests take De Linde's free contracts. None of these leaves an
open item in an inbox today: a closed notice is not in the inbox, and the nazorg questions still
open are asked later. Called by seed_demo inside its transaction.
"""
from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from portal.extensions import db
from portal.models import CaseworkerAssignment, Employee, Employment
from portal.notices import notice_service as notices
from portal.notices import outcome_service as outcomes
from portal.notices.follow_up_service import FollowUpAnswer, answer, follow_ups_of
from portal.notices.outcome_rules import OutcomeInput

# (name, job coach, days since the work stopped, days from the end to the new job or None: still looking)
ENDED_JOBS = [
    ("Bo van Rijn", "external", 300, 3),
    ("Chris Hoekstra", "external", 280, 45),
    ("Dewi Santoso", "external", 260, 120),
    ("Elif Demir", "external", 200, None),
    ("Floor Mertens", "none", 320, 0),
    ("Gerrit Kramer", "none", 240, 20),
    ("Hanna Wouters", "none", 210, 75),
    ("Ismail Bouzid", "none", 330, 200),
    ("Jet Zwart", "none", 100, None),
    ("Kees Timmer", "internal", 290, 10),
    ("Lotte Verbeek", "internal", 270, 150),
    ("Mo Haddou", "internal", 250, None),
    ("Nina Prins", "internal", 60, None),
]
NEW_EMPLOYERS = ["Gemeente Rotterdam", "Supermarkt De Hoek", "Wasserij Schiedam", "Kringloop Delfshaven"]


def load_ended_jobs(location, ad, backup, employer, today: date, file_notice) -> None:
    for number, (name, coach, days_ago, delay) in enumerate(ENDED_JOBS, start=1):
        end = today - timedelta(days=days_ago)
        employment = _ended_employment(location, ad, backup, number, name, coach, end)
        notice = file_notice(employer, employment, today, refill=False, end=end)
        notices.acknowledge(ad, notice)
        notices.record_plan(ad, notice, "naar_werk", end + timedelta(days=90), "")
        if delay is not None:
            outcomes.close(ad, notice, OutcomeInput(
                "new_job", "Gevonden met hulp van Naar werk.", start_date=end + timedelta(days=delay),
                employer_name=NEW_EMPLOYERS[number % len(NEW_EMPLOYERS)], hours=Decimal("24"),
                contract_type="temporary"), today)
            continue
        outcomes.close(ad, notice, OutcomeInput("back_on_benefit", "Nog geen nieuwe baan; Naar werk loopt."), today)
        # The questions whose day has passed are asked today, once; the AD answers at once.
        first = follow_ups_of(notice)[0]
        answer(ad, first, FollowUpAnswer("not_yet", next_step="Sollicitatiegesprek via Naar werk.",
                                         next_step_date=today + timedelta(days=21)), today)


def _ended_employment(location, ad, backup, number, name, coach, end) -> Employment:
    employee = Employee(organisation=location.organisation, personnel_number=f"H{2000 + number}", name=name,
                        date_of_birth=date(1996, 1, 1) + timedelta(days=97 * number))
    employment = Employment(
        employee=employee, location=location, job_title="Medewerker facilitaire dienst", hours_per_week=Decimal(20),
        contract_type="temporary", start_date=end - timedelta(days=150 + 40 * number), end_date=end,
        job_coach_type=coach,
    )
    if coach == "external":
        employment.job_coach_organisation, employment.job_coach_name = "Jobcoach Plus", "Willem Brands"
    db.session.add_all([employee, employment, CaseworkerAssignment(employee=employee, ad=ad, backup_ad=backup)])
    db.session.flush()
    return employment
