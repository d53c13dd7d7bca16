"""An admin registers an API client in the browser, copies the secret shown once, and the
secret gives a token; every page on the way is checked for accessibility."""
import re
import urllib.parse
import urllib.request
from base64 import b64encode

from playwright.sync_api import Page, expect

from e2e.a11y import check_page


def test_admin_registers_an_api_client(page: Page, login, base_url: str):
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
    request = urllib.request.Request(
        f"{base_url}/api/v1/oauth/token", data=urllib.parse.urlencode({"grant_type": "client_credentials"}).encode(),
        headers={"Authorization": "Basic " + b64encode(f"{key}:{secret}".encode()).decode()})
    with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310  (the local test server)
        assert response.status == 200
    page.get_by_role("link", name="Klaar").click()
    expect(page.get_by_role("heading", level=1, name="CRM WSP Groot Amsterdam")).to_be_visible()
    assert secret not in page.content()
    check_page(page, "api-client")
    page.get_by_role("button", name="Koppeling uitzetten").click()
    expect(page.get_by_text(re.compile("is uitgezet"))).to_be_visible()
