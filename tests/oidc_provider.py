"""The real OpenID provider of tests/oidc (npm `oidc-provider` on Node.js), for the login tests.

`make test` installs it (`npm ci` in tests/oidc). `OpenIdProvider` starts it on a free local
port; `restart()` starts it again with a new signing key (a key rotation). `UserAgent` plays the
browser at the provider (its login page) so the Flask test client can log in end to end.
"""
from __future__ import annotations

import json
import re
import socket
import subprocess
import time
from pathlib import Path
from urllib.parse import urljoin

import requests

PROVIDER_DIR = Path(__file__).parent / "oidc"
CLIENT_SECRET = "test-client-secret-not-secret"
# The clients the provider knows; the portal's settings below match them.
CLIENT_IDS = {"eh": "portal-eherkenning", "staff": "portal-staff"}


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class OpenIdProvider:
    def __init__(self, portal_base_urls: list[str]):
        self.port = free_port()
        self.issuer = f"http://127.0.0.1:{self.port}"
        self.accounts: dict[str, dict] = {}
        self.clients = [
            {
                "client_id": client_id, "client_secret": CLIENT_SECRET,
                "redirect_uris": [f"{base}/inloggen/via/{name}/terug" for base in portal_base_urls],
                "post_logout_redirect_uris": [f"{base}/inloggen" for base in portal_base_urls],
            }
            for name, client_id in CLIENT_IDS.items()
        ]
        self.process: subprocess.Popen | None = None

    def start(self) -> OpenIdProvider:
        if not (PROVIDER_DIR / "node_modules" / "oidc-provider").exists():
            raise RuntimeError("the test OpenID provider is not installed: run `make test` or `npm ci` in tests/oidc")
        env = {"PATH": "/usr/local/bin:/usr/bin:/bin", "OIDC_PORT": str(self.port),
               "OIDC_CLIENTS": json.dumps(self.clients), "OIDC_ACCOUNTS": json.dumps(self.accounts)}
        self.process = subprocess.Popen(["node", "provider.mjs"], cwd=PROVIDER_DIR, env=env,
                                        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            try:
                if requests.get(self.issuer + "/.well-known/openid-configuration", timeout=1).ok:
                    return self
            except requests.ConnectionError:
                time.sleep(0.1)
        self.stop()
        raise RuntimeError("the test OpenID provider did not start")

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            self.process.wait(timeout=10)
            self.process = None

    def restart(self) -> None:
        """A new signing key (new kid): what a provider's key rotation looks like to the portal."""
        self.stop()
        self.start()

    def add_account(self, login: str, **claims) -> str:
        self.accounts[login] = claims
        requests.post(self.issuer + "/test/accounts", json={login: claims}, timeout=5).raise_for_status()
        return login

    def kid(self) -> str:
        return requests.get(self.issuer + "/jwks", timeout=5).json()["keys"][0]["kid"]

    def portal_settings(self, timeout: int = 5) -> dict:
        """The portal's PORTAL_OIDC_* settings (without the prefix) for the two test clients."""
        return {
            "OIDC_PROVIDERS": "eh,staff", "OIDC_TIMEOUT_SECONDS": timeout,
            "OIDC_EH_KIND": "eherkenning", "OIDC_EH_ISSUER": self.issuer,
            "OIDC_EH_CLIENT_ID": CLIENT_IDS["eh"], "OIDC_EH_CLIENT_SECRET": CLIENT_SECRET,
            "OIDC_STAFF_KIND": "staff", "OIDC_STAFF_ISSUER": self.issuer,
            "OIDC_STAFF_CLIENT_ID": CLIENT_IDS["staff"], "OIDC_STAFF_CLIENT_SECRET": CLIENT_SECRET,
            "OIDC_STAFF_ROLE_MAP": "uwv-arbeidsdeskundige=ad,wsp-adviseur=wsp,portaalbeheer=admin",
            "OIDC_STAFF_REGION_MAP": "wsp-groot-amsterdam=AM18",
        }


class UserAgent:
    """A browser at the provider: follows its redirects and fills in its login page."""

    def __init__(self, portal_base: str = "http://localhost"):
        self.http = requests.Session()
        self.portal_base = portal_base

    def follow(self, url: str, login: str | None) -> str:
        """Follow the provider until it sends the browser back to the portal; that address."""
        for _ in range(10):
            if url.startswith(self.portal_base):
                return url
            response = self.http.get(url, allow_redirects=False, timeout=10)
            if response.is_redirect:
                url = urljoin(url, response.headers["Location"])
                continue
            form = re.search(r'<form[^>]*action="([^"]+)"', response.text)
            assert form, response.text[:500]
            if 'name="login"' in response.text:
                assert login is not None, "the provider asks for a login"
                data = {"prompt": "login", "login": login, "password": "any"}
            else:  # the logout confirmation
                data = {key: value for key, value in re.findall(r'name="([^"]+)" value="([^"]*)"', response.text)}
                data["logout"] = "yes"
            response = self.http.post(urljoin(url, form.group(1)), data=data, allow_redirects=False, timeout=10)
            assert response.is_redirect, response.text[:500]
            url = urljoin(url, response.headers["Location"])
        raise AssertionError("the provider did not send the browser back")
