"""Unhappy paths around access: another organisation's objects answer 404 (with an accessible error
page), and after logging out neither the back button nor an old session cookie shows a protected page."""
from datetime import date

from playwright.sync_api import Page, expect

from e2e.a11y import check_page
from e2e.helpers import EMPLOYER, file_notice, other_organisation_objects


def test_objects_of_another_organisation_answer_404(employer: Page, app):
    page = employer
    theirs = other_organisation_objects(app)
    for name, url in (("notice", f"/meldingen/{theirs['notice_id']}"),
                      ("employee", f"/medewerkers/{theirs['employee_id']}"),
                      ("refill", f"/herbezetting/{theirs['refill_id']}")):
        response = page.goto(url)
        assert response.status == 404, f"{url} of another organisation answered {response.status}"
        expect(page.get_by_role("heading", level=1)).to_have_text("Pagina niet gevonden")
        expect(page).to_have_title("Pagina niet gevonden – Servicepunt Inclusief")
        expect(page.get_by_text("Deze pagina bestaat niet, of u mag hem niet zien.")).to_be_visible()
        check_page(page, f"404-other-organisation-{name}")


def test_after_logout_the_back_button_and_old_cookies_lead_to_the_login(page: Page, browser, base_url, app, today: date, login):
    notice = file_notice(app, today)
    login(page, EMPLOYER)
    page.goto(f"/meldingen/{notice['notice_id']}")
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Melding: {notice['name']}")
    cookies_before_logout = page.context.cookies()

    page.get_by_role("button", name="Uitloggen").click()
    expect(page).to_have_url(f"{base_url}/inloggen")
    expect(page.get_by_role("status").filter(has_text="U bent uitgelogd.")).to_be_visible()
    expect(page.get_by_role("button", name="Uitloggen")).to_have_count(0)
    check_page(page, "logged-out")

    # Back: the page is not kept in the browser's cache (no-store), so it asks again and gets the login.
    page.go_back()
    expect(page.get_by_role("heading", level=1)).to_have_text("Inloggen")
    expect(page.get_by_text(notice["name"])).to_have_count(0)
    check_page(page, "logged-out-back-button")

    # A protected page sends the visitor to the login, and says why.
    page.goto("/medewerkers")
    expect(page).to_have_url(f"{base_url}/inloggen?next=%2Fmedewerkers")
    expect(page.get_by_role("status").filter(has_text="Log in om deze pagina te zien.")).to_be_visible()
    check_page(page, "login-required")

    # The session cookie copied before the logout no longer works either.
    thief = browser.new_context(base_url=base_url, locale="nl-NL")
    try:
        thief.add_cookies(cookies_before_logout)
        stolen = thief.new_page()
        stolen.goto(f"/meldingen/{notice['notice_id']}")
        expect(stolen.get_by_role("heading", level=1)).to_have_text("Inloggen")
    finally:
        thief.close()
