"""Nothing secret or personal in logs; input escaped; no foreign data in pages or mails (ASVS 5.0)."""
import logging
import re

import pyotp
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select
from wtforms import PasswordField, StringField, TextAreaField

from portal.extensions import db
from portal.formatting import local_today
from portal.models import OutboxEmail
from portal.notices import notice_service as notices
from tests.conftest import fresh_totp_code, login, make_app
from tests.factories import PASSWORD, TOTP_SECRET, make_employment, make_notice, notice_input

BSN = "123456782"
HANDOVER = "CANARY-handover-tekst-4711"


def test_no_secrets_or_personal_data_in_log_records(app, client, world, caplog):
    caplog.set_level(logging.DEBUG)
    # Failure paths: wrong password, wrong code, refused form, CSRF failure, unknown objects.
    client.post("/inloggen", data={"email": world.ad1.email, "password": "FOUT-" + PASSWORD})
    client.post("/inloggen", data={"email": world.ad1.email, "password": PASSWORD})
    wrong_code = "000000" if pyotp.TOTP(TOTP_SECRET).now() != "000000" else "111111"
    client.post("/inloggen/code", data={"code": wrong_code})
    code = fresh_totp_code(world.ad1)
    client.post("/inloggen/code", data={"code": code})
    client.post("/uitloggen")
    login(client, world.employer_a)
    cookie = client.get_cookie(app.config["SESSION_COOKIE_NAME"]).value
    client.post(f"/contracten/{world.emp_a1.id}/einde-melden",
                data={"notes_strengths": HANDOVER + " BSN " + BSN, "reason_text": "x" * 3000})
    client.post(f"/contracten/{world.emp_a1.id}/einde-melden", data={
        "expected_end_date": world.emp_a1.end_date.isoformat(), "reason_category": "other", "initiative": "both",
        "notes_strengths": HANDOVER + " BSN " + BSN, "refill_wanted": "nee"})
    client.get("/meldingen/999999")
    csrf_app = make_app(app.config["DATABASE_URL"], WTF_CSRF_ENABLED=True).test_client()
    page = csrf_app.get("/inloggen").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    csrf_app.post("/inloggen", data={"email": world.employer_a.email, "password": PASSWORD, "csrf_token": "x" + token})

    assert any(r.name == "portal.security" for r in caplog.records)  # the failures were logged...
    logged = "\n".join(
        record.getMessage() + (logging.Formatter().formatException(record.exc_info) if record.exc_info else "")
        for record in caplog.records
    )
    for canary in (PASSWORD, code, wrong_code, cookie, token, BSN, HANDOVER):
        assert canary not in logged


def all_form_classes():
    from flask_wtf import FlaskForm

    import portal.admin.audit_log_views  # noqa: F401
    import portal.auth.account_forms  # noqa: F401
    import portal.employers.renewal_forms  # noqa: F401
    import portal.notices.notice_forms  # noqa: F401
    import portal.vacancies.refill_forms  # noqa: F401

    def subclasses(cls):
        for sub in cls.__subclasses__():
            yield sub
            yield from subclasses(sub)

    return [c for c in subclasses(FlaskForm) if c.__module__.startswith("portal.")]


def test_every_text_field_has_a_maximum_length(app):
    from wtforms.validators import Length

    with app.test_request_context():
        missing = []
        for form_class in all_form_classes():
            form = form_class(meta={"csrf": False})
            for field in form:
                if isinstance(field, (StringField, TextAreaField, PasswordField)) and not any(
                    isinstance(v, Length) and v.max > 0 for v in field.validators
                ):
                    missing.append(f"{form_class.__name__}.{field.name}")
    assert missing == []


def test_requests_over_the_size_limit_are_refused(client, world):
    login(client, world.employer_a)
    response = client.post(f"/contracten/{world.emp_a1.id}/einde-melden/overdracht",
                           data={"notes_tasks": "x" * (3 * 1024 * 1024)})
    assert response.status_code == 413
    assert "Het bestand is te groot" in response.get_data(as_text=True)


PAYLOADS = st.one_of(
    st.sampled_from(['<script>alert(1)</script>', '"><img src=x onerror=alert(1)>', "</textarea><b>x</b>",
                     "{{ 7*7 }}", "javascript:alert(1)", "<svg onload=alert(1)>"]),
    st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=60).map(lambda t: "<b>" + t),
)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(payload=PAYLOADS)
def test_typed_text_is_escaped_everywhere_it_is_shown(client, world, payload):
    from markupsafe import escape

    notice = make_notice(world.employer_a, world.emp_a1, reason_text=payload, refill=True,
                         handover_notes={"notes_tasks": payload, "notes_wishes": payload})
    notice.refill_request.tasks = payload
    db.session.commit()
    login(client, world.employer_a)
    for path in (f"/meldingen/{notice.id}", f"/herbezetting/{notice.refill_request.id}"):
        html = client.get(path).get_data(as_text=True)
        assert payload.strip() == "" or str(escape(payload.strip())) in html
        assert "<script>alert(1)</script>" not in html and "<img src=x" not in html and "<svg onload" not in html
    # The form shows it back escaped too, when validation fails.
    form = client.post(f"/contracten/{world.emp_a2.id}/einde-melden/einde", data={"reason_text": payload}).get_data(as_text=True)
    assert "<script>alert(1)</script>" not in form and "<img src=x" not in form
    client.post("/uitloggen")
    notices.withdraw(world.employer_a, notice, "opruimen")


def test_errors_show_a_generic_page_without_traceback(database_url):
    app = make_app(database_url, TESTING=False, PROPAGATE_EXCEPTIONS=False)

    def boom():
        raise RuntimeError("geheime details 4711")

    boom.access_rule = ("public",)
    app.add_url_rule("/boom", "boom", boom)
    response = app.test_client().get("/boom")
    html = response.get_data(as_text=True)
    assert response.status_code == 500 and "Er ging iets mis bij ons" in html
    assert "Traceback" not in html and "geheime details" not in html


CANARY = "KANARIE"


@pytest.fixture
def foreign_world(world):
    """Organisation B, region Rijnmond and AD3's caseload, full of canaries."""
    employment = make_employment(world.org_b, world.loc_b, world.ad3, None, name=f"{CANARY} Medewerker")
    notice = notices.file_notice(
        world.employer_b, employment,
        notice_input(employment, reason_text=f"{CANARY} reden", handover_notes={"notes_tasks": f"{CANARY} notities"}),
        today=local_today(),
    )
    notice.refill_request.job_title = f"{CANARY} functie"
    db.session.commit()
    return world, employment, notice


def object_paths(app, employment, notice):
    ids = {"employee_id": employment.employee_id, "employment_id": employment.id, "notice_id": notice.id,
           "refill_id": notice.refill_request.id, "prompt_id": 1, "email_id": 1}
    rules = [r for r in app.url_map.iter_rules() if "GET" in r.methods and r.arguments and r.endpoint != "static"]
    return [(rule, re.sub(r"<(?:int:)?(\w+)>", lambda m: str(ids.get(m.group(1), 1)), rule.rule)) for rule in rules]


@pytest.mark.parametrize("user_name", ["employer_a", "ad1", "wsp_amsterdam"])
def test_foreign_objects_are_not_found_and_leak_nothing(app, client, foreign_world, user_name):
    world, employment, notice = foreign_world
    login(client, getattr(world, user_name))
    for rule, path in object_paths(app, employment, notice):
        if rule.endpoint in ("account.reset_password",):
            continue
        response = client.get(path)
        assert CANARY not in response.get_data(as_text=True), path
        if rule.endpoint.startswith(("notices.", "employers.", "vacancies.")):
            assert response.status_code in (403, 404), path
    for path in ("/medewerkers", "/meldingen", "/herbezetting", "/inbox", "/caseload", "/wsp/verzoeken"):
        assert CANARY not in client.get(path).get_data(as_text=True), path


def test_mails_about_foreign_objects_reach_only_their_own_people(foreign_world):
    world, employment, notice = foreign_world
    allowed = {world.employer_b.email, world.ad3.email, world.wsp_rijnmond.email}
    for mail in db.session.scalars(select(OutboxEmail)):
        if CANARY in mail.subject + mail.body_text + mail.body_html:
            assert set(mail.recipient_list) <= allowed, mail.subject
            assert f"{CANARY} notities" not in mail.body_text + mail.body_html  # notes never in mail
