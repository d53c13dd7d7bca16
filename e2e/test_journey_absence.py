"""Journey (issue 15): an AD records an absence, the employer files a notice for one of the AD's
employees, and it lands first in the backup's inbox. axe on every page state."""
from datetime import date, timedelta

from babel.dates import format_date
from playwright.sync_api import Page, expect

from e2e.a11y import check_page
from e2e.helpers import EMPLOYER, date_parts, file_notice_in_steps, fill_date, free_employments


def _long(day: date) -> str:
    return format_date(day, "EEEE d MMMM y", locale="nl")


def _free_contract_with_present_ad_and_backup(app, today: date) -> dict:
    """A De Linde contract without a notice whose AD and backup are both at work today."""
    from portal.extensions import db
    from portal.models import Employee

    with app.app_context():
        for chosen in free_employments(app, today):
            assignment = db.session.get(Employee, chosen["employee_id"]).current_assignment
            if assignment and assignment.backup_ad and not assignment.ad.is_absent_on(today) \
                    and not assignment.backup_ad.is_absent_on(today):
                return {**chosen, "ad_email": assignment.ad.email, "ad_name": assignment.ad.name,
                        "backup_email": assignment.backup_ad.email, "backup_name": assignment.backup_ad.name}
    raise AssertionError("no free De Linde contract with a present AD and backup in the demo data")


def _forget_absence(app, email: str) -> None:
    """Safety net: the session's database is shared, so a failed run must not leave the AD away."""
    from sqlalchemy import update

    from portal.extensions import db
    from portal.models import User

    with app.app_context():
        db.session.execute(update(User).where(User.email == email).values(absent_from=None, absent_until=None))
        db.session.commit()


def test_absent_ads_new_notice_lands_with_the_backup(page: Page, other_page: Page, app, today: date, login):
    chosen = _free_contract_with_present_ad_and_backup(app, today)
    last_day = today + timedelta(days=7)
    try:
        _journey(page, other_page, login, chosen, today, last_day)
    finally:
        _forget_absence(app, chosen["ad_email"])


def _journey(page: Page, other_page: Page, login, chosen: dict, today: date, last_day: date) -> None:
    # --- The AD opens "Afwezigheid" from the menu; a last day before the first is explained.
    login(page, chosen["ad_email"])
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Afwezigheid").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Afwezigheid")
    check_page(page, "absence-00-form")
    fill_date(page, "Eerste dag afwezig", last_day)
    fill_date(page, "Laatste dag afwezig", today)
    page.get_by_role("button", name="Opslaan").click()
    summary = page.get_by_role("alert").filter(has_text="Er ging iets mis")
    message = "De laatste dag ligt vóór de eerste dag. Kies een latere datum."
    expect(summary.get_by_role("link", name=message)).to_be_visible()
    assert date_parts(page, "Eerste dag afwezig") == (str(last_day.day), str(last_day.month), str(last_day.year))  # kept
    check_page(page, "absence-01-form-errors")
    summary.get_by_role("link", name=message).click()
    # The error is about the whole date: its first box gets focus.
    expect(page.get_by_role("group", name="Laatste dag afwezig").get_by_label("Dag", exact=True)).to_be_focused()

    fill_date(page, "Eerste dag afwezig", today)
    fill_date(page, "Laatste dag afwezig", last_day)
    page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_role("status").filter(has_text="Uw afwezigheid is opgeslagen.")).to_be_visible()
    expect(page.get_by_text(f"U bent afwezig van {_long(today)} tot en met {_long(last_day)}.")).to_be_visible()
    check_page(page, "absence-02-saved")
    page.get_by_role("button", name="Uitloggen").click()

    # --- The employer sees who covers, and files a notice for the AD's employee.
    covers = f"{chosen['ad_name']} is afwezig tot en met {_long(last_day)}; uw contact is {chosen['backup_name']}."
    login(other_page, EMPLOYER)
    other_page.goto("/medewerkers")
    expect(other_page.get_by_text(covers).first).to_be_visible()
    check_page(other_page, "absence-03-employer-dashboard")
    other_page.goto(f"/contracten/{chosen['employment_id']}/einde-melden")
    file_notice_in_steps(other_page, today, notes={"Sterke kanten": "Precies en altijd op tijd."})
    expect(other_page.get_by_role("heading", level=1)).to_have_text(f"Melding: {chosen['name']}")
    expect(other_page.get_by_text(covers)).to_be_visible()
    check_page(other_page, "absence-04-employer-notice")
    notice_path = "/" + other_page.url.split("/", 3)[3]  # /meldingen/<id>

    # --- The backup's inbox: the notice is there first, marked as work of the absent AD.
    login(page, chosen["backup_email"])
    expect(page.get_by_role("heading", level=1)).to_have_text("Inbox")
    rows = page.get_by_role("region", name="Meldingen").locator("tbody tr")
    mark = f"Voor {chosen['ad_name']}, afwezig tot en met {_long(last_day)}"
    row = rows.filter(has=page.locator(f"a[href='{notice_path}']"))
    expect(row).to_contain_text(mark)
    # Work taken over comes first: every row above this one is taken over too (the AD's older notices).
    texts = rows.all_inner_texts()
    position = next(i for i, text in enumerate(texts) if chosen["name"] in text)
    assert all(mark in text for text in texts[:position + 1]), texts[:position + 1]
    check_page(page, "absence-05-backup-inbox")
    page.get_by_role("button", name="Uitloggen").click()

    # --- Back at work: the AD removes the absence (it started today, so nothing is left).
    login(page, chosen["ad_email"])
    page.goto("/account/afwezigheid")
    page.get_by_role("button", name="Afwezigheid verwijderen").click()
    expect(page.get_by_role("status").filter(has_text="Uw afwezigheid is beëindigd.")).to_be_visible()
    check_page(page, "absence-06-ended")
