"""The menu's figures on every page: unread messages per kind and, for WSP advisers, whether the
insights item shows. One query for all of them, sent only when a template uses them (mails
rendered during a request cost none)."""
from __future__ import annotations

from collections.abc import Mapping
from types import SimpleNamespace

from flask import g, has_request_context
from flask_login import current_user
from sqlalchemy import Integer, bindparam, exists, select

from portal.extensions import db

KINDS = ("notice", "refill")
# The menu's query per role, built once with the user's id and organisation as parameters:
# building the scopes' selects and their cache keys anew cost about 1 ms on every page (issue 9).
_QUERIES: dict[str, object] = {}


def _figures_query(role: str):
    """The select of the figures for users of `role`, or None when there are none to count.

    The scopes (auth.permissions) get a stand-in user whose id and organisation are bound
    parameters, so the statement is the same for every user of the role.
    """
    if role in _QUERIES:
        return _QUERIES[role]
    from portal.insights.scope import coordinated_region_ids
    from portal.threads.service import unread_select

    user = SimpleNamespace(
        role=role, id=bindparam("nav_user_id", type_=Integer),
        organisation_id=bindparam("nav_organisation_id", type_=Integer),
    )
    columns = []
    if role != "admin":
        for kind in KINDS:
            query = unread_select(user, kind)
            if query is not None:
                columns.append(query.scalar_subquery().label(kind))
    if role == "wsp":
        columns.append(exists(coordinated_region_ids(user)).label("wsp_coordinator"))
    _QUERIES[role] = select(*columns) if columns else None
    return _QUERIES[role]


def _figures(user) -> dict:
    """{"notice": n, "refill": n, "wsp_coordinator": bool}, once per request."""
    cached = g.get("nav_figures")
    if cached is not None and cached[0] == user.id:
        return cached[1]
    query = _figures_query(user.role)
    values = {} if query is None else db.session.execute(
        query, {"nav_user_id": user.id, "nav_organisation_id": user.organisation_id}
    ).one()._asdict()
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
