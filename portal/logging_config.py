"""Logging for operators: one structured line per event on stderr, with the request id.

Lines hold time, level, logger, request id and user id: never names, e-mail addresses or
notes (the security log's own messages carry ids only). `portal.security` logs at INFO in
every environment, so failed logins and lockouts reach the operators (TRAPS 16).
"""
from __future__ import annotations

import logging
import logging.config
import uuid

from flask import Flask, g, has_request_context, request
from flask_login import current_user

REQUEST_ID_HEADER = "X-Request-ID"


class RequestContextFilter(logging.Filter):
    """Adds request_id and user_id to every record (a dash outside a request)."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = "-"
        record.user_id = "-"
        if has_request_context():
            record.request_id = g.get("request_id", "-")
            user = current_user
            if user and getattr(user, "is_authenticated", False):
                record.user_id = str(user.id)
        return True


def logging_settings(level: str) -> dict:
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {"request": {"()": RequestContextFilter}},
        "formatters": {
            "line": {
                "format": "time=%(asctime)s level=%(levelname)s logger=%(name)s request=%(request_id)s "
                          "user=%(user_id)s %(message)s",
                "datefmt": "%Y-%m-%dT%H:%M:%S%z",
            },
        },
        "handlers": {
            "stderr": {"class": "logging.StreamHandler", "stream": "ext://sys.stderr",
                       "formatter": "line", "filters": ["request"]},
        },
        "loggers": {
            "portal.security": {"level": "INFO"},
            "portal": {"level": level},
        },
        "root": {"level": "WARNING", "handlers": ["stderr"]},
    }


def _take_request_id() -> None:
    # A proxy's id is kept when it looks like one, so support can follow a request through nginx.
    offered = request.headers.get(REQUEST_ID_HEADER, "")
    valid = 8 <= len(offered) <= 64 and all(c.isalnum() or c == "-" for c in offered)
    g.request_id = offered if valid else uuid.uuid4().hex[:16]


def init_app(app: Flask) -> None:
    logging.config.dictConfig(logging_settings(app.config["LOG_LEVEL"]))
    app.before_request(_take_request_id)

    @app.after_request
    def send_request_id(response):
        if "request_id" in g:
            response.headers[REQUEST_ID_HEADER] = g.request_id
        return response

    @app.context_processor
    def request_id():
        return {"request_id": g.get("request_id")}
