"""A real local HTTP receiver for webhook tests, and API clients to subscribe with."""
from __future__ import annotations

import json
import threading
import uuid
from collections import Counter
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from portal.extensions import db
from portal.models import ApiClient, utcnow
from portal.unit_of_work import unit_of_work
from portal.webhooks import subscription_service
from portal.webhooks.signing import verify

ALL_READ = {"notices": "read", "refill_requests": "read", "assignments": "read", "pool": "read"}


@dataclass
class Request:
    headers: dict[str, str]
    body: bytes
    signature_ok: bool

    @property
    def json(self) -> dict:
        return json.loads(self.body)


@dataclass
class Receiver:
    """Checks each request's signature like a real receiver, answers with the next status code
    (200 when none are left), and can hold a request until released."""

    secret: str = ""
    statuses: list[int] = field(default_factory=list)
    hold: bool = False
    requests: list[Request] = field(default_factory=list)
    # Idempotency keys the receiver handled: answered 2xx to, and not seen before.
    handled: Counter = field(default_factory=Counter)
    arrived: threading.Event = field(default_factory=threading.Event)
    release: threading.Event = field(default_factory=threading.Event)

    def start(self) -> Receiver:
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802  (the http.server name)
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                headers = {key.lower(): value for key, value in self.headers.items()}
                ok = verify(receiver.secret, headers, body, int(utcnow().timestamp()))
                receiver.requests.append(Request(headers, body, ok))
                receiver.arrived.set()
                if receiver.hold:
                    receiver.release.wait(30)
                status = receiver.statuses.pop(0) if receiver.statuses else 200
                if not ok:
                    status = 401
                if 200 <= status < 300:  # handled before the answer, as a real receiver would
                    receiver.handled[headers.get("webhook-id")] += 1
                self.send_response(status)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args):  # quiet
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()
        return self

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}/hooks"

    def stop(self) -> None:
        self.release.set()
        self.server.shutdown()
        self.server.server_close()


def make_client(scope_kind="national", organisation=None, regions=(), permissions=None, name="Koppeling") -> ApiClient:
    client = ApiClient(client_key=uuid.uuid4().hex, name=name, scope_kind=scope_kind, organisation=organisation,
                       regions=list(regions), permissions=dict(ALL_READ if permissions is None else permissions),
                       is_active=True, token_version=1)
    db.session.add(client)
    db.session.commit()
    return client


def subscribe(client, receiver: Receiver, channels=("notices",), **filters):
    with unit_of_work():
        subscription, secret = subscription_service.create_subscription(client, receiver.url, list(channels), **filters)
    receiver.secret = secret
    return subscription
