"""The public pages in the footer (issue 8): help, accessibility statement, privacy statement."""
from __future__ import annotations

import pytest

from portal.extensions import db
from tests.conftest import login
from tests.factories import make_employment, make_location, make_user, region
from tests.test_query_counts import add_rows, statements_for

PAGES = {
    "/hulp": "Hulp",
    "/toegankelijkheid": "Toegankelijkheidsverklaring",
    "/privacy": "Privacyverklaring",
}
ROLE_USERS = {"employer": "employer_a", "ad": "ad1", "wsp": "wsp_amsterdam", "admin": "admin"}
WSP_CONTACTS = {
    "AM18": ("WSP Groot Amsterdam", "wsp@grootamsterdam.example", "020 123 4567"),
    "AM22": ("WSP Rijnmond", "wsp@rijnmond.example", "010 765 4321"),
}


@pytest.fixture
def wsp_contacts():
    """Regions stay between tests (they are reference data): give two a WSP contact, then undo it."""
    saved = {}
    for code, values in WSP_CONTACTS.items():
        item = region(code)
        saved[code] = (item.wsp_name, item.wsp_email, item.wsp_phone)
        item.wsp_name, item.wsp_email, item.wsp_phone = values
    db.session.commit()
    yield
    for code, values in saved.items():
        item = region(code)
        item.wsp_name, item.wsp_email, item.wsp_phone = values
    db.session.commit()


def assert_page(client, path: str, heading: str) -> str:
    response = client.get(path)
    assert response.status_code == 200, (path, response.status_code)
    page = response.get_data(as_text=True)
    assert f"<title>{heading} – Servicepunt Inclusief</title>" in page
    assert f"<h1>{heading}</h1>" in page
    assert 'class="footer-nav"' in page and 'aria-current="page"' in page
    return page


def test_pages_render_logged_out(client):
    for path, heading in PAGES.items():
        page = assert_page(client, path, heading)
        assert "functioneelbeheer@servicepunt-inclusief.example" in page
    help_page = client.get("/hulp").get_data(as_text=True)
    assert 'href="/inloggen"' in help_page
    assert "Voor werkgevers" in help_page and "Voor arbeidsdeskundigen" in help_page
    assert "Uw vaste contactpersonen" not in help_page


def test_every_page_links_to_them_in_the_footer(client):
    page = client.get("/inloggen").get_data(as_text=True)
    for path in PAGES:
        assert f'href="{path}"' in page


@pytest.mark.parametrize("role", ROLE_USERS)
def test_pages_render_for_each_role(client, world, role):
    login(client, getattr(world, ROLE_USERS[role]))
    for path, heading in PAGES.items():
        assert_page(client, path, heading)
    help_page = client.get("/hulp").get_data(as_text=True)
    assert ("Uw vaste contactpersonen" in help_page) == (role == "employer")
    assert 'href="/inloggen"' not in help_page


def test_accessibility_statement_is_honest(client):
    page = client.get("/toegankelijkheid").get_data(as_text=True)
    assert "WCAG 2.1" in page and "Besluit digitale toegankelijkheid overheid" in page
    assert "voldoet gedeeltelijk" in page
    assert "axe-core" in page and "nog niet met de hand gecontroleerd" in page
    assert "PDF/UA" in page and "Laatste controle:" in page


def test_privacy_statement_names_the_retention_the_code_applies(client, app):
    page = client.get("/privacy").get_data(as_text=True)
    assert f"is een concept {app.config['DRAFT_REMINDER_DAYS']} dagen niet veranderd" in page
    assert f"Na {app.config['DRAFT_DELETE_DAYS']} dagen zonder verandering" in page
    assert "na 24 uur" in page and "14 dagen" in page
    assert "verwijdert deze gegevens nu niet vanzelf" in page
    assert "Autoriteit Persoonsgegevens" in page


def test_employer_help_shows_own_contacts_only(client, world, wsp_contacts):
    login(client, world.employer_a)
    page = client.get("/hulp").get_data(as_text=True)
    assert "Regio Groot Amsterdam" in page and "wsp@grootamsterdam.example" in page and "tel:0201234567" in page
    assert world.loc_a.name in page
    assert world.ad1.name in page and world.ad1.email in page and world.ad2.email in page
    # ad1 guides Daan de Jong (backup ad2); ad2 guides Lieke Bakker (no backup).
    assert page.count("Arbeidsdeskundige van 1 medewerker") == 2
    assert "Vervanger:" in page and "Nog geen vervanger voor 1 medewerker." in page
    # Not Horizon's AD, region or workplaces, and no employee names.
    assert world.ad3.name not in page and world.ad3.email not in page
    assert "Rijnmond" not in page and "wsp@rijnmond.example" not in page and "Regio niet bekend" not in page
    assert "Daan de Jong" not in page


def test_employer_help_of_the_other_organisation(client, world, wsp_contacts):
    login(client, world.employer_b)
    page = client.get("/hulp").get_data(as_text=True)
    assert "Regio Rijnmond" in page and "wsp@rijnmond.example" in page
    assert "Regio niet bekend" in page and world.loc_nowhere.name in page
    assert "Arbeidsdeskundige van 2 medewerkers" in page and world.ad3.email in page
    assert world.ad1.email not in page and world.ad2.email not in page
    assert "Groot Amsterdam" not in page and "wsp@grootamsterdam.example" not in page


def test_ended_contracts_do_not_count(client, world, wsp_contacts):
    from datetime import timedelta

    from portal.formatting import local_today

    utrecht = make_location(world.org_a, "Utrecht")
    gone = make_user("ad", "Oud Contact")
    make_employment(world.org_a, utrecht, gone, None, end=local_today() - timedelta(days=1))
    login(client, world.employer_a)
    page = client.get("/hulp").get_data(as_text=True)
    assert gone.email not in page and utrecht.name not in page


def test_employer_help_takes_a_constant_number_of_queries(app, client, world, wsp_contacts):
    login(client, world.employer_a)
    client.get("/hulp")  # the first request after login may do one-off work
    few, _ = statements_for(app, client, "/hulp")
    add_rows(world, 200)
    for municipality in ("Utrecht", "Rotterdam", "Groningen"):
        location = make_location(world.org_a, municipality)
        for _ in range(3):
            make_employment(world.org_a, location, make_user("ad"), make_user("ad"))
    many, page = statements_for(app, client, "/hulp")
    assert "Arbeidsdeskundige van 201 medewerkers" in page  # ad1: Daan de Jong and the 200 bulk rows
    assert "Regio Rijnmond" in page
    assert len(many) == len(few), "\n\n".join(s.split("\n")[0][:160] for s in many)


def test_an_ad_with_many_backups_shows_the_three_most_frequent_and_points_to_the_employee_list(client, world):
    # A national employer's AD can have a different backup for almost every employee: the help
    # page names the three backups with the most employees and counts the rest, instead of a
    # paragraph per backup (which made the page of the largest employer take 200 ms).
    ad = make_user("ad", "Ank Veel-Vervangers")
    backups = [make_user("ad", f"Vervanger {letter}") for letter in "ABCDE"]
    for backup, employees in zip(backups, (4, 3, 2, 1, 1), strict=True):
        for _ in range(employees):
            make_employment(world.org_a, world.loc_a, ad, backup)
    make_employment(world.org_a, world.loc_a, ad, None)
    login(client, world.employer_a)
    page = client.get("/hulp").get_data(as_text=True)
    card = page[page.index(ad.name):]
    card = card[:card.index("</div>")]
    assert "Arbeidsdeskundige van 12 medewerkers" in page
    for backup, employees in zip(backups[:3], (4, 3, 2), strict=True):
        assert f"Vervanger voor {employees} medewerkers: <strong>{backup.name}</strong>" in card
        assert backup.email in card
    assert backups[3].name not in page and backups[4].email not in page
    assert "Andere vervangers voor 2 medewerkers. U ziet wie dat is bij elke medewerker onder" in card
    assert "Nog geen vervanger voor 1 medewerker." in card
