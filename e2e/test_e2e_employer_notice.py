"""An employer reports that a contract ends: the main journey of the portal, in a real browser."""
import re
from datetime import date, timedelta

from babel.dates import format_date
from playwright.sync_api import Page, expect


def open_notice_form(page: Page) -> str:
    """Click "Einde melden" for the first employee without an open notice; return the employee's name."""
    link = page.get_by_role("link", name=re.compile(r"^Einde melden voor ")).first
    # The visually hidden part of the link names the employee, for screen readers and for us.
    name = link.text_content().split(" voor ", 1)[1].strip()
    link.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Einde contract melden")
    expect(page.get_by_text(name).first).to_be_visible()
    return name


def test_employer_files_a_notice(employer: Page, today: date):
    page = employer
    name = open_notice_form(page)

    end_date = page.get_by_label("Wanneer stopt het werk?")
    # Temporary contracts come prefilled with their end date; permanent ones are empty.
    if not end_date.input_value():
        end_date.fill((today + timedelta(days=60)).isoformat())
    expected_end = date.fromisoformat(end_date.input_value())
    page.get_by_label("Wat is de reden?").select_option(label="Beëindiging met wederzijds goedvinden")
    page.get_by_role("group", name="Wie nam het initiatief?").get_by_label("Werkgever").check()

    page.get_by_label("Taken en werkzaamheden").fill("Planten oppotten en orders klaarzetten.")
    page.get_by_label("Sterke kanten").fill("Precies en altijd op tijd.")
    page.get_by_label("Ik heb deze notities met de werknemer besproken").check()
    page.get_by_label("De werknemer vindt het goed dat UWV deze notities leest").check()
    page.get_by_label("Wanneer gaf de werknemer toestemming?").fill(today.isoformat())

    page.get_by_role("group", name="Wilt u de plek opnieuw invullen?").get_by_label("Ja", exact=True).check()
    page.get_by_label("Functie").fill("Medewerker kwekerij")
    page.get_by_label("Uren per week").fill("24")
    page.get_by_label("Taken (niet verplicht)", exact=True).fill("Oppotten, water geven, orders klaarzetten.")
    page.get_by_label("Wat vraagt het werk?").fill("Zorgvuldig werken, buiten kunnen werken.")
    page.get_by_label("Gewenste startdatum").fill((expected_end + timedelta(days=1)).isoformat())

    page.get_by_role("button", name="Melding versturen").click()

    expect(page.get_by_role("heading", level=1)).to_have_text(f"Melding: {name}")
    expect(page.get_by_role("status").filter(has_text="Uw melding is verstuurd")).to_be_visible()
    expect(page.get_by_text("Nieuw, nog niet gelezen", exact=True)).to_be_visible()
    expect(page.get_by_text(format_date(expected_end, "EEEE d MMMM y", locale="nl"))).to_be_visible()
    expect(page.get_by_text("Wacht op een adviseur")).to_be_visible()  # the refill request went out too

    # Back on the list, this employee now has a notice instead of the "Einde melden" button.
    page.get_by_role("link", name="Medewerkers").click()
    expect(page.get_by_role("link", name=f"Einde melden voor {name}")).to_have_count(0)


def test_empty_notice_form_explains_what_is_missing(employer: Page):
    page = employer
    open_notice_form(page)
    notes = "Werkt graag met planten — zorgvuldig & <precies>."
    page.get_by_label("Taken en werkzaamheden").fill(notes)

    page.get_by_role("button", name="Melding versturen").click()

    expect(page.get_by_role("alert")).to_contain_text("Er ging iets mis")
    expect(page.get_by_role("link", name="Kies een reden.")).to_be_visible()
    reason = page.get_by_label("Wat is de reden?")
    # The field error is tied to the field itself, so a screen reader reads it out.
    expect(reason).to_have_attribute("aria-invalid", "true")
    expect(reason).to_have_accessible_description(re.compile("Kies een reden"))
    expect(page.get_by_label("Taken en werkzaamheden")).to_have_value(notes)
