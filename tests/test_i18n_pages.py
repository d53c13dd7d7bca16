"""The public pages in the footer (help, accessibility, privacy) in English.

The English comes from the merged catalog (portal/translations/en); Dutch stays the default.
"""
from tests.conftest import choose_english, login


def test_the_statements_in_english_when_logged_out(client):
    choose_english(client, "/toegankelijkheid")
    page = client.get("/toegankelijkheid").get_data(as_text=True)
    assert "<title>Accessibility statement – Servicepunt Inclusief</title>" in page
    assert "Status: the portal partially meets the requirements." in page
    assert 'aria-label="About this portal"' in page and ">Privacy</a>" in page
    page = client.get("/privacy").get_data(as_text=True)
    assert "<h1>Privacy statement</h1>" in page
    assert "Drafts: has a draft not been changed for 23 days?" in page
    assert "Toegankelijkheidsverklaring" not in page


def test_the_employer_help_in_english(client, world):
    login(client, world.employer_a)
    choose_english(client, "/hulp")
    page = client.get("/hulp").get_data(as_text=True)
    assert "<h1>Help</h1>" in page and "Your fixed contacts" in page
    assert "Case worker (AD) of 1 employee" in page and "Backup case worker:" in page
    assert "Uw vaste contactpersonen" not in page
