"""One transaction per request, CLI command or piece of job work.

Services add and flush; they never commit. A web request is committed once, after the view has
returned and before the response leaves (reads, their access-log rows and the writes together),
and rolled back when it ends in a server error. A workflow step runs in a savepoint
(`refusable_step`), so a refused step undoes only its own writes, never the page's access-log rows.
CLI commands and jobs wrap each piece of work in `unit_of_work()`.
"""
from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from flask import Flask, Response

from portal.extensions import db


@contextmanager
def unit_of_work() -> Iterator[None]:
    """Commit when the block ends; roll back on any error and let it through."""
    try:
        yield
        db.session.commit()
    except BaseException:
        db.session.rollback()
        raise


@contextmanager
def refusable_step() -> Iterator[None]:
    """A step that may be refused (a rule, a lost compare-and-set, a unique key): on any error
    its own writes are undone (SAVEPOINT) and the rest of the transaction stays."""
    with db.session.begin_nested():
        yield


def commit_or_roll_back(response: Response) -> Response:
    # A 4xx answer is still a handled request: a refused look is in the access log and a wrong
    # password counts. Only a server error (an unhandled exception) loses the request's work.
    if response.status_code >= 500:
        db.session.rollback()
    else:
        db.session.commit()
    return response


def init_app(app: Flask) -> None:
    app.after_request(commit_or_roll_back)
