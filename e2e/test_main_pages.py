"""Every main page of every role (the links of its main menu and of the footer), checked with axe,
at 320 px and at 200% zoom, and saved as a screenshot. The menus are read from the page itself, so
a page added to a menu is checked without changing this test."""
import re

import pytest
from playwright.sync_api import Page, expect

from e2e.a11y import check_page
from e2e.helpers import WSP_ADVISER


def menu_links(page: Page, menu: str) -> list[tuple[str, str]]:
    links = page.get_by_role("navigation", name=menu).get_by_role("link")
    return [(re.sub(r"\s+\d+\s+ongelezen.*$", "", text).strip(), href)
            for text, href in zip(links.all_inner_texts(), [links.nth(i).get_attribute("href") for i in range(links.count())], strict=False)]


def check_menu(page: Page, role: str, menu: str = "Hoofdmenu") -> list[str]:
    seen = []
    for label, href in menu_links(page, menu):
        page.goto(href)
        expect(page.get_by_role("heading", level=1)).to_be_visible()
        check_page(page, f"main-{role}-{slug(label)}")
        seen.append(label)
    return seen


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def test_pages_for_visitors(page: Page):
    page.goto("/inloggen")
    check_page(page, "main-visitor-inloggen")
    assert check_menu(page, "visitor", "Over deze portal"), "the footer has no links"
    page.goto("/inloggen")
    page.get_by_role("link", name="Wachtwoord vergeten?").click()
    check_page(page, "main-visitor-wachtwoord-vergeten")


def test_employer_pages(employer: Page):
    page = employer
    assert check_menu(page, "employer") == ["Medewerkers", "Meldingen", "Plek opnieuw invullen", "Organisatie", "Inzicht"]
    page.goto("/medewerkers")
    page.locator("table a[href^='/medewerkers/']").first.click()
    expect(page.get_by_role("heading", level=2, name="Contracten")).to_be_visible()
    check_page(page, "main-employer-medewerker")
    page.goto(page.get_by_role("link", name="Wachtwoord wijzigen").get_attribute("href"))
    check_page(page, "main-employer-wachtwoord-wijzigen")


@pytest.mark.parametrize("email, role", [("s.devries@uwv.example", "ad"), (WSP_ADVISER, "wsp"),
                                         ("beheer@servicepunt.example", "admin")])
def test_pages_of_other_roles(page: Page, login, email: str, role: str):
    login(page, email)
    seen = check_menu(page, role)
    assert seen, f"no main menu for {role}"
    if role == "ad":
        page.goto("/caseload")
        page.locator("table a[href^='/medewerkers/']").first.click()
        check_page(page, "main-ad-medewerker")
    if role == "wsp":
        for tab in ("Door mij opgepakt", "Afgesloten"):
            page.goto("/wsp/verzoeken")
            page.get_by_role("link", name=tab).click()
            check_page(page, f"main-wsp-verzoeken-{slug(tab)}")
