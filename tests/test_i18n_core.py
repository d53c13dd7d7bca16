"""The core pages (login, account, AD inbox and caseload, message threads) in English.

The English comes from the merged catalog (portal/translations/en); Dutch stays the default.
"""
from tests.conftest import choose_english, login
from tests.factories import make_notice


def test_the_login_page_and_its_errors_in_english(client):
    choose_english(client, "/inloggen")
    page = client.get("/inloggen").get_data(as_text=True)
    assert "<h1>Log in</h1>" in page
    assert "E-mail address" in page and "Forgot your password?" in page
    page = client.post("/inloggen", data={"email": "nobody@example.nl", "password": "wrong"}).get_data(as_text=True)
    assert "Something went wrong. Please correct this:" in page
    assert "The e-mail address or the password is not correct, or your account is temporarily blocked." in page
    assert "Inloggen" not in page


def test_forgotten_password_and_expired_link_in_english(client):
    choose_english(client)
    page = client.get("/wachtwoord-vergeten").get_data(as_text=True)
    assert "Forgot password" in page and "Send me a link" in page and "Back to login" in page
    page = client.get("/wachtwoord-herstellen/not-a-token").get_data(as_text=True)
    assert "This link no longer works" in page and "Request a new link" in page


def test_the_ad_inbox_and_caseload_in_english(client, world):
    make_notice(world.employer_a, world.emp_a1)
    login(client, world.ad1)
    choose_english(client, "/inbox")
    page = client.get("/inbox").get_data(as_text=True)
    assert "Unread notices are at the top." in page
    assert "New, not read yet" in page  # the workflow's state label
    assert "Response by" in page and "Closed and withdrawn" in page

    client.post("/uitloggen")
    login(client, world.ad2)  # backup AD of Daan de Jong; the language is a choice per user
    choose_english(client, "/caseload")
    page = client.get("/caseload").get_data(as_text=True)
    assert "Search by name or personnel number" in page
    assert "You are the backup case worker for Sanne de Vries" in page


def test_the_message_thread_and_change_password_in_english(client, world):
    notice = make_notice(world.employer_a, world.emp_a1)
    login(client, world.employer_a)
    choose_english(client)
    page = client.get(f"/meldingen/{notice.id}").get_data(as_text=True)
    assert "There are no messages yet." in page and "Send message" in page
    assert "Messages are kept and cannot be changed or deleted." in page
    response = client.post(f"/meldingen/{notice.id}/berichten", data={"body": ""})
    assert "Your message has not been sent" in response.get_data(as_text=True)
    page = client.get("/account/wachtwoord").get_data(as_text=True)
    assert "Current password" in page and "After the change you are logged out on other devices." in page


def test_dutch_stays_the_default_for_the_same_pages(client, world):
    make_notice(world.employer_a, world.emp_a1)
    login(client, world.ad1)
    page = client.get("/inbox").get_data(as_text=True)
    assert "Ongelezen meldingen staan bovenaan." in page and "Nieuw, nog niet gelezen" in page
    client.post("/uitloggen")
    page = client.get("/inloggen").get_data(as_text=True)
    assert "U bent uitgelogd." in page and "Wachtwoord vergeten?" in page
