"""Journey: the job coach (issue 16.2) logs in with password and app code, sees only the employees
they coach, and sends a "zorgen-signaal" that lands in the AD's inbox, with a deadline."""
from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from e2e.a11y import check_page
from e2e.helpers import fresh_totp_code

COACH = "w.brands@jobcoachplus.example"  # Willem Brands, Jobcoach Plus (seed_demo)


def _ad_email_of(app, employment_id: int) -> str:
    from portal.extensions import db
    from portal.models import Employment

    with app.app_context():
        employment = db.session.get(Employment, employment_id)
        return employment.employee.current_assignment.ad.email


def test_job_coach_sends_a_signal_that_lands_in_the_ad_inbox(page: Page, other_page: Page, app, password: str,
                                                             login):
    # --- Log in: password, then the code from the app (like an AD).
    page.goto("/inloggen")
    page.get_by_label("E-mailadres").fill(COACH)
    page.get_by_label("Wachtwoord", exact=True).fill(password)
    page.get_by_role("button", name="Inloggen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Vul de code uit uw app in")
    page.get_by_label("Code uit uw app").fill(fresh_totp_code(app, COACH))
    page.get_by_role("button", name="Inloggen").click()

    # --- The coach's own list: only the employees they coach.
    expect(page.get_by_role("heading", level=1)).to_have_text("Mijn medewerkers")
    check_page(page, "jobcoach-01-list")
    first = page.locator("table.list tbody tr").first.get_by_role("link")
    name = first.inner_text()
    first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(name)
    expect(page.get_by_text("Contactpersonen bij UWV")).to_be_visible()
    employment_id = int(re.search(r"/dienstverbanden/(\d+)", page.url).group(1))
    check_page(page, "jobcoach-02-employment")

    # --- The signal: an empty form is explained, what was chosen is kept.
    page.get_by_role("link", name="Zorgen-signaal sturen").click()
    page.get_by_label("Het gaat niet goed op het werk").check()
    page.get_by_role("button", name="Signaal versturen").click()
    summary = page.get_by_role("alert").filter(has_text="Er ging iets mis")
    expect(summary.get_by_role("link", name="Schrijf kort wat u ziet.")).to_be_visible()
    expect(page.get_by_label("Het gaat niet goed op het werk")).to_be_checked()
    check_page(page, "jobcoach-03-signal-errors")
    text = "Sinds twee weken komt hij moe binnen en hij mist afspraken."
    page.get_by_label("Wat ziet u?").fill(text)
    page.get_by_role("button", name="Signaal versturen").click()
    expect(page.get_by_role("status").filter(has_text="Uw zorgen-signaal is verstuurd")).to_be_visible()
    expect(page.get_by_text("Wacht op reactie").first).to_be_visible()
    check_page(page, "jobcoach-04-signal-sent")

    # --- The AD finds it in the inbox, with a deadline, and answers it.
    login(other_page, _ad_email_of(app, employment_id))
    other_page.goto("/inbox")
    section = other_page.get_by_role("region", name="Zorgen-signalen van jobcoaches")
    card = section.locator("li", has=other_page.get_by_text(f"{name}: Het gaat niet goed op het werk")).last
    expect(card).to_be_visible()
    expect(card.get_by_text("Reactie uiterlijk")).to_be_visible()
    check_page(other_page, "jobcoach-05-ad-inbox")
    card.get_by_role("link").click()
    expect(other_page.get_by_text(text)).to_be_visible()
    check_page(other_page, "jobcoach-06-ad-signal")
    other_page.get_by_label("Uw reactie aan de jobcoach").fill("Ik bel de werkgever en u morgen.")
    other_page.get_by_role("button", name="Reactie opslaan").click()
    expect(other_page.get_by_role("status").filter(has_text="Uw reactie is opgeslagen")).to_be_visible()
