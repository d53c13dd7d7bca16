"""Issue 16: the employee's own page "Mijn overdracht" on a 320 px phone, and what the AD sees.

The employee opens the link from the letter, enters the code, confirms consent and adds a wish;
the AD then sees "Bevestigd door de werknemer op ..." and the wish beside the employer's notes.
axe (WCAG 2.1 A/AA) and the reflow checks run on every page state.
"""
from __future__ import annotations

from playwright.sync_api import expect

from e2e.a11y import NARROW, check_page
from e2e.helpers import file_notice

WISH = "Ik wil graag in een kas blijven werken, niet verder dan 20 minuten fietsen."


def _credentials(app, notice_id: int) -> tuple[str, str]:
    from portal.employee_access import links
    from portal.extensions import db
    from portal.models import ContractEndNotice

    with app.app_context():
        printable = links.printable(db.session.get(ContractEndNotice, notice_id))
        assert printable is not None
        return printable


def test_employee_confirms_consent_and_adds_a_wish_on_a_phone_then_the_ad_sees_both(
        app, today, page, other_page, login):
    notice = file_notice(app, today, job_title="Medewerker kas")
    token, code = _credentials(app, notice["notice_id"])

    page.set_viewport_size(NARROW)
    page.goto(f"/mijn-overdracht/{token}")
    expect(page.get_by_role("heading", name="Mijn overdracht")).to_be_visible()
    expect(page.get_by_text(notice["name"])).to_have_count(0)  # the link alone shows nothing personal
    check_page(page, "employee-code-form")

    page.get_by_label("Uw code").fill("FOUT-CODE")
    page.get_by_role("button", name="Naar mijn pagina").click()
    expect(page.get_by_text("Deze code klopt niet")).to_have_count(2)  # the summary and the field
    check_page(page, "employee-code-wrong")

    page.get_by_label("Uw code").fill(f"{code[:4]} {code[4:]}".lower())
    page.get_by_role("button", name="Naar mijn pagina").click()
    expect(page.get_by_text(f"Voor {notice['name']}.")).to_be_visible()
    expect(page.get_by_text("Rustig, precies en heel betrouwbaar.")).to_be_visible()  # the employer's notes
    expect(page.get_by_text(notice["ad_name"]).first).to_be_visible()
    check_page(page, "employee-page")

    consent = page.get_by_role("group", name="Mag UWV lezen wat uw werkgever over u schreef?")
    consent.get_by_label("Ja, dat vind ik goed").check()
    page.locator("form", has=consent).get_by_role("button", name="Antwoord opslaan").click()
    expect(page.get_by_text("Uw antwoord is opgeslagen.")).to_be_visible()
    expect(page.get_by_text("gezegd: ja, UWV mag dit lezen.")).to_be_visible()

    page.get_by_label("Uw eigen wensen of verbeteringen").fill(WISH)
    page.get_by_role("button", name="Opslaan", exact=True).click()
    expect(page.get_by_text("Uw tekst is opgeslagen.")).to_be_visible()
    expect(page.get_by_text(WISH)).to_be_visible()
    check_page(page, "employee-page-answered")

    ad = login(other_page, notice["ad_email"])
    ad.goto(f"/meldingen/{notice['notice_id']}")
    expect(ad.get_by_text("Bevestigd door de werknemer op")).to_be_visible()
    expect(ad.get_by_text(WISH)).to_be_visible()
    expect(ad.get_by_text("Rustig, precies en heel betrouwbaar.")).to_be_visible()  # beside the employer's
    check_page(ad, "ad-sees-employee-answers")
