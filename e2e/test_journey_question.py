"""Journey (issue 16.3): an employer's "ik twijfel" question reaches the AD, who answers in its thread;
the employer then turns it into a notice, and the question's text is carried over."""
from datetime import date, timedelta

from playwright.sync_api import Page, expect

from e2e.a11y import check_page
from e2e.helpers import EMPLOYER_KVK, date_parts, file_notice_in_steps, fill_date


def free_contract_without_question(app, today: date) -> dict:
    """A De Linde temporary contract without a notice, draft or question, for this test alone."""
    from sqlalchemy import select

    from e2e.helpers import free_employments
    from portal.extensions import db
    from portal.models import EarlyQuestion

    with app.app_context():
        asked = set(db.session.scalars(select(EarlyQuestion.employment_id)))
    free = [e for e in free_employments(app, today, temporary=True)
            if e["employment_id"] not in asked and e["end_date"] is not None]
    assert free, f"no free temporary contract of {EMPLOYER_KVK} left in the demo data"
    return free[0]


def test_an_employers_doubt_becomes_a_notice(employer: Page, other_page: Page, app, today: date, login):
    page = employer
    contract = free_contract_without_question(app, today)
    name = contract["name"]
    worry = "Sinds de nieuwe planning maakt de werknemer vaker fouten. Verlengen we, of past ander werk beter?"

    # --- From the employee's row: "Ik twijfel". First without text and with a date in the past.
    page.get_by_label("Zoek op naam of personeelsnummer").fill(contract["personnel_number"])
    page.get_by_role("button", name="Zoeken").click()
    page.get_by_role("link", name=f"Ik twijfel over {name}").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Ik twijfel: {name}")
    check_page(page, "question-01-form")
    fill_date(page, "Wanneer moet u beslissen?", today - timedelta(days=1))
    page.get_by_role("button", name="Vraag versturen").click()
    summary = page.get_by_role("alert").filter(has_text="Er ging iets mis")
    expect(summary.get_by_role("link", name="Schrijf waar u over twijfelt.")).to_be_visible()
    expect(summary.get_by_role("link", name="De datum van uw beslissing kan niet in het verleden liggen.")).to_be_visible()
    check_page(page, "question-02-form-errors")

    page.get_by_label("Waar twijfelt u over?").fill(worry)
    fill_date(page, "Wanneer moet u beslissen?", today + timedelta(days=21))
    page.get_by_role("button", name="Vraag versturen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Vraag om mee te denken: {name}")
    expect(page.get_by_role("status").filter(has_text="Uw vraag is verstuurd")).to_be_visible()
    expect(page.locator(".status").first).to_have_text("Wacht op antwoord")
    question_url = page.url
    check_page(page, "question-03-asked")

    # --- The AD finds it in the inbox, with its deadline, and answers in the thread.
    from sqlalchemy import select

    from portal.extensions import db
    from portal.models import CaseworkerAssignment

    with app.app_context():
        ad_email = db.session.scalars(select(CaseworkerAssignment).where(
            CaseworkerAssignment.employee_id == contract["employee_id"],
            CaseworkerAssignment.valid_until.is_(None))).one().ad.email
    login(other_page, ad_email)
    other_page.goto("/inbox")
    card = other_page.locator("li.card", has_text=f"twijfelt over het werk van {name}")
    expect(card.get_by_text("Reactie uiterlijk")).to_be_visible()
    check_page(other_page, "question-04-ad-inbox")
    card.get_by_role("link").click()
    expect(other_page.get_by_text(worry)).to_be_visible()
    other_page.get_by_label("Nieuw bericht").fill("Goed dat u het vraagt. Ik bel u morgen over aanpassingen.")
    other_page.get_by_role("button", name="Bericht versturen").click()
    expect(other_page.locator(".status").first).to_have_text("Beantwoord")
    check_page(other_page, "question-05-ad-answered")

    # --- The employer reads the answer and decides: the question becomes a notice.
    page.goto(question_url)
    expect(page.get_by_text("Ik bel u morgen over aanpassingen.")).to_be_visible()
    page.get_by_role("button", name="Melding maken van deze vraag").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Het einde van het werk")  # the notice's first step
    expect(page.get_by_label("Toelichting op de reden")).to_have_value(worry)
    end = contract["end_date"]
    assert date_parts(page, "Wanneer stopt het werk?") == (str(end.day), str(end.month), str(end.year))
    check_page(page, "question-06-notice-prefilled")
    file_notice_in_steps(page, today, consent=False, refill=None)
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Melding: {name}")
    expect(page.get_by_text(worry)).to_be_visible()

    # --- The question now says so, and links to the notice; the AD sees the same.
    page.goto(question_url)
    expect(page.locator(".status").first).to_have_text("Melding geworden")
    page.get_by_role("link", name="Deze vraag is een melding geworden. Bekijk de melding.").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Melding: {name}")
    other_page.goto(question_url)
    expect(other_page.locator(".status").first).to_have_text("Melding geworden")
    check_page(other_page, "question-07-ad-sees-converted")
