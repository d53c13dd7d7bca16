"""The idle-timeout warning: shown before the session ends, and 'Blijf ingelogd' keeps it."""
from playwright.sync_api import Page, expect


def test_idle_warning_and_stay_logged_in(page: Page, password: str, base_url: str):
    page.clock.install()
    page.goto("/inloggen")
    page.get_by_label("E-mailadres").fill("m.jansen@delinde.example")
    page.get_by_label("Wachtwoord", exact=True).fill(password)
    page.get_by_role("button", name="Inloggen").click()
    # The clock may only move once the dashboard's script runs: under load the login's redirect
    # could still be on its way, and a jump on the login page warns nobody.
    expect(page).to_have_url(f"{base_url}/medewerkers")
    page.wait_for_load_state("load")
    dialog = page.get_by_role("alertdialog", name="Bent u er nog?")
    expect(dialog).to_be_hidden()

    page.clock.fast_forward("28:00")  # the warning shows 2.5 minutes before the 30 minutes end
    expect(dialog).to_be_visible()
    stay = page.get_by_role("button", name="Blijf ingelogd")
    expect(stay).to_be_focused()
    stay.click()
    expect(dialog).to_be_hidden()

    page.clock.fast_forward("31:00")  # no activity at all: the page goes to the login
    expect(page).to_have_url(f"{base_url}/inloggen")
