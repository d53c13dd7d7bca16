"""The public pages in the footer (issue 8): reachable from every page, accessible, printable."""
import re

from playwright.sync_api import expect

from e2e.a11y import assert_focus_visible, check_page

PAGES = [("Hulp", "/hulp", "Hulp"), ("Toegankelijkheid", "/toegankelijkheid", "Toegankelijkheidsverklaring"),
         ("Privacy", "/privacy", "Privacyverklaring")]


def test_footer_pages_logged_out(page):
    page.goto("/inloggen")
    footer = page.get_by_role("navigation", name="Over deze portal")
    for link, path, heading in PAGES:
        footer.get_by_role("link", name=link, exact=True).click()
        expect(page).to_have_url(re.compile(re.escape(path) + "$"))
        expect(page.get_by_role("heading", level=1)).to_have_text(heading)
        check_page(page, f"pages-{path.strip('/')}-logged-out")
        footer = page.get_by_role("navigation", name="Over deze portal")
        expect(footer.get_by_role("link", name=link, exact=True)).to_have_attribute("aria-current", "page")


def test_language_switch_is_a_focusable_link_style_button(page):
    page.goto("/hulp")
    button = page.get_by_role("button", name="English")
    button.focus()
    assert_focus_visible(page)
    color = button.evaluate("el => getComputedStyle(el).color")
    assert color != "rgb(255, 255, 255)", "white text on the white footer"


def test_employer_help_and_print(employer):
    page = employer
    page.get_by_role("navigation", name="Over deze portal").get_by_role("link", name="Hulp").click()
    expect(page.get_by_role("heading", name="Uw vaste contactpersonen")).to_be_visible()
    expect(page.get_by_text("Regio Groot Amsterdam")).to_be_visible()
    check_page(page, "pages-help-employer")
    page.emulate_media(media="print")
    try:
        expect(page.locator(".site-footer")).to_be_hidden()
        expect(page.locator(".site-header")).to_be_hidden()
        expect(page.get_by_role("heading", name="Uw vaste contactpersonen")).to_be_visible()
    finally:
        page.emulate_media(media="screen")
