"""The menu's figures on every page: unread messages per kind and, for WSP advisers, whether the
insights item shows. One query for all of them, sent only when a template uses them (mails
rendered during a request cost none)."""
from __future__ import annotations

from collections.abc import Mapping
from types import SimpleNamespace

from flask import current_app, g, has_request_context, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import Integer, bindparam, exists, select

from portal.extensions import db
from portal.insights.scope import coordinated_region_ids
from portal.threads.thread_service import unread_select

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


# The main menu per role: (endpoint, label). Only the user's own role's items are translated.
MENUS = {
    "employer": (("employers.dashboard", _l("Medewerkers")), ("notices.index", _l("Meldingen")),
                 ("vacancies.index", _l("Plek opnieuw invullen")), ("employers.organisation", _l("Organisatie")),
                 ("insights.index", _l("Inzicht"))),
    "ad": (("caseload.inbox", _l("Inbox")), ("caseload.caseload", _l("Mijn medewerkers")),
           ("caseload.absence", _l("Afwezigheid")), ("insights.index", _l("Inzicht"))),
    "wsp": (("vacancies.queue", _l("Verzoeken")), ("pool.index", _l("Kandidatenpool"))),
    "jobcoach": (("jobcoach.index", _l("Mijn medewerkers")),),
    "admin": (("admin.dashboard", _l("Overzicht")), ("admin.refills", _l("Plek opnieuw invullen")),
              ("admin.regions", _l("Regio's")), ("admin.outbox", _l("E-mail")), ("admin.webhooks", _l("Webhooks")),
              ("admin.audit_log", _l("Toegangslog")),
              ("admin.organisations", _l("Organisaties")), ("admin.users", _l("Gebruikers")),
              ("admin.reassign", _l("Arbeidsdeskundigen")), ("admin.api_clients", _l("API-koppelingen")),
              ("insights.index", _l("Inzicht"))),
}
COORDINATOR_ITEMS = (("insights.index", _l("Inzicht")),)  # WSP advisers who coordinate a region


class _Menu:
    """The user's menu items, iterated by base.html; the coordinator check waits for the figures query."""

    def __init__(self, user):
        self._user = user

    def __iter__(self):
        yield from MENUS.get(self._user.role, ())
        if self._user.role == "wsp" and _figures(self._user)["wsp_coordinator"]:
            yield from COORDINATOR_ITEMS


# Where a detail page leads back to, per role: the list the user came from (issue 18).
BACK_LINKS = {
    "notice": {"employer": ("notices.index", _l("Terug naar Meldingen")), "ad": ("caseload.inbox", _l("Terug naar de inbox"))},
}


def back_link(kind: str) -> dict | None:
    """{"url", "label"} of the list a detail page of `kind` belongs to for this user, or None."""
    target = BACK_LINKS[kind].get(current_user.role)
    return {"url": url_for(target[0]), "label": target[1]} if target else None


def nav_context() -> dict:
    # Mails and PDFs are rendered outside requests too: no user, no figures.
    if not has_request_context() or not current_user.is_authenticated:
        return {"unread": {}, "menu_items": (), "show_demo_notice": False}
    user = current_user._get_current_object()
    config = current_app.config
    return {
        "unread": {} if user.role == "admin" else _Unread(user),
        "menu_items": _Menu(user),
        # Employers log in without a code in the demo only: every page says so.
        "show_demo_notice": user.role == "employer" and config["SHOW_DEMO_NOTICE"]
        and "employer" not in config["TWO_FACTOR_ROLES"],
        "header_subtitle": user.organisation.name if user.organisation else user.role_label,
    }


def init_app(app):
    app.context_processor(nav_context)
