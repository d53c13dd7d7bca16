"""An employer reports that a contract ends: the main journey of the portal, in a real browser."""
import re
from datetime import date, timedelta

from babel.dates import format_date
from playwright.sync_api import Page, expect

from e2e.helpers import date_parts, file_notice_in_steps, free_employments


def open_notice_form(page: Page, app, today: date) -> str:
    """Find a contract nobody reported yet (no notice, no draft) on the list and click its
    "Einde melden"; return the employee's name."""
    employee = free_employments(app, today)[0]
    page.get_by_label("Zoek op naam of personeelsnummer").fill(employee["personnel_number"])
    page.keyboard.press("Enter")
    link = page.get_by_role("link", name=f"Einde melden voor {employee['name']}")
    link.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Het einde van het werk")
    expect(page.get_by_text(employee["name"]).first).to_be_visible()
    return employee["name"]


def test_employer_files_a_notice(employer: Page, app, today: date):
    page = employer
    name = open_notice_form(page, app, today)
    # Temporary contracts come prefilled with their end date; permanent ones are empty.
    day, month, year = date_parts(page, "Wanneer stopt het werk?")
    expected_end = date(int(year), int(month), int(day)) if year else today + timedelta(days=60)

    file_notice_in_steps(page, today, end=expected_end, notes={
        "Taken en werkzaamheden": "Planten oppotten en orders klaarzetten.",
        "Sterke kanten": "Precies en altijd op tijd.",
    }, refill={
        "Functie": "Medewerker kwekerij",
        "Uren per week": "24",
        "Taken (niet verplicht)": "Oppotten, water geven, orders klaarzetten.",
        "Wat vraagt het werk? (niet verplicht)": "Zorgvuldig werken, buiten kunnen werken.",
    })

    expect(page.get_by_role("heading", level=1)).to_have_text(f"Melding: {name}")
    expect(page.get_by_role("status").filter(has_text="Uw melding is verstuurd")).to_be_focused()
    expect(page.get_by_text("Nieuw, nog niet gelezen", exact=True)).to_be_visible()
    expect(page.get_by_text(format_date(expected_end, "EEEE d MMMM y", locale="nl"))).to_be_visible()
    expect(page.get_by_text("Wacht op een adviseur")).to_be_visible()  # the refill request went out too

    # Back on the list, this employee now has a notice instead of the "Einde melden" button.
    page.get_by_role("link", name="Medewerkers").click()
    expect(page.get_by_role("link", name=f"Einde melden voor {name}")).to_have_count(0)


def test_empty_first_step_explains_what_is_missing(employer: Page, app, today: date):
    page = employer
    open_notice_form(page, app, today)
    why = "Werkt graag met planten — zorgvuldig & <precies>."
    page.get_by_label("Toelichting op de reden").fill(why)

    page.get_by_role("button", name="Opslaan en verder").click()

    expect(page.get_by_role("alert")).to_contain_text("Er ging iets mis")
    expect(page.get_by_role("alert")).to_be_focused()
    expect(page.get_by_role("link", name="Kies een reden.")).to_be_visible()
    reason = page.get_by_label("Wat is de reden?")
    # The field error is tied to the field itself, so a screen reader reads it out.
    expect(reason).to_have_attribute("aria-invalid", "true")
    expect(reason).to_have_accessible_description(re.compile("Kies een reden"))
    expect(page.get_by_label("Toelichting op de reden")).to_have_value(why)
