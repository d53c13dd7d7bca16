"""The report's measures (chapter 3) on a small hand-made history whose figures are worked out
below by hand: the Kaplan–Meier curve split by job coach, job-to-job, job duration, plan start."""
import re
from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
import time_machine
from sqlalchemy import update

from portal.extensions import db
from portal.insights.next_job import cumulative_share
from portal.models import ContractEndNotice
from portal.notices import notice_service as notices
from portal.notices import outcome_service as outcomes
from portal.notices.outcome_rules import NEW_JOB, OutcomeInput
from tests.conftest import login
from tests.factories import build_world, make_employment, make_notice

TODAY = date(2026, 12, 31)
# Ends up to March 2027: a job that has not ended by today is not in the curve yet.
PERIOD = {"date_from": "2026-01-01", "date_until": "2027-03-31"}
LONG_AGO = date(2025, 1, 1)


def at(day, hour=9):
    return time_machine.travel(datetime(day.year, day.month, day.day, hour, tzinfo=UTC), tick=False)


def ended_job(world, coach, job_start, end, *, close=None, new_start=None, plan=None, withdraw=False):
    """One employment and its notice, moved along by the real services (the AD's close form checks
    the new job's start against the end date: "job_to_job" and "later_job" are derived)."""
    with at(date(2026, 2, 5)):
        employment = make_employment(world.org_a, world.loc_a, world.ad1, start=job_start, end=end)
        employment.job_coach_type = coach
        db.session.commit()
        notice = make_notice(world.employer_a, employment, refill=False, expected_end_date=end)
    if withdraw:
        with at(date(2026, 2, 6)):
            notices.withdraw(world.employer_a, notice, "Toch verlengd.")
        db.session.commit()
        return notice
    with at(date(2026, 2, 6)):
        notices.acknowledge(world.ad1, notice)
        if plan:
            notices.record_plan(world.ad1, notice, "naar_werk", plan, "")
    if close:
        closed_on, outcome = close
        if new_start:
            data = OutcomeInput(NEW_JOB, start_date=new_start, employer_name="Bakkerij Om de Hoek",
                                hours=Decimal(24), contract_type="temporary")
        else:
            data = OutcomeInput(outcome)
        with at(closed_on):
            outcomes.close(world.ad1, notice, data, closed_on)
    db.session.commit()
    return notice


@pytest.fixture
def history():
    with at(date(2026, 2, 5)):
        world = build_world()
    # Days from the end to the new job (event) or to the last day known (censored, "c"):
    # no job coach: A 1, C c46 (closed without a job: still looking today), B 76, D2 c100 (open), D c184 (open)
    ended_job(world, "none", date(2026, 2, 1), date(2026, 3, 31), close=(date(2026, 4, 2), "job_to_job"),
              new_start=date(2026, 4, 1), plan=date(2026, 3, 20))                       # A: 58-day job
    ended_job(world, "none", LONG_AGO, date(2026, 3, 31), close=(date(2026, 6, 16), "later_job"),
              new_start=date(2026, 6, 15), plan=date(2026, 5, 15))                      # B
    ended_job(world, "none", date(2026, 9, 1), date(2026, 11, 15),
              close=(date(2026, 11, 20), "back_on_benefit"))                            # C: 75-day job
    ended_job(world, "none", LONG_AGO, date(2026, 9, 22))                                # D2
    ended_job(world, "none", LONG_AGO, date(2026, 6, 30), plan=date(2026, 9, 1))         # D
    # external job coach: E 5, F c245 (open); internal: G 122
    ended_job(world, "external", LONG_AGO, date(2026, 4, 30), close=(date(2026, 5, 6), "job_to_job"),
              new_start=date(2026, 5, 5), plan=date(2026, 5, 10))                       # E
    ended_job(world, "external", LONG_AGO, date(2026, 4, 30))                            # F
    ended_job(world, "internal", LONG_AGO, date(2026, 5, 31), close=(date(2026, 10, 1), "later_job"),
              new_start=date(2026, 9, 30))                                               # G
    # Left out: the job went on (withdrawn, extended), or has not ended by today.
    ended_job(world, "none", LONG_AGO, date(2026, 5, 15), withdraw=True)
    ended_job(world, "none", LONG_AGO, date(2026, 5, 15), close=(date(2026, 5, 18), "extended"))
    ended_job(world, "external", LONG_AGO, date(2027, 1, 30))
    return world


def cells(page, label):
    row = page.split(f'<th scope="row">{label}</th>', 1)[1].split("</tr>", 1)[0]
    return [re.sub(r"<[^>]+>", "", cell).strip() for cell in re.findall(r"<td>(.*?)</td>", row)]


def report_page(client, user):
    with at(TODAY, 12):
        login(client, user)
        return client.get("/inzicht", query_string=PERIOD).get_data(as_text=True)


def test_the_curve_by_job_coach_worked_out_by_hand(client, history):
    page = report_page(client, history.admin)
    # All 8: at 1 day 7/8 left; at 5 days ×6/7 = 3/4; at 76 days 5 at risk (C left at 46): ×4/5 = 3/5;
    # at 122 days 3 at risk: ×2/3 = 2/5. Share with a job = 1 − that. Followed until 245 days at most.
    # No coach (5): 4/5 after A; at 76 days 3 at risk: ×2/3 = 8/15 -> 7/15 = 47%; followed until 184.
    # External (2): 1/2 after E; followed until 245. Internal (1): G at 122 days, then everyone has work.
    # Columns: all, none, internal, external, still followed (all), then the report's none/external/internal.
    expected = {
        "direct (binnen een week)": ["25%", "20%", "0%", "50%", "6", "29%", "25%", "27%"],
        "1": ["25%", "20%", "0%", "50%", "6", "36%", "30%", "31%"],
        "3": ["40%", "47%", "0%", "50%", "4", "48%", "43%", "41%"],  # 91 days
        "4": ["40%", "47%", "0%", "50%", "3", "", "", ""],  # 121 days: G not yet
        "5": ["60%", "47%", "100%", "50%", "2", "", "", ""],  # 152 days
        "6": ["60%", "47%", "100%", "50%", "2", "58%", "54%", "50%"],  # 182 days
        "7": ["60%", "geen gegevens", "100%", "50%", "1", "", "", ""],  # 213 > 184: none unknown
        "8": ["60%", "geen gegevens", "100%", "50%", "1", "", "", ""],  # 243 <= 245
        "9": ["geen gegevens", "geen gegevens", "100%", "geen gegevens", "0", "", "", ""],
        "12": ["geen gegevens", "geen gegevens", "100%", "geen gegevens", "0", "68%", "67%", "63%"],
    }
    for month, values in expected.items():
        assert cells(page, month) == values, month
    assert "Van de 8 banen die in deze periode stopten" in page


def test_the_other_measures_worked_out_by_hand(client, history):
    page = report_page(client, history.admin)
    # Columns: all, none, internal, external, the report.
    assert cells(page, "Banen geëindigd") == ["8", "5", "1", "2", ""]
    # A new job within a month of the end: A and E (B, G later).
    assert cells(page, "Direct van werk naar werk (nieuwe baan binnen een maand; onderzoek: met externe jobcoach)") == ["25%", "20%", "0%", "50%", "30%"]
    # Jobs of 58 (A) and 75 (C) days, the others from 1 January 2025: 454, 629, 545, 484, 484, 515 days.
    # All: 3244 / 8 = 405.5 days = 13.3 months (of 365.25 / 12 days); no coach: 1761 / 5 = 352.2 = 11.6.
    assert cells(page, "Gemiddelde duur van de geëindigde baan") == [
        "13,3 maanden", "11,6 maanden", "16,9 maanden", "15,9 maanden", "16,0 maanden"]
    assert cells(page, "Baan korter dan 3 maanden") == ["25%", "40%", "0%", "0%", "26%"]
    # Plans start 11 days before (A), 45 (B), 63 (D) and 10 (E) days after the end: median 10.
    assert cells(page, "Tijd van einde werk tot start van het plan (mediaan)") == [
        "10,0 dagen", "45,0 dagen", "geen gegevens", "10,0 dagen", ""]
    # Within a month of the end: A and E of 8.
    assert cells(page, "Plan gestart binnen een maand na het einde") == ["25%", "20%", "0%", "50%", "4%"]
    assert "Onbeperkt aan het werk in de Wajong" in page  # the source beside the figures


def test_csv_of_the_curve_and_the_measures(client, history):
    with at(TODAY, 12):
        login(client, history.admin)
        curve = client.get("/inzicht/naar-werk.csv", query_string=PERIOD).get_data(as_text=True)
        measures = client.get("/inzicht/rapportmaten.csv", query_string=PERIOD).get_data(as_text=True)
    lines = curve.lstrip("\ufeff").splitlines()
    assert lines[0].startswith("Maanden na einde werk;Iedereen: met nieuw werk (%);Geen jobcoach")
    assert lines[1] == "0;25,0;20,0;0,0;50,0;6;29,0;25,0;27,0"
    assert lines[6] == "5;60,0;46,7;100,0;50,0;2;;;"
    assert lines[10] == "9;;;100,0;;0;;;"
    assert "Onbeperkt aan het werk in de Wajong" in lines[-1]
    assert "Baan korter dan 3 maanden;25,0;40,0;0,0;0,0;26,0;%" in measures


def test_each_viewer_sees_the_measures_of_their_own_part(client, history):
    world = history
    page = report_page(client, world.employer_b)  # none of these jobs are at organisation B
    assert cells(page, "Banen geëindigd") == ["0", "0", "0", "0", ""]
    assert "Er is nog geen werk dat in deze periode stopte." in page


def test_kaplan_meier_unit():
    # (days, found a job): 3 of 4 followed; one censored at 2 days.
    observations = [(1, True), (2, False), (3, True), (3, True)]
    # day 1: 1 of 4 -> 3/4 left; day 3: 2 of 2 -> 0 left.
    assert cumulative_share(observations, [0, 1, 2, 3, 10]) == [0.0, 0.25, 0.25, 1.0, 1.0]
    assert cumulative_share([(5, False)], [0, 5, 6]) == [0.0, 0.0, None]
    assert cumulative_share([], [0]) == [None]


def test_an_older_closing_without_start_date_counts_from_its_closing(client):
    with at(date(2026, 2, 5)):
        world = build_world()
    # Closed as a new job 20 days after the end, without the start date (before this version the
    # close form did not ask for it; such rows are in the database).
    older = ended_job(world, "none", LONG_AGO, date(2026, 3, 31), close=(date(2026, 4, 20), "later_job"),
                      new_start=date(2026, 4, 20))
    db.session.execute(update(ContractEndNotice).where(ContractEndNotice.id == older.id)
                       .values(new_job_start_date=None))
    db.session.commit()
    # Closed before the end with a new job that starts after today: still looking today.
    ended_job(world, "none", LONG_AGO, date(2026, 11, 30), close=(date(2026, 11, 1), "job_to_job"),
              new_start=date(2027, 1, 4))
    page = report_page(client, world.admin)
    assert "Bij 1 afgeronde meldingen met een nieuwe baan ontbreekt de startdatum" in page
    # 20 days: 1 of 2 at risk; the other followed until today (31 days).
    assert cells(page, "1")[:2] == ["50%", "50%"]
    # Job-to-job: the first (20 days), not the second (a month has passed without a start): 1 of 2.
    assert cells(page, "Direct van werk naar werk (nieuwe baan binnen een maand; onderzoek: met externe jobcoach)")[:2] == ["50%", "50%"]


def test_the_measures_work_on_the_national_dataset(client):
    """The national dataset at a small scale (tests/test_seed_national.py): every figure is there and
    sane. Its new-job closings carry their start dates, so none counts from the closing date."""
    from portal import seed_national
    from portal.formatting import local_today
    from portal.insights import next_job
    from portal.insights.scope import scope_for
    from portal.models import User
    from tests import factories

    seed_national.load(db.session, scale=0.03, seed=7, password=factories.PASSWORD)
    db.session.commit()
    admin = db.session.scalar(db.select(User).where(User.role == "admin").limit(1))
    today = local_today()
    figures = next_job.compute(scope_for(admin), date(2000, 1, 1), today, today)
    total = figures.measures["all"]
    assert total.ended >= 100
    assert sum(figures.measures[group].ended for group in ("none", "internal", "external")) == total.ended
    for group in next_job.GROUPS:
        known = [share for share in figures.curves[group] if share is not None]
        assert known and known == sorted(known) and all(0 <= share <= 1 for share in known), group
    assert figures.starts_from_closing == 0
    assert 0 < total.job_to_job_share < 1 and 0 <= total.duration_under_3_months_share < 1
    assert total.plan_within_month_share is not None and total.plan_median_days is not None
    db.session.execute(update(User).where(User.id == admin.id).values(totp_secret=factories.TOTP_SECRET))
    db.session.commit()
    login(client, admin)
    page = client.get("/inzicht", query_string={"date_from": "2022-01-01"})
    assert page.status_code == 200 and "Kaplan-Meier" in page.get_data(as_text=True)
    assert client.get("/inzicht/rapportmaten.csv").status_code == 200
