"""Unhappy path: forms sent with mistakes. The error summary is announced (role=alert), every error
in it links to its field and moves focus there, the fields say they are invalid, and what was typed
stays. Both pages get the full accessibility checks in their error state."""
from datetime import date

from playwright.sync_api import Page, expect

from e2e.a11y import check_page
from e2e.helpers import free_employments


def assert_summary_links_lead_to_their_fields(page: Page) -> list[str]:
    summary = page.get_by_role("alert").filter(has_text="Er ging iets mis")
    expect(summary).to_be_visible()
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
    expect(page.get_by_role("heading", level=1)).to_have_text("Einde contract melden")

    typed = {
        "Toelichting op de reden (niet verplicht)": "Het project stopt — eerder dan gepland & onverwacht.",
        "Taken en werkzaamheden (niet verplicht)": "Planten <oppotten> en orders klaarzetten.",
        "Functie": "Medewerker kwekerij",
        "Uren per week": "75",
    }
    for label, value in typed.items():
        page.get_by_label(label, exact=True).fill(value)
    page.get_by_role("group", name="Wilt u de plek opnieuw invullen?").get_by_label("Ja", exact=True).check()
    page.get_by_role("button", name="Melding versturen").click()

    expect(page).to_have_title("Fout: Einde contract melden – Servicepunt Inclusief")
    check_page(page, "errors-notice-form")
    messages = assert_summary_links_lead_to_their_fields(page)
    assert "Kies een reden." in messages
    assert "Kies wie het initiatief nam." in messages
    assert "Vul een aantal uren tussen 1 en 60 in." in messages
    for label, value in typed.items():
        expect(page.get_by_label(label, exact=True)).to_have_value(value)
    expect(page.get_by_role("group", name="Wilt u de plek opnieuw invullen?").get_by_label("Ja", exact=True)).to_be_checked()
    hours = page.get_by_label("Uren per week", exact=True)
    expect(hours).to_have_accessible_description("Nodig als u de plek opnieuw wilt invullen. Fout: Vul een aantal uren tussen 1 en 60 in.")


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
