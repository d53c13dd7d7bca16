"""Journey 2: the AD (arbeidsdeskundige) gets a new notice, reads it and records a plan; the employer
sees every step. The notice is filed for this test alone (through the service, no browser needed)."""
from datetime import date, timedelta

from playwright.sync_api import Page, expect

from e2e.a11y import check_page
from e2e.helpers import EMPLOYER, file_notice, fill_date, fresh_totp_code


def test_ad_reads_the_notice_and_records_a_plan(page: Page, other_page: Page, app, password: str, today: date, login):
    notice = file_notice(app, today)
    notice_link = f"a[href='/meldingen/{notice['notice_id']}']"

    # --- The AD logs in: password, then the code from the app.
    page.goto("/inloggen")
    check_page(page, "ad-00-login")
    page.get_by_label("E-mailadres").fill(notice["ad_email"])
    page.get_by_label("Wachtwoord", exact=True).fill(password)
    page.get_by_role("button", name="Inloggen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Vul de code uit uw app in")
    check_page(page, "ad-01-login-code")
    page.get_by_label("Code uit uw app").fill(fresh_totp_code(app, notice["ad_email"]))
    page.get_by_role("button", name="Inloggen").click()

    # --- The inbox: the new notice is there, unread.
    expect(page.get_by_role("heading", level=1)).to_have_text("Inbox")
    row = page.locator("tr", has=page.locator(notice_link))
    expect(row).to_have_class("row-unread")
    expect(row.get_by_role("cell").nth(3)).to_have_text("Nieuw, nog niet gelezen")
    expect(row.get_by_role("cell").nth(4)).to_have_text("Ja, u mag de notities lezen")  # the employee agreed
    check_page(page, "ad-02-inbox")

    # --- Open it: the handover notes can be read (the employee agreed), it is not marked read yet.
    row.locator(notice_link).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Melding: {notice['name']}")
    expect(page.get_by_text("U heeft deze melding nog niet gelezen.")).to_be_visible()
    expect(page.get_by_text(f"De werknemer gaf op {_long(today)} toestemming", exact=False)).to_be_visible()
    expect(page.get_by_text("Stekken verzorgen en de kas schoonhouden.")).to_be_visible()
    expect(page.get_by_text("Rustig, precies en heel betrouwbaar.")).to_be_visible()
    check_page(page, "ad-03-notice-unread")

    # --- The employer, meanwhile, sees it is not read yet.
    login(other_page, EMPLOYER)
    other_page.goto(f"/meldingen/{notice['notice_id']}")
    expect(other_page.get_by_text("Nog niet gelezen door de arbeidsdeskundige.")).to_be_visible()
    check_page(other_page, "ad-03b-employer-sees-unread")

    # --- Mark it read.
    page.get_by_role("button", name="Ik heb deze melding gelezen").click()
    expect(page.get_by_role("status").filter(has_text="U heeft de melding als gelezen gemarkeerd")).to_be_visible()
    expect(page.locator(".status").first).to_have_text("Gelezen")
    expect(page.get_by_text(f"Gelezen door {notice['ad_name']} op")).to_be_visible()
    check_page(page, "ad-04-notice-read")

    other_page.reload()
    expect(other_page.locator(".status").first).to_have_text("Gelezen")
    expect(other_page.get_by_text(f"Gelezen door {notice['ad_name']} op")).to_be_visible()
    check_page(other_page, "ad-04b-employer-sees-notice-read")

    # --- Record a plan. First without choosing the help: the error is explained, the text kept.
    page.get_by_role("link", name="Plan vastleggen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Plan vastleggen")
    check_page(page, "ad-05-plan-form")
    reason = "Eerst een gesprek met de werknemer en de jobcoach."
    page.get_by_label("Toelichting").fill(reason)
    page.get_by_role("button", name="Plan opslaan").click()
    summary = page.get_by_role("alert").filter(has_text="Er ging iets mis")
    expect(summary.get_by_role("link", name="Kies welke hulp start.")).to_be_visible()
    expect(page.get_by_label("Toelichting")).to_have_value(reason)
    check_page(page, "ad-06-plan-form-errors")
    summary.get_by_role("link", name="Kies welke hulp start.").click()
    first_choice = page.get_by_role("group", name="Welke hulp start?").get_by_role("radio").first
    expect(first_choice).to_be_focused()

    page.get_by_label("Interne bemiddeling met het Werkgeversservicepunt (WSP)").check()
    start = today + timedelta(days=7)
    fill_date(page, "Wanneer start de hulp?", start)
    page.get_by_role("button", name="Plan opslaan").click()
    expect(page.get_by_role("status").filter(has_text="Het plan is vastgelegd.")).to_be_visible()
    expect(page.locator(".status").first).to_have_text("Plan gemaakt")
    check_page(page, "ad-07-notice-plan-recorded")

    # --- The employer sees the plan on the notice and in the list of notices.
    other_page.reload()
    expect(other_page.locator(".status").first).to_have_text("Plan gemaakt")
    expect(other_page.get_by_text(f"Interne bemiddeling met het Werkgeversservicepunt (WSP), start {_long(start)}")).to_be_visible()
    check_page(other_page, "ad-07b-employer-sees-plan")
    other_page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Meldingen").click()
    employer_row = other_page.locator("tr", has=other_page.locator(notice_link))
    expect(employer_row).to_contain_text("Plan gemaakt")
    check_page(other_page, "ad-07c-employer-notices-list")


def _long(day: date) -> str:
    from babel.dates import format_date

    return format_date(day, "EEEE d MMMM y", locale="nl")
