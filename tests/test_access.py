"""The access matrix: every route declares who may use it, and the scopes hold per role."""
import pytest

from portal.auth.permissions import ANY_ROLE, API_CLIENT, PUBLIC, SUBSCRIBER_PERMISSION
from portal.models import API_ACCESS_LEVELS, API_RESOURCES, ROLES
from tests.conftest import login
from tests.factories import make_notice


def test_every_route_declares_an_access_rule(app):
    missing = []
    for rule in app.url_map.iter_rules():
        if rule.endpoint == "static":
            continue
        view = app.view_functions[rule.endpoint]
        declared = getattr(view, "access_rule", None)
        if declared == (API_CLIENT,):
            # /api/v1: a client token with a permission on a resource (portal/api/auth.py api_allow),
            # or its own subscriptions (api_allow_subscriber).
            permission = getattr(view, "api_permission", (None, None))
            resource, level = permission
            known = permission == SUBSCRIBER_PERMISSION or (resource in API_RESOURCES and level in API_ACCESS_LEVELS)
            if not rule.endpoint.startswith("api.") or not known:
                missing.append(rule.rule)
            continue
        if not declared or not set(declared) <= set(ROLES) | {PUBLIC, ANY_ROLE}:
            missing.append(rule.rule)
    assert missing == []


def test_no_get_route_changes_state(app):
    """State changes are POST-only; pages that show a form accept both."""
    post_only = {"auth.logout", "notices.acknowledge", "vacancies.claim", "vacancies.cancel",
                 "admin.retry_email", "admin.retry_webhooks"}
    for rule in app.url_map.iter_rules():
        if rule.endpoint in post_only:
            assert "GET" not in rule.methods, rule.rule


PAGES = {
    "/medewerkers": {"employer"},
    "/meldingen": {"employer"},
    "/herbezetting": {"employer"},
    "/inbox": {"ad"},
    "/caseload": {"ad"},
    "/wsp/verzoeken": {"wsp"},
    "/beheer/": {"admin"},
    "/beheer/herbezetting": {"admin"},
    "/beheer/regios": {"admin"},
    "/beheer/e-mail": {"admin"},
    "/beheer/webhooks": {"admin"},
    "/beheer/toegangslog": {"admin"},
    "/inzicht": {"employer", "ad", "admin"},  # and WSP coordinators (not the adviser in this test)
    "/beheer/organisaties": {"admin"},
    "/beheer/gebruikers": {"admin"},
    "/beheer/arbeidsdeskundigen": {"admin"},
    "/organisatie": {"employer"},
    "/account/afwezigheid": {"ad"},
    "/jobcoach": {"jobcoach"},
}
ROLE_USERS = {"employer": "employer_a", "ad": "ad1", "wsp": "wsp_amsterdam", "admin": "admin", "jobcoach": "coach_a"}


@pytest.mark.parametrize("role", ROLE_USERS)
def test_list_pages_per_role(client, world, role):
    login(client, getattr(world, ROLE_USERS[role]))
    for path, roles in PAGES.items():
        expected = 200 if role in roles else 403
        assert client.get(path).status_code == expected, (role, path)


def test_anonymous_users_only_reach_login_and_health(client):
    assert client.get("/inloggen").status_code == 200
    assert client.get("/health").get_json() == {"status": "ok"}
    assert client.get("/health/live").get_json() == {"status": "ok"}
    for path in PAGES:
        assert client.get(path).status_code == 302


def object_urls(world):
    notice_a = make_notice(world.employer_a, world.emp_a1)
    notice_b = make_notice(world.employer_b, world.emp_b1)
    return {
        "notice_a": f"/meldingen/{notice_a.id}",
        "notice_b": f"/meldingen/{notice_b.id}",
        "refill_a": f"/herbezetting/{notice_a.refill_request.id}",
        "refill_b": f"/herbezetting/{notice_b.refill_request.id}",
        "employee_a": f"/medewerkers/{world.emp_a1.employee_id}",
        "employee_b": f"/medewerkers/{world.emp_b1.employee_id}",
        "new_notice_b": f"/contracten/{world.emp_b1.id}/einde-melden",
        # The job coach's pages (issue 16.2): coach_a coaches emp_a1 only.
        "coached_a1": f"/jobcoach/dienstverbanden/{world.emp_a1.id}",
        "coached_a2": f"/jobcoach/dienstverbanden/{world.emp_a2.id}",
        "coached_b": f"/jobcoach/dienstverbanden/{world.emp_b1.id}",
        "invite_a1": f"/dienstverbanden/{world.emp_a1.id}/jobcoach",
    }


# Who sees what (DESIGN.md): other organisations' objects are simply not found.
MATRIX = {
    "employer_a": {"notice_a": 200, "notice_b": 404, "refill_a": 200, "refill_b": 404, "employee_a": 200,
                   "employee_b": 404, "new_notice_b": 404},
    "employer_b": {"notice_a": 404, "notice_b": 200, "refill_a": 404, "refill_b": 200, "employee_a": 404,
                   "employee_b": 200, "new_notice_b": 200},
    "ad1": {"notice_a": 200, "notice_b": 404, "refill_a": 200, "refill_b": 404, "employee_a": 200,
            "employee_b": 404, "new_notice_b": 403},
    "ad2": {"notice_a": 200, "refill_a": 200, "employee_a": 200},  # backup of emp_a1
    "ad3": {"notice_a": 404, "notice_b": 200, "refill_a": 404, "employee_a": 404, "employee_b": 200},
    "wsp_amsterdam": {"notice_a": 403, "refill_a": 200, "refill_b": 404, "employee_a": 403, "new_notice_b": 403},
    "wsp_rijnmond": {"refill_a": 404, "refill_b": 200},
    "admin": {"notice_a": 403, "refill_a": 200, "refill_b": 200, "employee_a": 403, "invite_a1": 200,
              "coached_a1": 403},
    # A job coach sees only the employments they coach, and nothing of the employer's or UWV's pages.
    "coach_a": {"coached_a1": 200, "coached_a2": 404, "coached_b": 404, "notice_a": 403, "refill_a": 403,
                "employee_a": 403, "new_notice_b": 403, "invite_a1": 403},
}


@pytest.mark.parametrize("user_name", MATRIX)
def test_object_access_matrix(client, world, user_name):
    urls = object_urls(world)
    login(client, getattr(world, user_name))
    for key, expected in MATRIX[user_name].items():
        assert client.get(urls[key]).status_code == expected, (user_name, key)


def test_actions_on_other_organisations_objects_are_not_found(client, world):
    notice_b = make_notice(world.employer_b, world.emp_b1)
    login(client, world.employer_a)
    assert client.post(f"/meldingen/{notice_b.id}/intrekken", data={"note": "x"}).status_code == 404
    assert client.post(f"/herbezetting/{notice_b.refill_request.id}/annuleren").status_code == 404
    client.post("/uitloggen")
    login(client, world.ad1)
    assert client.post(f"/meldingen/{notice_b.id}/gelezen").status_code == 404
    client.post("/uitloggen")
    login(client, world.wsp_amsterdam)
    assert client.post(f"/herbezetting/{notice_b.refill_request.id}/oppakken").status_code == 404


def test_roles_cannot_take_each_others_steps(client, world):
    notice = make_notice(world.employer_a, world.emp_a1)
    login(client, world.employer_a)
    assert client.post(f"/meldingen/{notice.id}/gelezen").status_code == 403
    assert client.post(f"/herbezetting/{notice.refill_request.id}/oppakken").status_code == 403
    client.post("/uitloggen")
    login(client, world.ad1)
    assert client.post(f"/meldingen/{notice.id}/intrekken", data={"note": "x"}).status_code == 403
    assert client.post(f"/herbezetting/{notice.refill_request.id}/oppakken").status_code == 403


def test_ad_inbox_shows_caseload_and_backups_only(client, world):
    mine = make_notice(world.employer_a, world.emp_a2)  # ad2 is the AD
    backup = make_notice(world.employer_a, world.emp_a1)  # ad2 is the backup
    other = make_notice(world.employer_b, world.emp_b1)  # ad3
    login(client, world.ad2)
    page = client.get("/inbox").get_data(as_text=True)
    assert f"/meldingen/{mine.id}\"" in page and f"/meldingen/{backup.id}\"" in page
    assert f"/meldingen/{other.id}\"" not in page
