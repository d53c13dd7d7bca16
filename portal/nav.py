"""The menu's figures on every page: unread messages per kind and, for WSP advisers, whether the
insights item shows. One query for all of them, sent only when a template uses them (mails
rendered during a request cost none)."""
from __future__ import annotations

from collections.abc import Mapping

from flask import g, has_request_context
from flask_login import current_user
from sqlalchemy import exists, select

from portal.extensions import db

KINDS = ("notice", "refill")


def _figures(user) -> dict:
    """{"notice": n, "refill": n, "wsp_coordinator": bool}, once per request."""
    cached = g.get("nav_figures")
    if cached is not None and cached[0] == user.id:
        return cached[1]
    from portal.insights.scope import coordinated_region_ids
    from portal.threads.service import unread_select

    columns = []
    if user.role != "admin":
        for kind in KINDS:
            query = unread_select(user, kind)
            if query is not None:
                columns.append(query.scalar_subquery().label(kind))
    if user.role == "wsp":
        columns.append(exists(coordinated_region_ids(user)).label("wsp_coordinator"))
    values = db.session.execute(select(*columns)).one()._asdict() if columns else {}
    figures = {kind: values.get(kind) or 0 for kind in KINDS}
    figures["wsp_coordinator"] = bool(values.get("wsp_coordinator"))
    g.nav_figures = (user.id, figures)
    return figures


class _Unread(Mapping):
    """The unread counts per kind, as base.html reads them: `(unread or {}).get(kind, 0)`."""

    def __init__(self, user):
        self._user = user

    def __getitem__(self, kind):
        if kind not in KINDS:
            raise KeyError(kind)
        return _figures(self._user)[kind]

    def __iter__(self):
        return iter(KINDS)

    def __len__(self):
        return len(KINDS)


class _CoordinatorFlag:
    def __init__(self, user):
        self._user = user

    def __bool__(self):
        return _figures(self._user)["wsp_coordinator"]


def nav_context() -> dict:
    # Mails and PDFs are rendered outside requests too: no user, no figures.
    if not has_request_context() or not current_user.is_authenticated:
        return {"unread": {}, "wsp_coordinator": False}
    user = current_user._get_current_object()
    return {
        "unread": {} if user.role == "admin" else _Unread(user),
        "wsp_coordinator": _CoordinatorFlag(user) if user.role == "wsp" else False,
    }


def init_app(app):
    app.context_processor(nav_context)
