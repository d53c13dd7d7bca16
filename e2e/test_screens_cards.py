"""Issue 18 in the browser: the lists of employer, AD and WSP are cards at 320 px with the row's
action on screen, the header leaves two thirds of a phone's first screen, status tags differ, and
the AD reads the notes before confirming. Every state goes through axe (check_page), which also
saves the 320 px screenshots of the card lists in e2e/artifacts/."""
from __future__ import annotations

from playwright.sync_api import Page, expect

from e2e.a11y import NARROW, check_page, screenshot
from e2e.helpers import WSP_ADVISER, file_notice

# What sticks out sideways on the page, and where each card's action link is.
_CARDS_JS = """() => {
  const doc = document.documentElement;
  const rows = [...document.querySelectorAll('table.cards tbody tr')];
  const actions = rows.map(row => {
    const link = row.querySelector('td.row-action a, td.row-action button') || row.querySelector('a');
    const rect = link.getBoundingClientRect();
    return {text: link.innerText.trim(), left: rect.left, right: rect.right};
  });
  const boxes = [...document.querySelectorAll('.table-scroll')].map(el => ({scroll: el.scrollWidth, client: el.clientWidth}));
  const first = rows[0] && getComputedStyle(rows[0]).display;
  return {scrollWidth: doc.scrollWidth, clientWidth: doc.clientWidth, actions, boxes, rowDisplay: first};
}"""


def assert_cards_fit(page: Page, name: str) -> None:
    """At 320 px: rows are cards (not table rows), nothing scrolls sideways, every action is on screen."""
    page.set_viewport_size(NARROW)
    result = page.evaluate(_CARDS_JS)
    assert result["actions"], f"{name}: no rows"
    assert result["rowDisplay"] == "block", f"{name}: rows are not cards at 320 px ({result['rowDisplay']})"
    assert result["scrollWidth"] <= result["clientWidth"], f"{name}: the page scrolls sideways: {result}"
    for box in result["boxes"]:
        assert box["scroll"] <= box["client"], f"{name}: the list scrolls sideways inside its box: {box}"
    for action in result["actions"]:
        assert action["left"] >= 0 and action["right"] <= NARROW["width"], f"{name}: action off screen: {action}"
    first_action = page.locator("table.cards tbody tr").first.locator("td.row-action a, a").first
    first_action.scroll_into_view_if_needed()
    expect(first_action).to_be_in_viewport()
    screenshot(page, f"cards-{name}-320px")


def header_share(page: Page) -> float:
    """The part of a 320x640 first screen taken by header, menu and demo banner."""
    page.set_viewport_size(NARROW)
    return page.evaluate("""() => {
      const header = document.querySelector('.site-header').getBoundingClientRect();
      const demo = document.querySelector('.notice-demo');
      const demoHeight = demo ? demo.getBoundingClientRect().height : 0;
      return (header.height + demoHeight) / window.innerHeight;
    }""")


def test_the_employer_list_is_cards_on_a_phone_with_a_small_header(employer: Page, app):
    page = employer
    page.goto("/medewerkers")
    check_page(page, "screens-employer-medewerkers")
    assert_cards_fit(page, "employer-medewerkers")
    # The demo banner shows in the demo (development config), not in the testing config: on for this page.
    app.config["SHOW_DEMO_NOTICE"] = True
    try:
        page.goto("/medewerkers")
        expect(page.locator(".notice-demo")).to_be_visible()
        assert header_share(page) <= 1 / 3, "header, menu and demo banner take more than a third of the screen"
        check_page(page, "screens-employer-medewerkers-demo")
    finally:
        app.config["SHOW_DEMO_NOTICE"] = False
    expect(page.locator(".who-organisation")).to_be_visible()
    expect(page.locator(".who-organisation")).to_contain_text("Groenvoorziening De Linde")
    # One primary button on the screen: the row actions are secondary.
    page.set_viewport_size({"width": 1280, "height": 800})
    primary = page.locator("main .button:not(.button-secondary)")
    assert primary.count() <= 1, f"{primary.count()} primary buttons on the employee list"
    page.goto("/meldingen")
    check_page(page, "screens-employer-meldingen")
    assert_cards_fit(page, "employer-meldingen")
    page.goto("/herbezetting")
    check_page(page, "screens-employer-plek-opnieuw-invullen")
    assert_cards_fit(page, "employer-plek-opnieuw-invullen")


def test_status_tags_look_different(employer: Page):
    page = employer
    page.goto("/meldingen")
    colours = page.evaluate("""() => {
      const seen = {};
      for (const tag of document.querySelectorAll('.status')) {
        const state = [...tag.classList].find(c => c.startsWith('status-'));
        const style = getComputedStyle(tag);
        seen[state] = style.backgroundColor + '|' + style.color;
      }
      return seen;
    }""")
    assert len(colours) >= 3, f"too few states on the list to compare: {colours}"
    assert len(set(colours.values())) == len(colours), f"two states share a tag style: {colours}"
    assert all(not value.startswith("rgba(0, 0, 0, 0)") for value in colours.values()), colours


def test_the_ad_lists_are_cards_and_the_notice_page_asks_last(page: Page, login, app, today):
    notice = file_notice(app, today, job_title="Medewerker plantsoen")
    login(page, "s.devries@uwv.example")
    page.goto("/inbox")
    check_page(page, "screens-ad-inbox")
    assert_cards_fit(page, "ad-inbox")
    page.goto("/caseload")
    check_page(page, "screens-ad-mijn-medewerkers")
    assert_cards_fit(page, "ad-mijn-medewerkers")

    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto(f"/meldingen/{notice['notice_id']}")
    check_page(page, "screens-ad-melding")
    notes = page.get_by_role("heading", name="Overdracht van de werkgever")
    confirm = page.get_by_role("button", name="Ik heb deze melding gelezen")
    assert notes.bounding_box()["y"] < confirm.bounding_box()["y"], "the confirmation comes before the notes"
    page.get_by_role("link", name="Terug naar de inbox").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Inbox")


def test_the_wsp_queue_is_cards_on_a_phone(page: Page, login, app, today):
    file_notice(app, today, job_title="Medewerker groenbeheer")
    login(page, WSP_ADVISER)
    page.goto("/wsp/verzoeken")
    check_page(page, "screens-wsp-verzoeken")
    assert_cards_fit(page, "wsp-verzoeken")
    page.goto("/wsp/kandidaten")
    check_page(page, "screens-wsp-kandidatenpool")
    if page.locator("table.cards tbody tr").count():  # the demo's pool candidates are in other regions
        assert_cards_fit(page, "wsp-kandidatenpool")


def test_the_invitation_form_asks_for_regions_only_for_an_adviser(page: Page, login):
    login(page, "beheer@servicepunt.example")
    page.goto("/beheer/gebruikers/uitnodigen")
    regions = page.get_by_role("group", name="Regio's")
    page.get_by_label("Werkgever", exact=True).check()
    expect(regions).to_be_hidden()
    expect(page.get_by_label("KvK-nummer van de organisatie")).to_be_visible()
    check_page(page, "screens-admin-uitnodigen-werkgever")
    page.get_by_label("Adviseur Werkgeversservicepunt").check()
    expect(regions).to_be_visible()
    expect(page.get_by_label("KvK-nummer van de organisatie")).to_be_hidden()
    check_page(page, "screens-admin-uitnodigen-wsp")


def test_the_job_coach_list_is_cards_on_a_phone(page: Page, login):
    login(page, "w.brands@jobcoachplus.example")  # Willem Brands, Jobcoach Plus (seed_demo)
    page.goto("/jobcoach")
    check_page(page, "screens-jobcoach-mijn-medewerkers")
    assert_cards_fit(page, "jobcoach-mijn-medewerkers")
    page.locator("table.cards tbody tr").first.locator("td.row-action a").click()
    expect(page.get_by_text("Vervanger (bij afwezigheid)")).to_be_visible()
    check_page(page, "screens-jobcoach-medewerker")
