"""An admin registers an API client in the browser, copies the secret shown once, and the
secret gives a token; every page on the way is checked for accessibility."""
import re
from base64 import b64encode

from playwright.sync_api import Page, expect

from e2e.a11y import check_page


def test_admin_registers_an_api_client(page: Page, login):
    login(page, "beheer@servicepunt.example")
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="API-koppelingen").click()
    page.get_by_role("link", name="Nieuwe koppeling").click()
    page.get_by_role("button", name="Opslaan").click()  # nothing filled in
    expect(page.get_by_role("alert")).to_be_visible()
    check_page(page, "api-client-form-errors")
    page.get_by_label("Naam van de koppeling").fill("CRM WSP Groot Amsterdam")
    page.get_by_label("Eén of meer regio's (Werkgeversservicepunt)").check()
    page.get_by_label("Groot Amsterdam (AM18)").check()
    page.get_by_label("Vervullingsverzoeken").select_option("write")
    page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_text("U ziet dit geheim maar één keer.")).to_be_visible()
    check_page(page, "api-client-secret")
    key, secret = page.locator("code").all_inner_texts()
    answer = page.request.post("/api/v1/oauth/token", form={"grant_type": "client_credentials"},
                               headers={"Authorization": "Basic " + b64encode(f"{key}:{secret}".encode()).decode()})
    assert answer.status == 200 and answer.json()["token_type"] == "Bearer"
    page.get_by_role("link", name="Klaar").click()
    expect(page.get_by_role("heading", level=1, name="CRM WSP Groot Amsterdam")).to_be_visible()
    assert secret not in page.content()
    check_page(page, "api-client")
    page.get_by_role("button", name="Koppeling uitzetten").click()
    expect(page.get_by_text(re.compile("is uitgezet"))).to_be_visible()
