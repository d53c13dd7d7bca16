"""Journey 3: a WSP adviser claims the refill request that came with a notice and closes it as filled;
the employer sees each step. The notice (with its refill request) is filed for this test alone."""
from datetime import date, timedelta

from babel.dates import format_date
from playwright.sync_api import Page, expect

from e2e.a11y import check_page
from e2e.helpers import EMPLOYER, WSP_ADVISER, WSP_ADVISER_NAME, file_notice, fill_date


def test_wsp_adviser_claims_and_closes_the_refill_request(page: Page, other_page: Page, app, today: date, login):
    notice = file_notice(app, today, job_title="Medewerker kas en tuin")
    refill_link = f"a[href='/herbezetting/{notice['refill_id']}']"

    # --- The adviser's queue of the region: the new request is open.
    login(page, WSP_ADVISER)
    expect(page.get_by_role("heading", level=1)).to_have_text("Verzoeken om een plek opnieuw in te vullen")
    row = page.locator("tr", has=page.locator(refill_link))
    expect(row).to_contain_text("Wacht op een adviseur")
    check_page(page, "wsp-01-queue")

    row.locator(refill_link).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Plek opnieuw invullen: Medewerker kas en tuin")
    expect(page.locator(".status").first).to_have_text("Wacht op een adviseur")
    # The WSP never learns who leaves: no name, no handover notes.
    expect(page.locator("main")).not_to_contain_text(notice["name"])
    expect(page.locator("main")).not_to_contain_text("Stekken verzorgen en de kas schoonhouden")
    check_page(page, "wsp-02-refill-open")

    login(other_page, EMPLOYER)
    other_page.goto(f"/meldingen/{notice['notice_id']}")
    expect(other_page.get_by_text("Wacht op een adviseur")).to_be_visible()
    check_page(other_page, "wsp-02b-employer-sees-open")

    # --- Claim it.
    page.get_by_role("button", name="Ik pak dit verzoek op").click()
    expect(page.get_by_role("status").filter(has_text="U heeft dit verzoek opgepakt")).to_be_visible()
    expect(page.locator(".status").first).to_have_text("In behandeling")
    check_page(page, "wsp-03-refill-claimed")

    other_page.reload()
    expect(other_page.get_by_text(f"in behandeling bij {WSP_ADVISER_NAME}")).to_be_visible()
    check_page(other_page, "wsp-03b-employer-sees-claimed")

    # --- Close it: first without an answer (error), then filled, with the new employee's start date.
    page.get_by_role("link", name="Afsluiten").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Verzoek afsluiten")
    check_page(page, "wsp-04-close-form")
    page.get_by_role("button", name="Afsluiten").click()
    summary = page.get_by_role("alert").filter(has_text="Er ging iets mis")
    expect(summary.get_by_role("link", name="Kies of de plek is ingevuld.")).to_be_visible()
    check_page(page, "wsp-05-close-form-errors")
    summary.get_by_role("link", name="Kies of de plek is ingevuld.").click()
    expect(page.get_by_label("Ja, de plek is ingevuld")).to_be_focused()

    page.get_by_label("Ja, de plek is ingevuld").check()
    start = today + timedelta(days=40)
    fill_date(page, "Startdatum van de nieuwe medewerker", start)
    page.get_by_role("button", name="Afsluiten").click()
    expect(page.get_by_role("status").filter(has_text="Het verzoek is afgesloten.")).to_be_visible()
    expect(page.locator(".status").first).to_have_text("Vervuld")
    check_page(page, "wsp-06-refill-filled")

    # --- The employer sees the result on the request and in the list of refill requests.
    other_page.goto(f"/herbezetting/{notice['refill_id']}")
    expect(other_page.locator(".status").first).to_have_text("Vervuld")
    expect(other_page.get_by_text(format_date(start, "EEEE d MMMM y", locale="nl"))).to_be_visible()
    check_page(other_page, "wsp-06b-employer-sees-filled")
    other_page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Plek opnieuw invullen").click()
    expect(other_page.locator("tr", has=other_page.locator(refill_link))).to_contain_text("Vervuld")
    check_page(other_page, "wsp-06c-employer-refill-list")
