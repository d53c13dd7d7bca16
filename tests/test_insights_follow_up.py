"""Nazorg counted in the insights (issue 15.2): a hand-made history, moved along by the real
services with the clock set, and every number on /inzicht and in its CSV worked out by hand."""
import re
from datetime import UTC, date, datetime, timedelta

import pytest
import time_machine

from portal.extensions import db
from portal.notices import notice_service as notices
from portal.notices import outcome_service as outcomes
from portal.notices.follow_up_service import FollowUpAnswer, answer, follow_ups_of
from portal.notices.outcome_rules import OutcomeInput
from tests.conftest import login
from tests.factories import build_world, make_employment, make_notice, new_job

TODAY = date(2026, 12, 31)
PERIOD = {"date_from": "2026-01-01", "date_until": "2026-12-31"}  # the previous period: 2025


def at(day, hour=9):
    return time_machine.travel(datetime(day.year, day.month, day.day, hour, tzinfo=UTC), tick=False)


def closed_without_job(world, end, closed_on, outcome="back_on_benefit"):
    with at(end - timedelta(days=20)):
        employment = make_employment(world.org_a, world.loc_a, world.ad1, start=date(2024, 1, 1), end=end)
        db.session.commit()
        notice = make_notice(world.employer_a, employment, refill=False, expected_end_date=end)
        notices.acknowledge(world.ad1, notice)
        db.session.commit()
    with at(closed_on):
        outcomes.close(world.ad1, notice, OutcomeInput(outcome, ""), closed_on)
        db.session.commit()
    return notice


def reply(world, notice, number, day, data):
    with at(day):
        answer(world.ad1, follow_ups_of(notice)[number], data, day)
        db.session.commit()


def not_yet(day):
    return FollowUpAnswer("not_yet", next_step="Gesprek over Naar werk.", next_step_date=day + timedelta(days=20))


def found(notice, start):
    return FollowUpAnswer("found_job", job=new_job(notice, (start - notice.expected_end_date).days))


@pytest.fixture
def history():
    with at(date(2025, 9, 1)):
        world = build_world()
        world.org_a.pso_valid_until = date(2028, 1, 1)  # the certificate holds through the history
        db.session.commit()
    # N4: asked 30 Nov 2025 (previous period: "nog niet"), 31 Jan 2026 ("werk gevonden"); +6 lapses unasked.
    n4 = closed_without_job(world, date(2025, 10, 31), date(2025, 11, 3))
    reply(world, n4, 0, date(2025, 12, 2), not_yet(date(2025, 12, 2)))
    reply(world, n4, 1, date(2026, 2, 2), found(n4, date(2026, 1, 15)))
    # N1: asked 30 Apr ("nog niet") and 30 Jun ("werk gevonden"); the question of 30 Sep lapses unasked.
    n1 = closed_without_job(world, date(2026, 3, 31), date(2026, 4, 2))
    reply(world, n1, 0, date(2026, 5, 4), not_yet(date(2026, 5, 4)))
    reply(world, n1, 1, date(2026, 7, 2), found(n1, date(2026, 6, 15)))
    # N2: asked 30 Jun, "geen nazorg meer nodig"; the two later questions lapse unasked.
    n2 = closed_without_job(world, date(2026, 5, 31), date(2026, 6, 1), outcome="other")
    reply(world, n2, 0, date(2026, 7, 3), FollowUpAnswer("stop", reason="Verhuisd naar het buitenland."))
    # N3: asked 30 Oct (never answered: overdue today) and 30 Dec (deadline in January); 30 Mar 2027 not yet.
    closed_without_job(world, date(2026, 9, 30), date(2026, 10, 1))
    return world


def cells(page, label):
    row = page.split(f'<th scope="row">{label}</th>', 1)[1].split("</tr>", 1)[0]
    return [re.sub(r"<[^>]+>", "", cell).strip() for cell in re.findall(r"<td>(.*?)</td>", row)]


def report_page(client, user, path="/inzicht"):
    with at(TODAY, 12):
        client.post("/uitloggen")  # another viewer in the same test
        login(client, user)
        return client.get(path, query_string=PERIOD).get_data(as_text=True)


def test_follow_up_figures_worked_out_by_hand(client, history):
    page = report_page(client, history.admin)
    # This period / the previous one (2025).
    assert cells(page, "Nazorgvragen gesteld") == ["6", "1"]  # N4 1, N1 2, N2 1, N3 2 / N4's first
    assert cells(page, "Antwoord: werk gevonden") == ["2", "0"]  # N4, N1
    assert cells(page, "Antwoord: nog geen werk") == ["1", "1"]  # N1 / N4
    assert cells(page, "Antwoord: geen nazorg meer nodig") == ["1", "0"]  # N2
    assert cells(page, "Mensen met werk gevonden via nazorg") == ["2", "0"]
    assert cells(page, "Nazorgvragen met verlopen termijn (nu)") == ["1", "—"]  # N3's first


def test_follow_up_csv_and_english(client, history):
    csv_text = report_page(client, history.admin, "/inzicht/nazorg.csv").lstrip("\ufeff")
    lines = csv_text.splitlines()
    assert lines[0].startswith("Kerncijfer;")
    assert "Nazorgvragen gesteld;6;1;" in lines
    assert "Antwoord: werk gevonden;2;0;" in lines
    assert "Mensen met werk gevonden via nazorg;2;0;" in lines
    assert "Nazorgvragen met verlopen termijn (nu);1;;" in lines
    with at(TODAY, 12):
        login(client, history.admin)
        client.post("/taal", data={"language": "en", "next": "/inzicht"})
        english = client.get("/inzicht", query_string=PERIOD).get_data(as_text=True)
    assert "Follow-up questions asked" in english


def test_each_viewer_counts_the_follow_ups_of_their_own_part(client, history):
    assert cells(report_page(client, history.ad1), "Nazorgvragen gesteld") == ["6", "1"]
    assert cells(report_page(client, history.ad2), "Nazorgvragen gesteld") == ["0", "0"]
    assert cells(report_page(client, history.ad2), "Nazorgvragen met verlopen termijn (nu)") == ["0", "—"]


def test_the_former_employer_sees_no_follow_up_figures(client, history):
    """Nazorg is UWV's: the employer sees neither the questions nor, here, their counts."""
    page = report_page(client, history.employer_a)
    assert "Banen geëindigd" in page and "Nazorgvragen gesteld" not in page
    with at(TODAY, 12):
        assert client.get("/inzicht/nazorg.csv", query_string=PERIOD).status_code == 404
