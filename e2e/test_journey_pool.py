"""Journey 4 (issue 14, van werk naar werk): one employer's leaver fills another employer's freed job.

The De Linde employer files a notice with consent in the browser -> the AD reads it, plans WSP
mediation and publishes a profile (adding Rijnmond, where the person also wants to work) -> Nora
Peters, the WSP adviser of Rijnmond, matches the candidate to Zorggroep Horizon's open refill request
and proposes them -> Horizon answers "interested" -> the AD records the introduction consent -> Horizon
sees the name -> the adviser records the hire -> Horizon's dashboard lists the person with the AD,
and De Linde's old notice shows "Nieuwe baan per <datum>". Axe runs on every page.
"""
from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from babel.dates import format_date
from playwright.sync_api import Page, expect

from e2e.a11y import check_page
from e2e.helpers import EMPLOYER, OTHER_EMPLOYER_KVK, file_notice_in_steps, fill_date, free_employments

NEW_EMPLOYER = "a.bakker@horizon.example"  # Zorggroep Horizon, Rotterdam (Rijnmond)
RIJNMOND_ADVISER = "n.peters@wsp.example"
RIJNMOND_ADVISER_NAME = "Nora Peters"
JOB_TITLE = "Medewerker groen en tuin"
SECRET_NOTE = "Pool-kanarie: werkt slecht onder tijdsdruk"


def _long(day: date) -> str:
    return format_date(day, "EEEE d MMMM y", locale="nl")


def horizon_refill(app, today: date) -> dict:
    """An open refill request of Zorggroep Horizon (another employer), filed through the service for
    this test alone: its own leaver, no handover notes."""
    from sqlalchemy import exists, select

    from portal.extensions import db
    from portal.models import ContractEndNotice, Employment, Location, Organisation, User
    from portal.notices import notice_service as notices
    from portal.notices.notice_service import NoticeInput, RefillDetails
    from portal.unit_of_work import unit_of_work

    with app.app_context(), unit_of_work():
        employment = db.session.scalars(
            select(Employment).join(Location, Employment.location_id == Location.id)
            .join(Organisation, Location.organisation_id == Organisation.id)
            .where(Organisation.kvk_number == OTHER_EMPLOYER_KVK, Location.municipality_id.is_not(None),
                   Employment.end_date.is_(None) | (Employment.end_date >= today),
                   ~exists().where(ContractEndNotice.employment_id == Employment.id))
            .order_by(Employment.id.desc())
        ).first()
        assert employment is not None, "no Horizon contract without a notice is left in the demo data"
        employer = db.session.scalars(select(User).where(User.email == NEW_EMPLOYER)).one()
        notice = notices.file_notice(employer, employment, NoticeInput(
            expected_end_date=employment.end_date or today + timedelta(days=30),
            reason_category="mutual_agreement", initiative="employer", reason_text="Verhuist naar elders.",
            handover_notes={}, notes_discussed=False, consent_given=False, consent_date=None,
            refill=RefillDetails(job_title=JOB_TITLE, hours_per_week=Decimal(24),
                                 tasks="Tuin onderhouden, planten verzorgen en orders klaarzetten.",
                                 requirements="Graag buiten werken."),
        ), today=today)
        return {"refill_id": notice.refill_request.id}


def ad_of(app, notice_id: int) -> dict:
    from portal.extensions import db
    from portal.models import ContractEndNotice

    with app.app_context():
        assignment = db.session.get(ContractEndNotice, notice_id).employment.employee.current_assignment
        return {"email": assignment.ad.email, "name": assignment.ad.name}


def test_a_leaver_is_hired_through_the_pool(page: Page, other_page: Page, app, today: date, login):
    def switch(window: Page, email: str) -> None:
        """Log the window out (if it is logged in) and in again as another user."""
        window.goto("/")
        logout = window.get_by_role("button", name="Uitloggen")
        if logout.count():
            logout.click()
            expect(window.get_by_role("button", name="Uitloggen")).to_have_count(0)
        login(window, email)

    vacancy = horizon_refill(app, today)
    chosen = free_employments(app, today)[0]
    end = chosen["end_date"] or today + timedelta(days=60)

    # --- The employer files the notice in the browser, with the employee's consent for the notes.
    login(page, EMPLOYER)
    page.goto(f"/contracten/{chosen['employment_id']}/einde-melden")
    file_notice_in_steps(page, today, end=end, notes={
        "Taken en werkzaamheden": "Tuin onderhouden en planten verzorgen.",
        "Sterke kanten": "Precies en altijd op tijd.",
        "Aandachtspunten": SECRET_NOTE,
    }, on_step=lambda step: check_page(page, "pool-00-employer-notice-form") if step == "controleren" else None)
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Melding: {chosen['name']}")
    notice_id = int(page.url.rstrip("/").split("/")[-1].split("?")[0].split("#")[0])
    check_page(page, "pool-01-employer-notice-sent")
    ad = ad_of(app, notice_id)

    # --- The AD reads it and plans mediation by the WSP.
    login(other_page, ad["email"])
    other_page.goto(f"/meldingen/{notice_id}")
    other_page.get_by_role("button", name="Ik heb deze melding gelezen").click()
    expect(other_page.locator(".status").first).to_have_text("Gelezen")
    check_page(other_page, "pool-02-ad-notice-read")
    other_page.get_by_role("link", name="Plan vastleggen").click()
    other_page.get_by_label("Interne bemiddeling met het Werkgeversservicepunt (WSP)").check()
    fill_date(other_page, "Wanneer start de hulp?", today + timedelta(days=7))
    check_page(other_page, "pool-03-ad-plan-form")
    other_page.get_by_role("button", name="Plan opslaan").click()
    expect(other_page.locator(".status").first).to_have_text("Plan gemaakt")

    # --- The separate consent for a profile: recorded first, then a draft from the notes, edited.
    fill_date(other_page, "Datum van de toestemming", today)
    other_page.get_by_label("In een gesprek").check()
    other_page.get_by_role("button", name="Toestemming vastleggen").click()
    expect(other_page.get_by_role("status").filter(has_text="De toestemming voor een kandidaatprofiel is vastgelegd"))\
        .to_be_visible()
    check_page(other_page, "pool-04-ad-profile-consent")
    other_page.get_by_role("button", name="Concept-profiel maken").click()
    expect(other_page.get_by_role("heading", level=1)).to_contain_text("Kandidaatprofiel")
    code = other_page.get_by_role("heading", level=1).text_content().split()[-1]
    check_page(other_page, "pool-05-ad-profile-draft")
    other_page.get_by_label("Passend vervolgwerk").fill("Groen en tuin: planten verzorgen, tuin onderhouden")
    other_page.get_by_label("Sterke kanten").fill("Precies en altijd op tijd.")
    other_page.get_by_label("Gewenste uren per week").fill("24")
    other_page.get_by_label("Externe jobcoach").check()
    other_page.get_by_label("Rijnmond (AM22)").check()
    other_page.get_by_role("button", name="Profiel opslaan").click()
    expect(other_page.get_by_role("status").filter(has_text="Het profiel is opgeslagen.")).to_be_visible()
    other_page.goto(f"/meldingen/{notice_id}")
    other_page.get_by_role("button", name="Publiceren in de kandidatenpool").click()
    expect(other_page.get_by_role("status").filter(has_text="Het profiel staat in de kandidatenpool")).to_be_visible()
    expect(other_page.get_by_text(f"Kandidaat {code}: In de kandidatenpool")).to_be_visible()
    check_page(other_page, "pool-06-ad-profile-published")

    # --- The WSP adviser of Rijnmond: the pool, the candidate, the match with Horizon's request.
    switch(page, RIJNMOND_ADVISER)
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Kandidatenpool").click()
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    row = page.locator("tr", has=page.get_by_role("link", name=code, exact=True))
    expect(row).to_be_visible()
    check_page(page, "pool-07-wsp-pool-list")
    row.get_by_role("link", name=code, exact=True).click()
    main = page.locator("main")
    expect(main).to_contain_text(code)
    for secret in (chosen["name"], SECRET_NOTE, "De Linde"):
        expect(main).not_to_contain_text(secret)
    expect(main).to_contain_text(JOB_TITLE)  # Horizon's request among the candidate's matches
    check_page(page, "pool-08-wsp-candidate-matches")
    page.goto(f"/herbezetting/{vacancy['refill_id']}/kandidaten-zoeken")
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Kandidaten voor {JOB_TITLE}")
    match = page.locator("ol.matches > li", has=page.get_by_role("link", name=code, exact=True))
    expect(match).to_contain_text("Uren passen")  # each match says why
    expect(match).to_contain_text("Woorden gemeen met de functie en de taken")
    check_page(page, "pool-09-wsp-refill-matches")
    match.get_by_role("button", name=f"Kandidaat {code} voorstellen").click()
    expect(page.get_by_role("status").filter(has_text=f"Kandidaat {code} is voorgesteld")).to_be_visible()
    proposal_url = page.url
    expect(page.locator(".status").first).to_have_text("Voorgesteld")
    check_page(page, "pool-10-wsp-proposal")

    # --- Horizon sees the pseudonymous profile on its request and answers "interested".
    switch(other_page, NEW_EMPLOYER)
    other_page.goto(f"/herbezetting/{vacancy['refill_id']}")
    other_page.get_by_role("link", name=code).click()
    for secret in (chosen["name"], SECRET_NOTE):
        expect(other_page.locator("main")).not_to_contain_text(secret)
    check_page(other_page, "pool-11-employer-proposal")
    other_page.get_by_role("button", name="Ja, ik wil kennismaken").click()
    expect(other_page.locator(".status").first).to_have_text("Kennismaking")
    expect(other_page.locator("main")).not_to_contain_text(chosen["name"])
    check_page(other_page, "pool-12-employer-interested")

    # --- The AD records the person's agreement to this one introduction.
    switch(page, ad["email"])
    page.goto(f"/meldingen/{notice_id}")
    expect(page.locator("main")).to_contain_text(JOB_TITLE)
    expect(page.locator("main")).to_contain_text("Kennismaking")
    check_page(page, "pool-13-ad-notice-with-proposal")
    page.goto(proposal_url)
    fill_date(page, "Datum van de toestemming", today)
    page.get_by_role("button", name="Toestemming vastleggen").click()
    expect(page.get_by_text(f"Toestemming voor de kennismaking gegeven op {_long(today)}")).to_be_visible()
    check_page(page, "pool-14-ad-introduction-consent")

    # --- Now Horizon sees who the candidate is, and the AD to call.
    other_page.reload()
    expect(other_page.get_by_role("heading", name="Wie is de kandidaat?")).to_be_visible()
    expect(other_page.locator("main")).to_contain_text(chosen["name"])
    expect(other_page.locator("main")).to_contain_text(ad["name"])
    expect(other_page.locator("main")).not_to_contain_text(SECRET_NOTE)
    check_page(other_page, "pool-15-employer-sees-name")

    # --- The adviser records the hire: a start date before the proposal is refused, then the real one.
    switch(page, RIJNMOND_ADVISER)
    page.goto(proposal_url)
    page.get_by_role("link", name="Aangenomen").click()
    check_page(page, "pool-16-wsp-hire-form")
    fill_date(page, "Startdatum", today - timedelta(days=30))
    page.get_by_label("Uren per week").fill("24")
    page.get_by_label("Soort contract").select_option(label="Vast contract")
    page.get_by_role("button", name="Aanname vastleggen").click()
    expect(page.get_by_role("alert").filter(has_text="Er ging iets mis")).to_be_visible()
    check_page(page, "pool-17-wsp-hire-form-errors")
    start = end + timedelta(days=1)
    fill_date(page, "Startdatum", start)
    page.get_by_role("button", name="Aanname vastleggen").click()
    expect(page.get_by_role("status").filter(has_text="De kandidaat is aangenomen.")).to_be_visible()
    expect(page.locator(".status").first).to_have_text("Aangenomen")
    check_page(page, "pool-18-wsp-hired")

    # --- Horizon's dashboard lists the person, with the AD.
    other_page.goto("/?zoek=" + chosen["name"].split()[-1])
    # The new employment's personnel number carries the pool code: the row is this hire's.
    person = other_page.locator("tr", has_text=chosen["name"]).filter(has_text=f"POOL-{code}")
    expect(person).to_contain_text(ad["name"])
    check_page(other_page, "pool-19-new-employer-dashboard")

    # --- De Linde's old notice: closed, "Nieuwe baan per <datum>".
    switch(other_page, EMPLOYER)
    other_page.goto(f"/meldingen/{notice_id}")
    expect(other_page.get_by_text(f"Nieuwe baan per {_long(start)}", exact=True)).to_be_visible()
    expect(other_page.locator(".status").first).to_have_text("Afgerond")
    check_page(other_page, "pool-20-old-employer-notice")
