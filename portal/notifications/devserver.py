"""A local SMTP server for development: stores every mail it receives as a .eml file."""
from __future__ import annotations

import os
import time
import uuid

from aiosmtpd.controller import Controller


class MaildirHandler:
    def __init__(self, directory: str):
        self.directory = directory
        os.makedirs(directory, exist_ok=True)

    async def handle_DATA(self, server, session, envelope):
        name = f"{time.strftime('%Y%m%d-%H%M%S')}-{uuid.uuid4().hex[:8]}.eml"
        with open(os.path.join(self.directory, name), "wb") as handle:
            handle.write(envelope.original_content or envelope.content)
        return "250 Message accepted"


def serve(directory: str, host: str, port: int) -> Controller:
    controller = Controller(MaildirHandler(directory), hostname=host, port=port)
    controller.start()
    return controller
