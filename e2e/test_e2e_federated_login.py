"""Federated login in the browser, against the real OpenID provider of tests/oidc (issue 19):
eHerkenning for the demo employer, a staff account for a WSP adviser, a refusal, and logout at
the provider."""
from __future__ import annotations

import re
import threading
import uuid

import pytest
from playwright.sync_api import expect

from e2e.a11y import assert_no_axe_violations
from e2e.conftest import EMPLOYER
from portal.seed_demo import DEMO_KVK
from tests.oidc_provider import OpenIdProvider, free_port

EH3 = "urn:etoegang:core:assurance-class:loa3"


@pytest.fixture(scope="module")
def federated(app, database_url):
    """The demo portal with both providers, on its own port, and the provider that knows that port."""
    from werkzeug.serving import make_server

    from portal import create_app
    from portal.extensions import db

    port = free_port()
    portal = f"http://127.0.0.1:{port}"
    provider = OpenIdProvider([portal]).start()
    federated_app = create_app("testing", overrides={
        "DATABASE_URL": database_url, "WTF_CSRF_ENABLED": True, **provider.portal_settings()})
    server = make_server("127.0.0.1", port, federated_app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield portal, provider
    server.shutdown()
    thread.join(timeout=10)
    provider.stop()
    with federated_app.app_context():
        db.engine.dispose()


@pytest.fixture
def federated_page(browser, federated):
    context = browser.new_context(base_url=federated[0], locale="nl-NL")
    context.set_default_timeout(10_000)
    yield context.new_page()
    context.close()


def login_at_provider(page, login_name: str):
    page.get_by_placeholder("Enter any login").fill(login_name)
    page.get_by_placeholder("and password").fill("any")
    page.get_by_role("button", name="Sign-in").click()


def test_employer_logs_in_with_eherkenning_and_out_at_the_provider(federated, federated_page):
    _, provider = federated
    login_name = provider.add_account(f"eh-{uuid.uuid4().hex[:8]}", email=EMPLOYER, name="Marieke Jansen",
                                      kvk=DEMO_KVK[0], _id_token={"acr": EH3})
    page = federated_page
    page.goto("/inloggen")
    page.get_by_role("button", name="Inloggen met eHerkenning").click()
    login_at_provider(page, login_name)
    # The invited demo employer, linked by e-mail: the employee list of De Linde.
    expect(page.get_by_role("link", name="Medewerkers")).to_have_attribute("aria-current", "page")
    page.get_by_role("button", name="Uitloggen").click()
    page.get_by_role("button", name="Yes, sign me out").click()  # the provider's own logout page
    expect(page).to_have_url(re.compile(re.escape(f"{federated[0]}/inloggen") + r"(\?state=[\w-]+)?$"))
    expect(page.get_by_text("U bent uitgelogd.")).to_be_visible()
    # The provider forgot the person too: the next eHerkenning login asks for the login again.
    page.get_by_role("button", name="Inloggen met eHerkenning").click()
    expect(page.get_by_placeholder("Enter any login")).to_be_visible()


def test_wsp_adviser_logs_in_with_the_staff_provider(federated, federated_page):
    _, provider = federated
    login_name = provider.add_account(f"wsp-{uuid.uuid4().hex[:8]}", email=f"wsp-{uuid.uuid4().hex[:6]}@wsp.example",
                                      name="Wim de Wsp", roles=["wsp-adviseur"], regions=["wsp-groot-amsterdam"])
    page = federated_page
    page.goto("/inloggen")
    page.get_by_role("button", name="Inloggen als medewerker van UWV / WSP").click()
    login_at_provider(page, login_name)
    expect(page.get_by_role("button", name="Uitloggen")).to_be_visible()
    expect(page.get_by_text("Wim de Wsp")).to_be_visible()


def test_a_refused_login_shows_a_clear_page(federated, federated_page):
    _, provider = federated
    login_name = provider.add_account(f"eh-{uuid.uuid4().hex[:8]}", email="laag@delinde.example", name="Lage Niveau",
                                      kvk=DEMO_KVK[0], _id_token={"acr": "urn:etoegang:core:assurance-class:loa2"})
    page = federated_page
    page.goto("/inloggen")
    assert_no_axe_violations(page, "login page with provider buttons")
    page.get_by_role("button", name="Inloggen met eHerkenning").click()
    login_at_provider(page, login_name)
    expect(page.get_by_role("heading", name="U logde in op een te laag niveau")).to_be_visible()
    assert_no_axe_violations(page, "refused federated login")
    page.get_by_role("link", name="Naar de inlogpagina").click()
    expect(page.get_by_role("button", name="Inloggen met eHerkenning")).to_be_visible()
