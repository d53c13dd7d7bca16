"""Browser tests: the real app on a real server, driven by Chromium through Playwright.

One database and one server per test session (migrating and seeding is the slow part);
every test gets a fresh browser context, so no cookies leak between tests.
"""
from __future__ import annotations

import os
import re
import threading
from pathlib import Path

import pytest

TEST_PASSWORD = "e2e-wachtwoord-lang-genoeg"
ARTIFACTS = Path(__file__).parent / "artifacts"
# Playwright cannot download its own browsers here; use Debian's Chromium.
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]


@pytest.fixture(scope="session")
def database_url(tmp_path_factory):
    """A brand-new, empty database: PostgreSQL when PORTAL_TEST_DATABASE_URL is set, else SQLite."""
    from tests.dbutil import temporary_database

    with temporary_database(os.environ.get("PORTAL_TEST_DATABASE_URL"), tmp_path_factory, "portal_e2e") as url:
        yield url


@pytest.fixture(scope="session")
def password():
    """The password of every demo account in the test database."""
    return TEST_PASSWORD


EXTRA_NAMES = ("Noor Willems", "Sem de Boer", "Fenna Hendriks", "Luuk van Dam", "Isa Verbeek", "Milan Postma",
               "Julia Kramer", "Daan Verhoef", "Evi Koster", "Thijs Prins", "Sara Blom", "Jesse Kuipers",
               "Lotte van Wijk", "Bram Schouten", "Anna Dekker", "Ruben Veenstra", "Fleur Brouwer", "Stijn Jonker")


def _more_free_contracts(today):
    """The browser tests file many notices in one demo database: give De Linde more temporary
    contracts without a notice, like the demo's own (the workplace and ADs of Sanne de Vries's
    newest one, whom the tests log in as), so a new test
    never runs out of them."""
    from datetime import timedelta

    from sqlalchemy import select

    from portal.extensions import db
    from portal.models import CaseworkerAssignment, Employee, Employment, Organisation, User

    linde = db.session.scalars(select(Organisation).where(Organisation.kvk_number == "12345678")).one()
    sanne = db.session.scalars(select(User).where(User.email == "s.devries@uwv.example")).one()  # the tests' AD
    model, assignment = db.session.execute(
        select(Employment, CaseworkerAssignment).join(Employee, Employee.id == Employment.employee_id)
        .join(CaseworkerAssignment, CaseworkerAssignment.employee_id == Employee.id)
        .where(Employee.organisation_id == linde.id, Employment.end_date.is_not(None), CaseworkerAssignment.ad_id == sanne.id)
        .order_by(Employee.personnel_number.desc())).first()
    for number, name in enumerate(EXTRA_NAMES, start=1):
        employee = Employee(organisation=linde, personnel_number=f"L{2000 + number}", name=name,
                            date_of_birth=model.employee.date_of_birth)
        db.session.add_all([
            employee,
            Employment(employee=employee, location=model.location, job_title=model.job_title,
                       hours_per_week=model.hours_per_week, contract_type="temporary",
                       start_date=today - timedelta(days=200), end_date=today + timedelta(days=40 + 3 * number)),
            CaseworkerAssignment(employee=employee, ad_id=assignment.ad_id, backup_ad_id=assignment.backup_ad_id),
        ])
    db.session.commit()


@pytest.fixture(scope="session")
def app(database_url):
    import flask_migrate

    from portal import create_app, seed_demo
    from portal.extensions import db
    from portal.formatting import local_today

    # CSRF on: the browser must go through the real forms, tokens and all.
    app = create_app("testing", overrides={"DATABASE_URL": database_url, "WTF_CSRF_ENABLED": True})
    with app.app_context():
        flask_migrate.upgrade()
        seed_demo.load(TEST_PASSWORD, local_today())
        _more_free_contracts(local_today())
    yield app
    with app.app_context():
        # Close pooled connections so the test database can be dropped cleanly.
        db.engine.dispose()


@pytest.fixture(scope="session")
def today(app):
    """Today in the app's time zone, which may differ from the machine's around midnight."""
    from portal.formatting import local_today

    with app.app_context():
        return local_today()


@pytest.fixture(scope="session")
def base_url(app):
    from werkzeug.serving import make_server

    server = make_server("127.0.0.1", 0, app, threaded=True)  # port 0: the OS picks a free port
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(timeout=10)


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    # Keep each phase's report on the test item, so the page fixture knows whether the test failed.
    report = yield
    setattr(item, f"report_{report.when}", report)
    return report


@pytest.fixture
def page(browser, base_url, request):
    context = browser.new_context(base_url=base_url, locale="nl-NL")
    context.set_default_timeout(10_000)
    page = context.new_page()
    yield page
    # A screenshot of the last page of every test; the name says whether it failed.
    failed = getattr(request.node, "report_call", None) is None or request.node.report_call.failed
    ARTIFACTS.mkdir(exist_ok=True)
    safe_name = re.sub(r"[^\w.-]+", "_", request.node.name)
    page.screenshot(path=str(ARTIFACTS / f"{safe_name}{'-FAILED' if failed else ''}.png"), full_page=True)
    context.close()


EMPLOYER = "m.jansen@delinde.example"


@pytest.fixture
def employer(page, password):
    """A page logged in as the demo employer (employers need no app code in the testing config)."""
    from playwright.sync_api import expect

    page.goto("/inloggen")
    page.get_by_label("E-mailadres").fill(EMPLOYER)
    page.get_by_label("Wachtwoord", exact=True).fill(password)
    page.get_by_role("button", name="Inloggen").click()
    # The employer's home is the employee list.
    expect(page.get_by_role("link", name="Medewerkers")).to_have_attribute("aria-current", "page")
    return page


# --- Journeys (issue 8): logging in as any role, a second browser window --------------------------


@pytest.fixture
def login(app, password):
    """Log a page in through the real login pages, with the app-code step for AD, WSP and admin."""
    from playwright.sync_api import expect

    from e2e.helpers import fresh_totp_code

    def do_login(page, email: str):
        page.goto("/inloggen")
        page.get_by_label("E-mailadres").fill(email)
        page.get_by_label("Wachtwoord", exact=True).fill(password)
        page.get_by_role("button", name="Inloggen").click()
        code, logout = page.get_by_label("Code uit uw app"), page.get_by_role("button", name="Uitloggen")
        expect(code.or_(logout)).to_be_visible()  # the next page, whichever it is
        if code.is_visible():
            code.fill(fresh_totp_code(app, email))
            page.get_by_role("button", name="Inloggen").click()
        expect(logout).to_be_visible()
        return page

    return do_login


@pytest.fixture
def other_page(browser, base_url):
    """A second browser window with cookies of its own (another user), closed after the test."""
    context = browser.new_context(base_url=base_url, locale="nl-NL")
    context.set_default_timeout(10_000)
    yield context.new_page()
    context.close()
