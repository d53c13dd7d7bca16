"""Journey: the AD closes a notice with a new job (issue 15.1). Before the end date, closing
without a new job, or with a start that has already passed, is refused in plain Dutch; the
outcome "direct" is not a choice but follows from the dates. Then the AD reopens the notice."""
from datetime import date, timedelta

from playwright.sync_api import Page, expect

from e2e.a11y import check_page
from e2e.helpers import file_notice, fill_date


def _acknowledge(app, notice_id: int) -> None:
    from sqlalchemy import select

    from portal.extensions import db
    from portal.models import ContractEndNotice, User
    from portal.notices import notice_service as notices
    from portal.unit_of_work import unit_of_work

    with app.app_context(), unit_of_work():
        notice = db.session.get(ContractEndNotice, notice_id)
        ad = db.session.scalars(select(User).where(User.id == notice.employment.employee.current_assignment.ad_id)).one()
        notices.acknowledge(ad, notice)


def _end_date(app, notice_id: int) -> date:
    from portal.extensions import db
    from portal.models import ContractEndNotice

    with app.app_context():
        return db.session.get(ContractEndNotice, notice_id).expected_end_date


def test_ad_closes_with_a_new_job_after_the_early_close_is_refused(page: Page, app, today: date, login):
    notice = file_notice(app, today, job_title="Medewerker plantenkas")
    _acknowledge(app, notice["notice_id"])
    end = _end_date(app, notice["notice_id"])
    assert end > today, "the demo contract should still be running"
    login(page, notice["ad_email"])

    # --- The closing form: "direct" is no choice; the page says early closing needs a new job.
    page.goto(f"/meldingen/{notice['notice_id']}")
    page.get_by_role("link", name="Afronden").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Melding afronden")
    expect(page.get_by_text("Voor de einddatum kunt u alleen afronden met een nieuwe baan")).to_be_visible()
    outcome = page.get_by_role("group", name="Hoe is het afgelopen?")
    expect(outcome.get_by_label("Direct een nieuwe baan")).to_have_count(0)
    check_page(page, "outcome-01-close-form")

    # --- Early, without a new job: refused, the note kept.
    outcome.get_by_label("Terug naar uitkering").check()
    page.get_by_label("Toelichting").fill("Zoekt nog werk.")
    page.get_by_role("button", name="Afronden").click()
    summary = page.get_by_role("alert").filter(has_text="Er ging iets mis")
    expect(summary).to_contain_text("Eerder afronden kan alleen met een nieuwe baan waarvan de startdatum al vastligt.")
    expect(page.get_by_label("Toelichting")).to_have_value("Zoekt nog werk.")
    check_page(page, "outcome-02-early-close-refused")
    summary.get_by_role("link").first.click()  # the summary leads to the field to fix
    expect(page.get_by_role("group", name="Hoe is het afgelopen?").get_by_role("radio").first).to_be_focused()

    # --- A new job that started last week, before the old end: refused as well.
    page.get_by_role("group", name="Hoe is het afgelopen?").get_by_label("Een nieuwe baan").check()
    fill_date(page, "Startdatum van de nieuwe baan", today - timedelta(days=7))
    page.get_by_label("Naam van de nieuwe werkgever").fill("Kwekerij Het Groene Hart")
    page.get_by_label("Uren per week").fill("24")
    page.get_by_label("Soort contract").select_option(label="Tijdelijk contract")
    page.get_by_role("button", name="Afronden").click()
    expect(page.get_by_role("alert").filter(has_text="Er ging iets mis")).to_contain_text(
        "Eerder afronden kan alleen met een nieuwe baan die nog moet beginnen.")
    expect(page.get_by_label("Naam van de nieuwe werkgever")).to_have_value("Kwekerij Het Groene Hart")
    check_page(page, "outcome-03-past-start-refused")

    # --- A known start two weeks after the end: closed, and it is "direct" by its dates.
    start = end + timedelta(days=14)
    fill_date(page, "Startdatum van de nieuwe baan", start)
    page.get_by_role("button", name="Afronden").click()
    expect(page.get_by_role("status").filter(has_text="De melding is afgerond.")).to_be_visible()
    expect(page.locator(".status").first).to_have_text("Afgerond")
    expect(page.get_by_text("Direct een nieuwe baan").first).to_be_visible()
    expect(page.get_by_text("bij Kwekerij Het Groene Hart", exact=False)).to_be_visible()
    check_page(page, "outcome-04-closed-with-new-job")

    # --- The job falls through: the AD reopens the notice with a reason.
    page.get_by_role("link", name="Melding weer openen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Melding weer openen")
    page.get_by_role("button", name="Melding weer openen").click()
    expect(page.get_by_role("alert").filter(has_text="Er ging iets mis")).to_contain_text(
        "Schrijf kort waarom u de melding weer opent.")
    check_page(page, "outcome-05-reopen-needs-reason")
    page.get_by_label("Waarom opent u de melding weer?").fill("De kwekerij trok het aanbod in.")
    page.get_by_role("button", name="Melding weer openen").click()
    expect(page.get_by_role("status").filter(has_text="De melding is weer open.")).to_be_visible()
    expect(page.locator(".status").first).to_have_text("Gelezen")
    expect(page.get_by_text("De kwekerij trok het aanbod in.")).to_be_visible()
    check_page(page, "outcome-06-reopened")


def _open_follow_up(app) -> dict:
    """The demo's open nazorg question: its id, the AD's e-mail and the employee's name."""
    from sqlalchemy import select

    from portal.extensions import db
    from portal.models import FollowUpTask

    with app.app_context():
        task = db.session.scalars(select(FollowUpTask).where(FollowUpTask.status == "open")
                                  .order_by(FollowUpTask.opens_on)).first()
        assert task is not None, "the demo should hold an open nazorg question"
        assignment = task.notice.employment.employee.current_assignment
        return {"id": task.id, "ad_email": assignment.ad.email, "name": task.notice.employment.employee.name}


def test_ad_answers_the_nazorg_question_from_the_inbox(page: Page, app, today: date, login):
    task = _open_follow_up(app)
    login(page, task["ad_email"])
    page.goto("/inbox")
    question = f"Heeft {task['name']} werk gevonden?"
    nazorg = page.get_by_role("region", name="Nazorg")
    expect(nazorg.get_by_role("link", name=question)).to_be_visible()
    check_page(page, "outcome-07-inbox-with-nazorg")

    nazorg.get_by_role("link", name=question).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(question)
    check_page(page, "outcome-08-nazorg-form")
    page.get_by_label("Nog niet").check()
    page.get_by_label("Wat is de volgende stap?").fill("Sollicitatiegesprek bij de gemeente")
    page.get_by_role("button", name="Antwoord opslaan").click()
    summary = page.get_by_role("alert").filter(has_text="Er ging iets mis")
    expect(summary).to_contain_text("Vul in wanneer de volgende stap is.")
    expect(page.get_by_label("Wat is de volgende stap?")).to_have_value("Sollicitatiegesprek bij de gemeente")
    check_page(page, "outcome-09-nazorg-form-errors")

    fill_date(page, "Wanneer is de volgende stap?", today + timedelta(days=10))
    page.get_by_role("button", name="Antwoord opslaan").click()
    expect(page.get_by_role("status").filter(has_text="Het antwoord is vastgelegd.")).to_be_visible()
    expect(page.get_by_text("Nazorg: nog geen werk")).to_be_visible()
    check_page(page, "outcome-10-notice-with-nazorg")
