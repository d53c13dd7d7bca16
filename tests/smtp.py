"""A real SMTP server (aiosmtpd) for tests, on a free port, with switchable behaviour."""
from __future__ import annotations

import asyncio
import email
import socket
import threading
from email.policy import default as default_policy

from aiosmtpd.controller import Controller


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class RecordingHandler:
    def __init__(self):
        self.messages = []
        self.reply = None  # e.g. "550 No such user" to refuse every message
        self.lock = threading.Lock()
        self.delay = 0.0  # seconds before answering each message (a slow or throttling server)
        self.delays: list[float] = []  # one-off delays for the next messages, before `delay`
        self.data_started = threading.Event()

    async def handle_DATA(self, server, session, envelope):
        self.data_started.set()
        pause = self.delays.pop(0) if self.delays else self.delay
        if pause:
            await asyncio.sleep(pause)
        if self.reply:
            return self.reply
        with self.lock:
            parsed = email.message_from_bytes(envelope.original_content or envelope.content, policy=default_policy)
            self.messages.append((list(envelope.rcpt_tos), parsed))
        return "250 OK"


class SmtpServer:
    def __init__(self, port: int | None = None):
        self.handler = RecordingHandler()
        self.port = port or free_port()
        self.controller = None

    def start(self):
        self.controller = Controller(self.handler, hostname="127.0.0.1", port=self.port)
        self.controller.start()
        return self

    def stop(self):
        if self.controller:
            self.controller.stop()
            self.controller = None

    @property
    def messages(self):
        return self.handler.messages

    def to(self, address: str):
        return [m for rcpt, m in self.messages if address in rcpt]


class SilentServer:
    """Accepts TCP connections and never says a word (no SMTP greeting)."""

    def __init__(self):
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(8)
        self.port = self.sock.getsockname()[1]
        self.connections = []
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self):
        while True:
            try:
                connection, _ = self.sock.accept()
            except OSError:
                return
            self.connections.append(connection)

    def stop(self):
        for connection in self.connections:
            connection.close()
        self.sock.close()
