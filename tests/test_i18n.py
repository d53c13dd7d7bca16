"""Dutch by default, a complete English translation, and the choice remembered per user."""
import subprocess
import sys
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import time_machine
from babel.messages.pofile import read_po
from flask_babel import force_locale

from portal.extensions import db
from portal.formatting import date_long, hours
from portal.models import User
from tests.conftest import login

ROOT = Path(__file__).parent.parent
CATALOG = ROOT / "portal" / "translations" / "en" / "LC_MESSAGES" / "messages.po"


def extracted_messages(tmp_path):
    pot = tmp_path / "messages.pot"
    subprocess.run(
        [sys.executable, "-m", "babel.messages.frontend", "extract", "-F", "babel.cfg",
         "-k", "lazy_gettext", "-k", "_l", "-o", str(pot), "portal"],
        cwd=ROOT, check=True,
    )
    with pot.open("rb") as handle:
        return read_po(handle)


def test_every_text_in_the_code_has_an_english_translation(tmp_path):
    with CATALOG.open("rb") as handle:
        english = read_po(handle)
    missing, fuzzy = [], []
    for message in extracted_messages(tmp_path):
        if not message.id:
            continue
        translated = english.get(message.id)
        strings = translated and (translated.string if isinstance(translated.string, tuple) else (translated.string,))
        if not translated or not all(strings):
            missing.append(message.id)
        elif translated.fuzzy:
            fuzzy.append(message.id)
    assert not missing, f"{len(missing)} texts without English (run `make translations`): {missing[:10]}"
    assert not fuzzy, f"fuzzy translations to check: {fuzzy[:10]}"
    problems = [(message.id, errors) for message, errors in english.check()]
    assert not problems, problems[:5]


def test_dutch_is_the_default(client):
    page = client.get("/inloggen").get_data(as_text=True)
    assert '<html lang="nl">' in page and "Inloggen" in page


def test_a_visitor_can_switch_to_english_and_back(client):
    response = client.post("/taal", data={"language": "en", "next": "/inloggen"})
    assert response.headers["Location"] == "/inloggen"
    page = client.get("/inloggen").get_data(as_text=True)
    assert '<html lang="en">' in page and "Skip to content" in page
    client.post("/taal", data={"language": "nl", "next": "/inloggen"})
    assert '<html lang="nl">' in client.get("/inloggen").get_data(as_text=True)


def test_the_switch_ignores_unknown_languages_and_other_sites(client):
    response = client.post("/taal", data={"language": "xx", "next": "https://evil.example/"})
    assert response.headers["Location"] == "/"
    assert '<html lang="nl">' in client.get("/inloggen").get_data(as_text=True)


def test_the_choice_is_remembered_for_the_user(client, app, world):
    login(client, world.employer_a)
    client.post("/taal", data={"language": "en", "next": "/medewerkers"})
    db.session.expire_all()
    assert db.session.get(User, world.employer_a.id).language == "en"
    client.post("/uitloggen")
    assert '<html lang="en">' in client.get("/inloggen").get_data(as_text=True)  # the login page too

    with app.test_client() as other_browser:
        login(other_browser, world.employer_a)
        page = other_browser.get("/medewerkers").get_data(as_text=True)
        assert '<html lang="en">' in page and "Log out" in page


def test_a_language_chosen_before_login_becomes_the_users_choice(client, world):
    client.post("/taal", data={"language": "en", "next": "/inloggen"})
    login(client, world.employer_a)
    db.session.expire_all()
    assert db.session.get(User, world.employer_a.id).language == "en"


def test_dates_follow_the_language(app):
    with app.test_request_context():
        assert date_long(date(2026, 11, 27)) == "vrijdag 27 november 2026"
        with force_locale("en"):
            assert date_long(date(2026, 11, 27)) == "Friday 27 November 2026"
            assert hours(16.5) == "16.5"
        assert hours(16.5) == "16,5" and hours(32) == "32"


def test_a_language_chosen_before_a_two_factor_login_survives_the_code_step(client, world):
    client.post("/taal", data={"language": "en", "next": "/inloggen"})
    login(client, world.ad1)
    db.session.expire_all()
    assert db.session.get(User, world.ad1.id).language == "en"
    assert '<html lang="en">' in client.get("/inbox").get_data(as_text=True)


def test_a_session_that_times_out_keeps_the_users_language(client, world):
    start = datetime.now(UTC)
    with time_machine.travel(start, tick=False):
        login(client, world.employer_a)
        client.post("/taal", data={"language": "en", "next": "/medewerkers"})
    with time_machine.travel(start + timedelta(hours=1), tick=False):
        page = client.get("/medewerkers", follow_redirects=True).get_data(as_text=True)
    assert '<html lang="en">' in page and "You were inactive for a while" in page


def test_fixed_event_notes_are_shown_in_the_readers_language(app):
    from portal.formatting import stored_note

    with app.test_request_context(), force_locale("en"):
        assert stored_note("De melding is ingetrokken.") == "The notice has been withdrawn."
        assert stored_note("Medewerker wil 50% minder uren") == '<span lang="nl">Medewerker wil 50% minder uren</span>'
