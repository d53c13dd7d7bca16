"""Journey 1, keyboard only: the employer logs in, finds an employee, and files a notice with
handover notes, consent and a refill request. No mouse at all: Tab, Enter, Space, arrows, typing.
Every page state gets the axe, reflow and zoom checks (a11y.check_page)."""
from datetime import date

from playwright.sync_api import Page, expect

from e2e.a11y import ARTIFACTS, assert_focus_visible, check_page
from e2e.helpers import EMPLOYER, date_parts, free_employments
from e2e.keyboard import activate, tab_to, type_date, type_into


def test_employer_files_a_notice_with_the_keyboard_only(page: Page, app, password: str, today: date):
    employee = free_employments(app, today, temporary=True)[0]

    # --- Log in. The first Tab reaches the skip link, which is visible and moves focus to the content.
    page.goto("/inloggen")
    check_page(page, "employer-01-login")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Naar de inhoud")
    expect(skip).to_be_focused()
    assert_focus_visible(page)
    box = skip.bounding_box()
    assert box and box["x"] >= 0 and box["y"] >= 0 and box["width"] > 20, f"skip link not on screen when focused: {box}"
    page.screenshot(path=str(ARTIFACTS / "employer-01-login-skip-link-focused.png"))
    page.keyboard.press("Enter")
    expect(page.locator("main#inhoud")).to_be_focused()
    page.keyboard.press("Tab")  # the next stop is inside the content: the e-mail field, not the header
    expect(page.get_by_label("E-mailadres")).to_be_focused()

    page.keyboard.type(EMPLOYER)
    type_into(page, page.get_by_label("Wachtwoord", exact=True), password)
    page.keyboard.press("Enter")

    # --- The employee list; search by personnel number.
    expect(page.get_by_role("heading", level=1)).to_have_text("Uw medewerkers met een Wajong-uitkering")
    check_page(page, "employer-02-dashboard")
    type_into(page, page.get_by_label("Zoek op naam of personeelsnummer"), employee["personnel_number"])
    page.keyboard.press("Enter")
    expect(page.get_by_role("status").filter(has_text="gevonden")).to_have_text("1 medewerker gevonden.")
    expect(page.get_by_role("link", name=employee["name"], exact=True)).to_be_visible()
    check_page(page, "employer-03-dashboard-search")

    activate(page, page.get_by_role("link", name=f"Einde melden voor {employee['name']}"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Het einde van het werk")
    check_page(page, "employer-04-notice-form")

    # --- The stepped form. First try of step 1: the reason left empty. Focus moves to the error
    # summary, which lists the errors and links them to their fields.
    why = "Het project stopt — eerder dan gepland & <onverwacht>."
    type_into(page, page.get_by_label("Toelichting op de reden"), why)
    activate(page, page.get_by_role("button", name="Opslaan en verder"))
    summary = page.get_by_role("alert").filter(has_text="Er ging iets mis")
    expect(summary).to_be_focused()
    assert_focus_visible(page)
    expect(page).to_have_title("Fout: Het einde van het werk – Einde contract melden – Servicepunt Inclusief")
    expect(page.get_by_label("Toelichting op de reden")).to_have_value(why)  # what was typed is kept
    check_page(page, "employer-05-notice-form-errors")

    # The summary's link takes keyboard focus straight to the field.
    activate(page, summary.get_by_role("link", name="Kies een reden."))
    reason = page.get_by_label("Wat is de reden?")
    expect(reason).to_be_focused()
    assert_focus_visible(page)
    expect(reason).to_have_attribute("aria-invalid", "true")

    # The end date of this temporary contract is filled in already, in the three boxes.
    end = employee["end_date"]
    assert date_parts(page, "Wanneer stopt het werk?") == (str(end.day), str(end.month), str(end.year))
    page.keyboard.type("Beëindiging")  # typing picks the option of a focused select
    expect(reason).to_have_value("mutual_agreement")
    tab_to(page, page.get_by_role("group", name="Wie nam het initiatief?").get_by_label("Werkgever"))
    page.keyboard.press("Space")
    activate(page, page.get_by_role("button", name="Opslaan en verder"))

    # --- Step 2, the handover notes.
    notes = "Stekken verzorgen & de kas schoonhouden <elke dag>."
    expect(page.get_by_role("heading", level=1)).to_have_text("Wat weet u over de werknemer?")
    type_into(page, page.get_by_label("Taken en werkzaamheden"), notes)
    type_into(page, page.get_by_label("Sterke kanten"), "Rustig en precies.")
    activate(page, page.get_by_role("button", name="Opslaan en verder"))

    # --- Step 3, consent; its date is asked on the next page, only because consent is ticked.
    expect(page.get_by_role("heading", level=1)).to_have_text("Toestemming van de werknemer")
    tab_to(page, page.get_by_label("Ik heb deze notities met de werknemer besproken"))
    page.keyboard.press("Space")
    tab_to(page, page.get_by_label("De werknemer vindt het goed dat UWV deze notities leest"))
    page.keyboard.press("Space")
    activate(page, page.get_by_role("button", name="Opslaan en verder"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Datum van de toestemming")
    type_date(page, page.get_by_role("group", name="Wanneer gaf de werknemer toestemming?"), today)
    activate(page, page.get_by_role("button", name="Opslaan en verder"))

    # --- Step 4, the refill request; its details follow "Ja" (job title and hours prefilled).
    tab_to(page, page.get_by_role("group", name="Wilt u de plek opnieuw invullen?").get_by_label("Ja", exact=True))
    page.keyboard.press("Space")
    activate(page, page.get_by_role("button", name="Opslaan en verder"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Over de functie")
    expect(page.get_by_label("Functie")).not_to_have_value("")
    type_into(page, page.get_by_label("Wat vraagt het werk?"), "Zorgvuldig werken, buiten kunnen werken.")
    activate(page, page.get_by_role("button", name="Opslaan en verder"))

    # --- Check your answers, then send.
    expect(page.get_by_role("heading", level=1)).to_have_text("Controleer uw melding")
    expect(page.get_by_text(why)).to_be_visible()
    check_page(page, "employer-06-check-answers")
    activate(page, page.get_by_role("button", name="Melding versturen"))

    # --- The notice: sent, not read yet, the refill request waiting for an adviser. The
    # confirmation has focus, so a screen reader reads it out.
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Melding: {employee['name']}")
    confirmation = page.get_by_role("status").filter(has_text="Uw melding is verstuurd")
    expect(confirmation).to_be_focused()
    expect(page.get_by_text("Nieuw, nog niet gelezen", exact=True)).to_be_visible()
    expect(page.get_by_text("Nog niet gelezen door de arbeidsdeskundige.")).to_be_visible()
    expect(page.get_by_text("Wacht op een adviseur")).to_be_visible()
    expect(page.get_by_text(notes)).to_be_visible()
    check_page(page, "employer-06-notice-submitted")

    # --- Back to the list through the main menu: the employee now has a notice to look at.
    # The menu comes before the confirmation that has focus: back there with Shift+Tab.
    tab_to(page, page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Medewerkers"), backwards=True)
    page.keyboard.press("Enter")
    type_into(page, page.get_by_label("Zoek op naam of personeelsnummer"), employee["personnel_number"])
    page.keyboard.press("Enter")
    expect(page.get_by_role("link", name="Melding bekijken")).to_be_visible()
    expect(page.get_by_role("link", name=f"Einde melden voor {employee['name']}")).to_have_count(0)
    check_page(page, "employer-07-dashboard-after-notice")
