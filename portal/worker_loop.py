"""The loop of the long-running workers (`flask outbox deliver`, `flask jobs run --every`).

A database restart must not kill a worker: a database error is logged, the session is thrown
away (its connection may be dead) and the step is tried again after a growing pause. With
pool_pre_ping (config/default.py) the next connection is a live one.
"""
from __future__ import annotations

import logging
import threading
from collections.abc import Callable

from sqlalchemy.exc import SQLAlchemyError

from portal.extensions import db

log = logging.getLogger("portal.worker")

BACKOFF_FIRST_SECONDS = 1.0
BACKOFF_MAX_SECONDS = 60.0


def backoff_seconds(failures: int) -> float:
    return min(BACKOFF_FIRST_SECONDS * 2 ** (failures - 1), BACKOFF_MAX_SECONDS)


def _forget_session() -> None:
    try:
        db.session.rollback()
    except SQLAlchemyError:  # the connection is gone; remove() below drops it
        log.debug("rollback after a database error failed too", exc_info=True)
    db.session.remove()


def keep_running(step: Callable[[], bool], *, name: str, idle_seconds: float, once: bool = False,
                 stop: threading.Event | None = None) -> None:
    """Call `step` (True: it found work) until stopped; pause `idle_seconds` when there was none.

    once: one successful step, then return (cron); database errors are still retried.
    """
    stop = stop or threading.Event()
    failures = 0
    while not stop.is_set():
        try:
            busy = step()
        except SQLAlchemyError as error:
            _forget_session()
            failures += 1
            wait = backoff_seconds(failures)
            log.error("%s: database error %s (%s in a row); trying again in %.0f s",
                      name, type(error).__name__, failures, wait, exc_info=True)
            stop.wait(wait)
            continue
        if failures:
            log.warning("%s: the database answers again after %s errors", name, failures)
        failures = 0
        if once:
            return
        if not busy:
            stop.wait(idle_seconds)
