"""Unhappy path: forms sent with mistakes. Focus moves to the error summary (GOV.UK pattern: it is
read out, and seen at 320 px too), every error in it links to its field and moves focus there, the
fields say they are invalid, and what was typed stays. Every error state gets the full
accessibility checks."""
import re
from datetime import date, timedelta

from playwright.sync_api import Page, expect

from e2e.a11y import assert_focus_visible, check_page
from e2e.helpers import date_parts, fill_date, free_employments


def assert_summary_links_lead_to_their_fields(page: Page) -> list[str]:
    summary = page.get_by_role("alert").filter(has_text="Er ging iets mis")
    expect(summary).to_be_visible()
    expect(summary, "focus did not move to the error summary").to_be_focused()
    assert_focus_visible(page)
    box = summary.bounding_box()
    assert box and box["y"] < page.viewport_size["height"], "the focused error summary is not on the first screen"
    links = summary.get_by_role("link")
    messages = links.all_inner_texts()
    assert messages, "the error summary lists no errors"
    for index, message in enumerate(messages):
        link = links.nth(index)
        target_id = link.get_attribute("href").removeprefix("#")
        target = page.locator(f"[id='{target_id}']")
        expect(target, f"the link {message!r} points to a field that is not on the page").to_have_count(1)
        link.click()
        expect(target, f"the link {message!r} does not move focus to its field").to_be_focused()
        if target.get_attribute("type") != "radio":  # a radio group says it in its fieldset's description
            expect(target).to_have_attribute("aria-invalid", "true")
        field_box = page.locator(".field", has=target)
        expect(field_box).to_contain_text(message)  # the message is repeated at the field itself
    return messages


def test_login_form_with_errors(page: Page):
    page.goto("/inloggen")
    page.get_by_role("button", name="Inloggen").click()
    expect(page).to_have_title("Fout: Inloggen – Servicepunt Inclusief")
    messages = assert_summary_links_lead_to_their_fields(page)
    assert messages == ["Vul uw e-mailadres in.", "Vul uw wachtwoord in."]
    expect(page.get_by_label("E-mailadres")).to_have_accessible_description("Fout: Vul uw e-mailadres in.")
    check_page(page, "errors-login-empty")


def test_notice_form_with_errors_keeps_what_was_typed(employer: Page, app, today: date):
    page = employer
    employee = free_employments(app, today)[0]
    page.goto(f"/contracten/{employee['employment_id']}/einde-melden")
    expect(page.get_by_role("heading", level=1)).to_have_text("Het einde van het werk")

    # Step 1 sent without a reason or who took the initiative.
    why = "Het project stopt — eerder dan gepland & onverwacht."
    page.get_by_label("Toelichting op de reden (niet verplicht)", exact=True).fill(why)
    page.get_by_role("button", name="Opslaan en verder").click()
    expect(page).to_have_title("Fout: Het einde van het werk – Einde contract melden – Servicepunt Inclusief")
    check_page(page, "errors-notice-form")
    messages = assert_summary_links_lead_to_their_fields(page)
    assert "Kies een reden." in messages
    assert "Kies wie het initiatief nam." in messages
    expect(page.get_by_label("Toelichting op de reden (niet verplicht)", exact=True)).to_have_value(why)

    # Step 1 right, on to the refill details: 75 hours a week is refused there.
    fill_date(page, "Wanneer stopt het werk?", today + timedelta(days=60))
    page.get_by_label("Wat is de reden?").select_option(label="Beëindiging met wederzijds goedvinden")
    page.get_by_role("group", name="Wie nam het initiatief?").get_by_label("Werkgever").check()
    for _ in ("einde", "overdracht", "toestemming"):
        page.get_by_role("button", name="Opslaan en verder").click()
    page.get_by_role("group", name="Wilt u de plek opnieuw invullen?").get_by_label("Ja", exact=True).check()
    page.get_by_role("button", name="Opslaan en verder").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Over de functie")
    typed = {"Functie": "Medewerker kwekerij", "Uren per week": "75",
             "Taken (niet verplicht)": "Planten <oppotten> en orders klaarzetten."}
    for label, value in typed.items():
        page.get_by_label(label, exact=True).fill(value)
    page.get_by_role("button", name="Opslaan en verder").click()
    check_page(page, "errors-notice-refill")
    assert assert_summary_links_lead_to_their_fields(page) == ["Vul een aantal uren tussen 1 en 60 in."]
    for label, value in typed.items():
        expect(page.get_by_label(label, exact=True)).to_have_value(value)
    hours = page.get_by_label("Uren per week", exact=True)
    expect(hours).to_have_accessible_description("Fout: Vul een aantal uren tussen 1 en 60 in.")


def test_date_pattern_errors(employer: Page, app, today: date):
    """A date is three boxes in one group; one error speaks for the group and points at the box to fix."""
    page = employer
    employee = free_employments(app, today)[1]
    page.goto(f"/contracten/{employee['employment_id']}/einde-melden")
    group = page.get_by_role("group", name="Wanneer stopt het werk?")
    expect(group).to_have_accessible_description(re.compile("Bijvoorbeeld 28 11 2026"))
    year = str(today.year + 1)
    for (day, month), message, first_box, marked in (
        (("31", "2"), "Deze datum bestaat niet. Kijk de dag en de maand na.", "Dag", ("Dag", "Maand")),
        (("12", ""), "Vul ook de maand in.", "Maand", ("Maand",)),
    ):
        for label, value in (("Dag", day), ("Maand", month), ("Jaar", year)):
            group.get_by_label(label, exact=True).fill(value)
        page.get_by_role("button", name="Opslaan en verder").click()
        state = f"errors-date-{first_box.lower()}"
        check_page(page, state)
        summary = page.get_by_role("alert").filter(has_text="Er ging iets mis")
        expect(summary).to_be_focused()
        expect(group).to_have_accessible_description(re.compile(re.escape(f"Fout: {message}")))
        assert date_parts(page, "Wanneer stopt het werk?") == (day, month, year)  # kept as typed
        for label in ("Dag", "Maand", "Jaar"):
            box = group.get_by_label(label, exact=True)
            if label in marked:
                expect(box).to_have_attribute("aria-invalid", "true")
            else:
                expect(box).not_to_have_attribute("aria-invalid", "true")
        summary.get_by_role("link", name=message).click()
        expect(group.get_by_label(first_box, exact=True)).to_be_focused()


def test_routing_form_without_a_municipality(page: Page, login):
    """The admin routes the demo's request whose workplace has no municipality: sent empty first."""
    login(page, "beheer@servicepunt.example")
    page.goto("/beheer/")
    page.get_by_role("link", name="Gemeente kiezen en doorsturen").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Verzoek doorsturen")
    check_page(page, "route-refill")
    page.get_by_role("button", name="Gemeente opslaan en doorsturen").click()
    expect(page).to_have_title("Fout: Verzoek doorsturen – Servicepunt Inclusief")
    check_page(page, "errors-route-refill")
    assert assert_summary_links_lead_to_their_fields(page) == ["Kies de gemeente van de werkplek."]
