"""Interface language: Dutch by default, English on request, remembered per user.

Every UI text is written in Dutch in the code and wrapped in gettext (`_`, `lazy_gettext`);
the English catalog lives in portal/translations/en/LC_MESSAGES/messages.po.
"""
from __future__ import annotations

from flask import Blueprint, has_request_context, redirect, request, session, url_for
from flask_babel import Babel, get_locale
from flask_login import current_user

from portal.auth.permissions import public
from portal.extensions import db

LANGUAGES = {"nl": "Nederlands", "en": "English"}
DEFAULT_LANGUAGE = "nl"
SESSION_KEY = "language"
# Set when a visitor picks a language before logging in: the login then stores that choice.
CHOSEN_KEY = "language_chosen"

babel = Babel()
bp = Blueprint("i18n", __name__)


def select_locale() -> str:
    if not has_request_context():  # jobs and workers: Dutch unless forced (flask_babel.force_locale)
        return DEFAULT_LANGUAGE
    if current_user and current_user.is_authenticated and current_user.language in LANGUAGES:
        return current_user.language
    language = session.get(SESSION_KEY)
    return language if language in LANGUAGES else DEFAULT_LANGUAGE


def current_language() -> str:
    locale = get_locale()
    return locale.language if locale is not None else DEFAULT_LANGUAGE


def choose_language(language: str) -> None:
    """The language switch: for this browser, and for the user when logged in."""
    if language not in LANGUAGES:
        return
    session[SESSION_KEY] = language
    if current_user.is_authenticated:
        current_user.language = language
        db.session.commit()
    else:
        session[CHOSEN_KEY] = True
    from flask_babel import refresh

    refresh()


def language_state() -> dict:
    """What a fresh session must keep of the old one: the visitor's language choice."""
    return {key: session[key] for key in (SESSION_KEY, CHOSEN_KEY) if key in session}


def carry_language_into_login(user, chosen_before: str | None) -> None:
    """At login: a language picked on the login page becomes the user's choice."""
    if chosen_before in LANGUAGES and user.language != chosen_before:
        user.language = chosen_before


def language_to_keep_after_logout(user) -> str:
    return user.language if user.language in LANGUAGES else DEFAULT_LANGUAGE


@bp.route("/taal", methods=["POST"])
@public
def switch():
    from portal.auth.views import _safe_next

    choose_language(request.form.get("language", ""))
    return redirect(_safe_next(request.form.get("next")) or url_for("pages.index"))


def init_app(app) -> None:
    app.config.setdefault("BABEL_DEFAULT_LOCALE", DEFAULT_LANGUAGE)
    app.config.setdefault("BABEL_TRANSLATION_DIRECTORIES", "translations")
    babel.init_app(app, locale_selector=select_locale)
    app.register_blueprint(bp)

    @app.context_processor
    def language_choice():
        language = current_language()
        return {"current_language": language, "other_languages": {
            code: name for code, name in LANGUAGES.items() if code != language}}
