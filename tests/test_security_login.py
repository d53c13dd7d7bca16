"""Two-factor login, lockout, rate limits, password rules, change and reset (ASVS 5.0 ch. 6)."""
import re
import time
from datetime import UTC, datetime, timedelta

import pyotp
import time_machine
from sqlalchemy import select

from portal.extensions import db
from portal.models import OutboxEmail, RecoveryCode, User
from tests.conftest import fresh_totp_code, login, make_app
from tests.factories import PASSWORD, TOTP_SECRET, make_user


def password_step(client, user, password=PASSWORD):
    return client.post("/inloggen", data={"email": user.email, "password": password})


def test_a_password_alone_opens_no_page_for_roles_with_two_factor(client, world):
    for user in (world.ad1, world.wsp_amsterdam, world.admin):
        response = password_step(client, user)
        assert response.headers["Location"] == "/inloggen/code"
        for path in ("/inbox", "/wsp/verzoeken", "/beheer/", "/medewerkers", "/account/wachtwoord"):
            assert client.get(path).status_code == 302
        client.get("/inloggen")  # start over


def test_enrolment_with_qr_code_and_recovery_codes(client, world):
    user = make_user("ad", "Nieuwe Arbeidsdeskundige")
    user.totp_secret = None
    db.session.commit()
    assert password_step(client, user).headers["Location"] == "/inloggen/instellen"
    page = client.get("/inloggen/instellen").get_data(as_text=True)
    assert "<svg" in page and "QR-code" in page
    secret = re.search(r'<code class="secret">([A-Z2-7]+)</code>', page).group(1)
    wrong = client.post("/inloggen/instellen", data={"code": "000000"}).get_data(as_text=True)
    assert "Deze code klopt niet" in wrong
    done = client.post("/inloggen/instellen", data={"code": pyotp.TOTP(secret).now()}).get_data(as_text=True)
    codes = re.findall(r"<code>([0-9a-f]{8}-[0-9a-f]{8})</code>", done)
    assert len(codes) == 10
    assert client.get("/inbox").status_code == 200
    db.session.expire_all()
    assert db.session.get(User, user.id).totp_secret == secret
    stored = db.session.scalars(select(RecoveryCode.code_hash).where(RecoveryCode.user_id == user.id)).all()
    assert len(stored) == 10 and not any(c.replace("-", "") in stored for c in codes)  # only hashes


def test_a_code_cannot_be_used_twice(client, app, world):
    login(client, world.ad1)
    client.post("/uitloggen")
    password_step(client, world.ad1)
    db.session.expire_all()
    used_step = db.session.get(User, world.ad1.id).totp_last_step
    same = pyotp.TOTP(TOTP_SECRET).at(used_step * 30)  # exactly the code the first login used
    page = client.post("/inloggen/code", data={"code": same}).get_data(as_text=True)
    assert "Deze code klopt niet of is al gebruikt" in page
    assert client.get("/inbox").status_code == 302


def test_a_code_outside_its_window_is_refused(client, world):
    password_step(client, world.ad1)
    old = pyotp.TOTP(TOTP_SECRET).at(time.time() - 120)
    assert "Deze code klopt niet" in client.post("/inloggen/code", data={"code": old}).get_data(as_text=True)


def test_five_wrong_codes_lock_the_second_step(client, world):
    password_step(client, world.ad1)
    for _ in range(5):
        page = client.post("/inloggen/code", data={"code": "123456"}).get_data(as_text=True)
    assert "te vaak een verkeerde code" in page
    page = client.post("/inloggen/code", data={"code": fresh_totp_code(world.ad1)}).get_data(as_text=True)
    assert "te vaak een verkeerde code" in page
    assert client.get("/inbox").status_code == 302


def test_a_recovery_code_works_once(client, world):
    from portal.auth.twofactor_service import new_recovery_codes

    codes = new_recovery_codes(world.ad1)
    db.session.commit()
    password_step(client, world.ad1)
    assert client.post("/inloggen/code", data={"code": codes[0]}).status_code == 302
    client.post("/uitloggen")
    password_step(client, world.ad1)
    assert client.post("/inloggen/code", data={"code": codes[0]}).status_code == 200


def test_ten_wrong_passwords_lock_the_account_with_the_same_message(client, world):
    for _ in range(10):
        password_step(client, world.employer_a, "verkeerd-wachtwoord-123")
    page = password_step(client, world.employer_a).get_data(as_text=True)
    assert "Het e-mailadres of het wachtwoord klopt niet, of uw account is tijdelijk geblokkeerd." in page
    with time_machine.travel(datetime.now(UTC) + timedelta(minutes=31)):
        assert password_step(client, world.employer_a).status_code == 302


def test_login_attempts_are_rate_limited_per_account(database_url, world):
    app = make_app(database_url, RATELIMIT_ENABLED=True, RATELIMIT_LOGIN_PER_ACCOUNT="3 per 10 minutes")
    client = app.test_client()
    statuses = [password_step(client, world.employer_b, "fout-fout-fout-1").status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    assert "Even wachten" in password_step(client, world.employer_b).get_data(as_text=True)
    # Another account from the same address is not blocked by this account's limit.
    assert password_step(client, world.employer_a).status_code == 302


def test_login_attempts_are_rate_limited_per_address(database_url, world):
    app = make_app(database_url, RATELIMIT_ENABLED=True, RATELIMIT_LOGIN_PER_IP="2 per 10 minutes")
    client = app.test_client()
    statuses = [password_step(client, user, "fout-fout-fout-1").status_code
                for user in (world.employer_a, world.employer_b, world.employer_a2)]
    assert statuses == [200, 200, 429]


def change(client, current, new, repeat=None):
    return client.post("/account/wachtwoord", data={"current_password": current, "new_password": new,
                                                    "repeat_password": new if repeat is None else repeat})


def test_password_rules(client, world):
    login(client, world.employer_a)
    cases = {
        "kort": "Gebruik minstens 12 tekens",
        "passwordpassword": "te makkelijk te raden",
        "aaaaaaaaaaaaaaaa": "te makkelijk te raden",
        "ik werk met wajongers": "zoals &#39;wajong&#39;",
        "bij uwv werken is fijn": "zoals &#39;uwv&#39;",
        "de linde is mijn werk": "zoals &#39;linde&#39;",
    }
    for password, message in cases.items():
        page = change(client, PASSWORD, password).get_data(as_text=True)
        assert message in page, password
    assert "niet gelijk" in change(client, PASSWORD, "een heel goede zin 7", "iets anders hier").get_data(as_text=True)
    assert "Uw huidige wachtwoord klopt niet" in change(client, "fout", "een heel goede zin 7").get_data(as_text=True)
    # Passphrases with spaces and any characters are fine.
    assert change(client, PASSWORD, "Één heel goede zin — met ✓ tekens").status_code == 302


def test_changing_the_password_ends_other_sessions(app, client, world):
    login(client, world.employer_a)
    other = app.test_client()
    login(other, world.employer_a)
    assert change(client, PASSWORD, "een heel goede zin 7").status_code == 302
    assert client.get("/medewerkers").status_code == 200
    assert other.get("/medewerkers").status_code == 302


def reset_link():
    mail = db.session.scalars(select(OutboxEmail).where(OutboxEmail.kind == "password_reset")).one()
    return re.search(r"http://[^\s]+/wachtwoord-herstellen/[\w-]+", mail.body_text).group(0), mail


def test_password_reset_by_single_use_link(client, world):
    page = client.post("/wachtwoord-vergeten", data={"email": "niemand@test.example"}, follow_redirects=True)
    known = client.post("/wachtwoord-vergeten", data={"email": world.ad1.email}, follow_redirects=True)
    for response in (page, known):
        assert "Als dit e-mailadres bij ons bekend is" in response.get_data(as_text=True)
    link, mail = reset_link()
    assert mail.recipient_list == [world.ad1.email]
    path = link.split("5000", 1)[1]
    assert "Gebruik minstens 12 tekens" in client.post(path, data={"new_password": "kort", "repeat_password": "kort"}
                                                        ).get_data(as_text=True)
    response = client.post(path, data={"new_password": "een nieuwe goede zin", "repeat_password": "een nieuwe goede zin"})
    assert response.status_code == 302
    assert client.get(path).status_code == 410  # used
    assert password_step(client, world.ad1).status_code == 200  # old password gone
    # The new password still needs the second step.
    response = password_step(client, world.ad1, "een nieuwe goede zin")
    assert response.headers["Location"] == "/inloggen/code"


def test_password_reset_link_expires_after_thirty_minutes(client, world):
    client.post("/wachtwoord-vergeten", data={"email": world.employer_a.email})
    link, _ = reset_link()
    path = link.split("5000", 1)[1]
    with time_machine.travel(datetime.now(UTC) + timedelta(minutes=31)):
        assert client.get(path).status_code == 410


def test_employers_need_two_factor_in_production_settings(database_url, world):
    app = make_app(database_url, TWO_FACTOR_ROLES="ad,wsp,admin,employer")
    client = app.test_client()
    assert password_step(client, world.employer_a).headers["Location"] == "/inloggen/instellen"
    assert client.get("/medewerkers").status_code == 302




ATTACKER, OWNER, THIRD = "203.0.113.7", "198.51.100.20", "192.0.2.44"


def client_from(app, address):
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = address
    return client


def test_wrong_passwords_from_one_address_do_not_lock_the_user_out_elsewhere(database_url, world):
    app = make_app(database_url, RATELIMIT_ENABLED=True)  # the real limiter with the default limits
    attacker = client_from(app, ATTACKER)
    statuses = [password_step(attacker, world.ad1, "fout-fout-fout-1").status_code for _ in range(11)]
    assert statuses == [200] * 5 + [429] * 6
    db.session.expire_all()
    assert db.session.get(User, world.ad1.id).locked_until is None
    # The right user, from another address: password and code let them in.
    owner = client_from(app, OWNER)
    login(owner, world.ad1)
    assert owner.get("/caseload").status_code == 200
    # The attacker's address stays limited for this account.
    assert password_step(attacker, world.ad1).status_code == 429


def test_ten_wrong_passwords_from_two_addresses_still_lock_the_account(database_url, world):
    app = make_app(database_url, RATELIMIT_ENABLED=True)
    for address in (ATTACKER, OWNER):
        client = client_from(app, address)
        assert [password_step(client, world.employer_b, "fout-fout-fout-1").status_code
                for _ in range(5)] == [200] * 5
    page = password_step(client_from(app, THIRD), world.employer_b)
    assert page.status_code == 200 and "tijdelijk geblokkeerd" in page.get_data(as_text=True)
