"""The stepped notice form on a phone (320 px), keyboard only: an employer answers two steps and
leaves; a colleague of the same organisation carries on where it was left, changes an answer from
the check page and files it. Every step gets the accessibility checks and a 320 px screenshot in
e2e/artifacts (notice-steps-*-320px.png)."""
from datetime import date

from babel.dates import format_date
from playwright.sync_api import Page, expect

from e2e.a11y import NARROW, check_page, screenshot
from e2e.helpers import free_employments
from e2e.keyboard import activate, tab_to, type_date, type_into

COLLEAGUE = "p.kok@delinde.example"  # Peter Kok, De Linde, like the demo employer


def next_step(page: Page) -> None:
    activate(page, page.get_by_role("button", name="Opslaan en verder"))


def at_step(page: Page, title: str, shot: str) -> None:
    expect(page.get_by_role("heading", level=1)).to_have_text(title)
    check_page(page, f"notice-steps-{shot}")
    screenshot(page, f"notice-steps-{shot}-320px")


def test_stepped_form_keyboard_only_at_320px_left_and_finished_by_a_colleague(
        employer: Page, other_page: Page, login, app, today: date):
    page = employer
    page.set_viewport_size(NARROW)
    employee = free_employments(app, today, temporary=False)[0]
    page.goto(f"/contracten/{employee['employment_id']}/einde-melden")

    # --- Step 1 of 5, keyboard only: the date as three boxes, a reason, who took the initiative.
    expect(page.get_by_text("stap 1 van 5")).to_be_visible()
    at_step(page, "Het einde van het werk", "1-end")
    end = date(today.year + 1, 1, 31) if today.month > 6 else date(today.year, 12, 31)
    type_date(page, page.get_by_role("group", name="Wanneer stopt het werk?"), end)
    tab_to(page, page.get_by_label("Wat is de reden?"))
    page.keyboard.type("Be")  # typing picks the option of a focused select (ASCII: "ë" is inserted as text)
    expect(page.get_by_label("Wat is de reden?")).to_have_value("mutual_agreement")
    tab_to(page, page.get_by_role("group", name="Wie nam het initiatief?").get_by_label("Werkgever"))
    page.keyboard.press("Space")
    next_step(page)

    # --- Step 2: one note typed, then "save and continue later".
    at_step(page, "Wat weet u over de werknemer?", "2-handover")
    type_into(page, page.get_by_label("Sterke kanten"), "Rustig & precies <altijd>.")
    activate(page, page.get_by_role("button", name="Opslaan en later verder"))
    saved = page.get_by_role("status").filter(has_text="Uw concept is opgeslagen")
    expect(saved).to_be_focused()  # the confirmation is read out
    check_page(page, "notice-steps-saved-draft")

    # --- A colleague at 320 px resumes from the list: at step 2, with the note kept.
    login(other_page, COLLEAGUE)
    other_page.set_viewport_size(NARROW)
    other_page.goto("/meldingen")
    activate(other_page, other_page.get_by_role("link", name=f"Verder invullen ({employee['name']})"))
    expect(other_page.get_by_text("U gaat verder met het concept van Marieke Jansen")).to_be_visible()
    at_step(other_page, "Wat weet u over de werknemer?", "3-resumed")
    expect(other_page.get_by_label("Sterke kanten")).to_have_value("Rustig & precies <altijd>.")
    next_step(other_page)

    # --- Step 3: no consent yet, so no date is asked; step 4: no refill, so no job details.
    at_step(other_page, "Toestemming van de werknemer", "4-consent")
    next_step(other_page)
    at_step(other_page, "De plek opnieuw invullen", "5-refill")
    refill = other_page.get_by_role("group", name="Wilt u de plek opnieuw invullen?")
    tab_to(other_page, refill.get_by_label("Ja", exact=True))  # Tab enters a radio group at its first option
    other_page.keyboard.press("ArrowDown")  # the arrow moves to "Nee" and chooses it
    expect(refill.get_by_label("Nee", exact=True)).to_be_checked()
    next_step(other_page)

    # --- Check your answers; change consent from here, which now asks its date, then back here.
    at_step(other_page, "Controleer uw melding", "6-check")
    expect(other_page.get_by_text("Rustig & precies <altijd>.")).to_be_visible()
    activate(other_page, other_page.get_by_role("link", name="Wijzigen De werknemer vindt het goed dat UWV deze notities leest"))
    expect(other_page.get_by_role("heading", level=1)).to_have_text("Toestemming van de werknemer")
    # The link leads to the answer itself (#consent_given): the box before it is one Shift+Tab back.
    tab_to(other_page, other_page.get_by_label("Ik heb deze notities met de werknemer besproken"), backwards=True)
    other_page.keyboard.press("Space")
    tab_to(other_page, other_page.get_by_label("De werknemer vindt het goed dat UWV deze notities leest"))
    other_page.keyboard.press("Space")
    expect(other_page.get_by_label("Ik heb deze notities met de werknemer besproken")).to_be_checked()
    expect(other_page.get_by_label("De werknemer vindt het goed dat UWV deze notities leest")).to_be_checked()
    next_step(other_page)
    at_step(other_page, "Datum van de toestemming", "7-consent-date")
    type_date(other_page, other_page.get_by_role("group", name="Wanneer gaf de werknemer toestemming?"), today)
    next_step(other_page)
    expect(other_page.get_by_role("heading", level=1)).to_have_text("Controleer uw melding")
    answers = other_page.locator("dl.check-answers")
    expect(answers.first).to_contain_text("Beëindiging met wederzijds goedvinden")
    expect(answers.nth(2)).to_contain_text(format_date(today, "EEEE d MMMM y", locale="nl"))  # the consent date
    activate(other_page, other_page.get_by_role("button", name="Melding versturen"))

    expect(other_page.get_by_role("heading", level=1)).to_have_text(f"Melding: {employee['name']}")
    expect(other_page.get_by_role("status").filter(has_text="Uw melding is verstuurd")).to_be_focused()
    check_page(other_page, "notice-steps-8-filed")
    screenshot(other_page, "notice-steps-8-filed-320px")
