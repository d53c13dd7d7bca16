"""Every way a federated login is refused: its own clear Dutch page and an access-log entry
(issue 19). The provider is the real one of tests/oidc; bad tokens come from it, re-signed."""
from __future__ import annotations

import socket
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest
from sqlalchemy import select

from portal.extensions import db
from portal.models import AuditEvent
from tests.conftest import make_app
from tests.oidc_fixtures import (  # noqa: F401
    EH3,
    PORTAL,
    account,
    certified_organisation,
    federated_login,
    oidc_app,
    oidc_client,
    provider,
    start,
)
from tests.oidc_provider import UserAgent, free_port


def assert_refused(response, reason: str, heading: str, status: int, email: str | None = None):
    page = response.get_data(as_text=True)
    assert response.status_code == status, page
    assert f'data-refusal="{reason}"' in page and heading in page
    assert "Naar de inlogpagina" in page
    query = select(AuditEvent).where(AuditEvent.action == f"login_{reason}", AuditEvent.result == "denied")
    if email:
        query = query.where(AuditEvent.actor_email == email)
    db.session.expire_all()
    assert db.session.scalars(query).first() is not None, f"no access-log entry for {reason}"


def provider_return(client, name: str, login_name: str) -> tuple[str, dict]:
    """Log in at the provider but stop before the portal sees the answer: its path and query."""
    back = UserAgent(PORTAL).follow(start(client, name), login_name)
    parts = urlsplit(back)
    return parts.path, {key: values[0] for key, values in parse_qs(parts.query).items()}


# --- the protocol ---------------------------------------------------------------------------

def test_wrong_state(provider, oidc_client):
    path, query = provider_return(oidc_client, "staff", account(provider, roles="uwv-arbeidsdeskundige"))
    response = oidc_client.get(path + "?" + urlencode({**query, "state": "someone-elses-state"}))
    assert_refused(response, "wrong_state", "Deze inlogpoging is niet meer geldig", 400)


def test_missing_state(provider, oidc_client):
    path, query = provider_return(oidc_client, "staff", account(provider, roles="uwv-arbeidsdeskundige"))
    response = oidc_client.get(path + "?" + urlencode({"code": query["code"]}))
    assert_refused(response, "wrong_state", "Deze inlogpoging is niet meer geldig", 400)
    assert oidc_client.get("/account/wachtwoord").status_code == 302  # nobody logged in


def test_replayed_code(provider, oidc_client):
    path, query = provider_return(oidc_client, "staff", account(provider, roles="uwv-arbeidsdeskundige"))
    assert oidc_client.get(path + "?" + urlencode(query)).status_code == 302  # used once: logged in
    oidc_client.post("/uitloggen")
    # The same code again, inside a fresh login attempt of this browser (its own valid state).
    _, fresh = provider_return(oidc_client, "staff", account(provider, roles="uwv-arbeidsdeskundige"))
    response = oidc_client.get(path + "?" + urlencode({**query, "state": fresh["state"]}))
    assert_refused(response, "code_refused", "De inlogdienst weigerde de inlogcode", 400)


def test_made_up_code(provider, oidc_client):
    path, query = provider_return(oidc_client, "staff", account(provider, roles="uwv-arbeidsdeskundige"))
    response = oidc_client.get(path + "?" + urlencode({**query, "code": "x" * 5000}))
    assert_refused(response, "code_refused", "De inlogdienst weigerde de inlogcode", 400)


def test_login_stopped_at_the_provider(oidc_client):
    state = parse_qs(urlsplit(start(oidc_client, "staff")).query)["state"][0]
    response = oidc_client.get("/inloggen/via/staff/terug?" + urlencode({"error": "access_denied", "state": state}))
    assert_refused(response, "cancelled", "Inloggen is gestopt", 400)


def test_wrong_nonce(provider, oidc_client):
    path, query = provider_return(oidc_client, "staff", account(provider, roles="uwv-arbeidsdeskundige"))
    with oidc_client.session_transaction() as session:
        saved = session[f"_state_staff_{query['state']}"]
        saved["data"]["nonce"] = "nonce-of-another-attempt"
        session[f"_state_staff_{query['state']}"] = saved
    response = oidc_client.get(path + "?" + urlencode(query))
    assert_refused(response, "wrong_nonce", "Het bewijs van inloggen hoort niet bij u", 400)


def test_wrong_audience(provider, oidc_client):
    login_name = account(provider, roles="uwv-arbeidsdeskundige", _id_token={"aud": "another-website"})
    response = federated_login(oidc_client, "staff", login_name)
    assert_refused(response, "wrong_audience", "Het bewijs van inloggen is niet voor dit portaal", 400)


def test_forged_signature(provider, oidc_client):
    login_name = account(provider, roles="uwv-arbeidsdeskundige", _id_token={"forge": True})
    response = federated_login(oidc_client, "staff", login_name)
    assert_refused(response, "bad_signature", "Het bewijs van inloggen is niet echt", 400)


def test_wrong_issuer(provider, oidc_client):
    login_name = account(provider, roles="uwv-arbeidsdeskundige", _id_token={"iss": "https://broker.elsewhere.example"})
    response = federated_login(oidc_client, "staff", login_name)
    assert_refused(response, "wrong_issuer", "Het bewijs van inloggen komt van een andere inlogdienst", 400)


def test_expired_id_token(provider, oidc_client):
    login_name = account(provider, roles="uwv-arbeidsdeskundige", _id_token={"exp_offset": -600})
    response = federated_login(oidc_client, "staff", login_name)
    assert_refused(response, "token_expired", "Het bewijs van inloggen is verlopen", 400)


# --- eHerkenning ----------------------------------------------------------------------------

def test_acr_below_eh3(provider, oidc_client):
    organisation = certified_organisation()
    login_name = account(provider, kvk=organisation.kvk_number,
                         _id_token={"acr": "urn:etoegang:core:assurance-class:loa2plus"})
    response = federated_login(oidc_client, "eh", login_name)
    assert_refused(response, "level_too_low", "U logde in op een te laag niveau", 403, f"{login_name}@example.nl")
    assert "niveau EH3 of hoger" in response.get_data(as_text=True)


def test_missing_acr_counts_as_too_low(provider, oidc_client):
    organisation = certified_organisation()
    response = federated_login(oidc_client, "eh", account(provider, kvk=organisation.kvk_number))
    assert_refused(response, "level_too_low", "U logde in op een te laag niveau", 403)


def test_unknown_kvk(provider, oidc_client):
    login_name = account(provider, kvk="99999999", _id_token={"acr": EH3})
    response = federated_login(oidc_client, "eh", login_name)
    assert_refused(response, "unknown_kvk", "Uw organisatie is niet bekend bij Servicepunt Inclusief", 403,
                   f"{login_name}@example.nl")
    assert "aanmelden bij functioneel beheer" in response.get_data(as_text=True)


def test_other_branch_of_a_known_kvk(provider, oidc_client):
    organisation = certified_organisation(branch_number="000012345678")
    login_name = account(provider, kvk=organisation.kvk_number, vestigingsnummer="000099999999", _id_token={"acr": EH3})
    assert_refused(federated_login(oidc_client, "eh", login_name), "unknown_kvk",
                   "Uw organisatie is niet bekend", 403, f"{login_name}@example.nl")


@pytest.mark.parametrize("changes", [{"is_active": False}, {"pso_verified_at": None}])
def test_inactive_kvk(provider, oidc_client, changes):
    organisation = certified_organisation(**changes)
    login_name = account(provider, kvk=organisation.kvk_number, _id_token={"acr": EH3})
    response = federated_login(oidc_client, "eh", login_name)
    assert_refused(response, "inactive_kvk", "Uw organisatie kan nu niet inloggen", 403, f"{login_name}@example.nl")


# --- staff ----------------------------------------------------------------------------------

@pytest.mark.parametrize("roles", [None, [], ["kantine"]])
def test_missing_role_claim(provider, oidc_client, roles):
    claims = {} if roles is None else {"roles": roles}
    login_name = account(provider, **claims)
    response = federated_login(oidc_client, "staff", login_name)
    assert_refused(response, "missing_role", "Uw account heeft geen rol voor dit portaal", 403, f"{login_name}@example.nl")


@pytest.mark.parametrize("regions", [["wsp-atlantis"], [], ["AM18", "ZZ99"]])
def test_unknown_region(provider, oidc_client, regions):
    login_name = account(provider, roles=["wsp-adviseur"], regions=regions)
    response = federated_login(oidc_client, "staff", login_name)
    assert_refused(response, "unknown_region", "Uw regio is niet bekend", 403, f"{login_name}@example.nl")


def test_missing_email_claim(provider, oidc_client):
    login_name = account(provider, roles=["uwv-arbeidsdeskundige"], email="")
    assert_refused(federated_login(oidc_client, "staff", login_name), "missing_claim", "Er ontbreken gegevens over u", 400)


def test_unknown_provider_name(oidc_client):
    assert_refused(oidc_client.post("/inloggen/via/digid"), "unknown_provider", "Deze inlogdienst kent het portaal niet", 400)


# --- a provider that is down, slow or talks nonsense -----------------------------------------

def _portal_for(database_url, issuer):
    settings = {"OIDC_PROVIDERS": "broken", "OIDC_TIMEOUT_SECONDS": 1, "OIDC_BROKEN_KIND": "staff",
                "OIDC_BROKEN_ISSUER": issuer, "OIDC_BROKEN_CLIENT_ID": "portal", "OIDC_BROKEN_CLIENT_SECRET": "x"}
    return make_app(database_url, **settings).test_client()


def assert_unavailable(response):
    page = response.get_data(as_text=True)
    assert response.status_code == 503 and 'data-refusal="provider_unavailable"' in page
    assert "De inlogdienst is nu niet bereikbaar" in page


def test_provider_down(app, database_url):
    assert_unavailable(_portal_for(database_url, f"http://127.0.0.1:{free_port()}").post("/inloggen/via/broken"))


class _Nonsense(BaseHTTPRequestHandler):
    def do_GET(self):  # noqa: N802 (the name http.server calls)
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(b"{not json")

    def log_message(self, *args):
        pass


def test_provider_answers_nonsense(app, database_url):
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Nonsense)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        assert_unavailable(_portal_for(database_url, f"http://127.0.0.1:{server.server_port}").post("/inloggen/via/broken"))
    finally:
        server.shutdown()
        server.server_close()


def test_provider_that_never_answers_times_out(app, database_url):
    silent = socket.socket()
    silent.bind(("127.0.0.1", 0))
    silent.listen(5)  # accepts connections, never says a word
    try:
        client = _portal_for(database_url, f"http://127.0.0.1:{silent.getsockname()[1]}")
        assert_unavailable(client.post("/inloggen/via/broken"))
    finally:
        silent.close()


def test_token_endpoint_that_never_answers_times_out(app, database_url):
    """Discovery answers, the code exchange hangs: the return still ends in the page, in time."""
    silent = socket.socket()
    silent.bind(("127.0.0.1", 0))
    silent.listen(5)

    class Discovery(BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 (the name http.server calls)
            issuer = f"http://127.0.0.1:{self.server.server_port}"
            body = (f'{{"issuer": "{issuer}", "authorization_endpoint": "{issuer}/auth", "jwks_uri": "{issuer}/jwks", '
                    f'"token_endpoint": "http://127.0.0.1:{silent.getsockname()[1]}/token"}}')
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.end_headers()
            self.wfile.write(body.encode())

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Discovery)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        client = _portal_for(database_url, f"http://127.0.0.1:{server.server_port}")
        state = parse_qs(urlsplit(start(client, "broken")).query)["state"][0]
        began = time.monotonic()
        assert_unavailable(client.get("/inloggen/via/broken/terug?" + urlencode({"code": "abc", "state": state})))
        assert time.monotonic() - began < 5
    finally:
        server.shutdown()
        server.server_close()
        silent.close()
