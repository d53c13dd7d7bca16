"""Interface language: Dutch by default, English on request, remembered per user.

Infrastructure only: no blueprint, no access rules and nothing else of the portal, so that
formatting, clock and the models can use it without an import cycle. The switch is a page in
site_views.py.

Every UI text is written in Dutch in the code and wrapped in gettext (`_`, `lazy_gettext`);
the English catalog lives in portal/translations/en/LC_MESSAGES/messages.po.
"""
from __future__ import annotations

from flask import Flask, has_request_context, session
from flask.globals import _cv_app
from flask_babel import Babel, Domain, get_domain, get_locale, refresh
from flask_login import current_user
from jinja2 import pass_eval_context
from markupsafe import Markup, escape

LANGUAGES = {"nl": "Nederlands", "en": "English"}
DEFAULT_LANGUAGE = "nl"
SESSION_KEY = "language"
# Set when a visitor picks a language before logging in: the login then stores that choice.
CHOSEN_KEY = "language_chosen"

babel = Babel()


def select_locale() -> str:
    if not has_request_context():  # jobs and workers: Dutch unless forced (flask_babel.force_locale)
        return DEFAULT_LANGUAGE
    if current_user and current_user.is_authenticated and current_user.language in LANGUAGES:
        return current_user.language
    language = session.get(SESSION_KEY)
    return language if language in LANGUAGES else DEFAULT_LANGUAGE


def _babel_state():
    """flask_babel's per-request state (locale, domain), or None outside an app context."""
    # The context variable itself, not the `g` proxy: a list page asks a few hundred times (issue 21).
    context = _cv_app.get(None)
    return getattr(context.g, "_flask_babel", None) if context is not None else None


def current_language() -> str:
    # Read from flask_babel's request state when it is there: get_locale() walks the context
    # proxies three times, and every date on a list page asks (issue 9).
    locale = getattr(_babel_state(), "babel_locale", None) or get_locale()
    return locale.language if locale is not None else DEFAULT_LANGUAGE


class RequestCachedDomain(Domain):
    """flask_babel's message domain, keeping its translations for the request while the locale
    stays the same.

    A list page translates a few hundred texts (templates, lazy labels of states and choices),
    and flask_babel looks up the context and the locale, and formats the locale's name, for each
    (issue 9). force_locale and refresh() replace or remove the locale object: still followed.
    """

    def get_translations(self):
        state = _babel_state()
        locale = getattr(state, "babel_locale", None)
        cached = getattr(state, "portal_translations", None)
        if locale is not None and cached is not None and cached[0] is locale and cached[1] is self:
            return cached[2]
        translations = super().get_translations()
        if state is not None:
            state.portal_translations = (getattr(state, "babel_locale", None), self, translations)
        return translations


def request_translations():
    """flask_babel.get_translations() for the templates, one context lookup less."""
    domain = getattr(_babel_state(), "babel_domain", None)
    return (domain or get_domain()).get_translations()


# The templates' gettext functions: what jinja2.ext's "newstyle" ones do (Markup when
# autoescaping, always %-formatted), without two extra context.call()s per text.
def _as_template_text(eval_ctx, text: str, variables: dict):
    if not eval_ctx.autoescape:
        return text % variables if variables or "%" in text else text
    if variables:
        # Each variable escaped once, then plain str %: Markup's own % wraps every value in a
        # helper object, a fifth of the dashboard's render time (bench/profile_pages.py, issue 21).
        # Numbers stay numbers for %d and %.1f; everything else is escaped.
        text = text % {name: value if isinstance(value, (int, float)) else escape(value)
                       for name, value in variables.items()}
    elif "%" in text:
        text = text % {}  # "%%" becomes "%", as with variables
    # The text comes from our own code and catalog, the variables are escaped above.
    return Markup(text)  # noqa: S704 # nosec B704


@pass_eval_context
def _template_gettext(eval_ctx, string, **variables):
    return _as_template_text(eval_ctx, request_translations().ugettext(string), variables)


@pass_eval_context
def _template_ngettext(eval_ctx, singular, plural, num, **variables):
    variables.setdefault("num", num)
    return _as_template_text(eval_ctx, request_translations().ungettext(singular, plural, num), variables)


@pass_eval_context
def _template_pgettext(eval_ctx, context, string, **variables):
    variables.setdefault("context", context)
    return _as_template_text(eval_ctx, request_translations().upgettext(context, string), variables)


@pass_eval_context
def _template_npgettext(eval_ctx, context, singular, plural, num, **variables):
    variables.setdefault("context", context)
    variables.setdefault("num", num)
    return _as_template_text(
        eval_ctx, request_translations().unpgettext(context, singular, plural, num), variables)


def typed(text) -> Markup:
    """Text a user typed (stored as written, in Dutch): on a page in another language it carries
    lang="nl", so a screen reader reads it in Dutch (WCAG 3.1.2). Escaped as in a template."""
    if text is None or text == "":
        return Markup("")
    if current_language() == DEFAULT_LANGUAGE:
        return Markup.escape(text)
    return Markup('<span lang="{}">{}</span>').format(DEFAULT_LANGUAGE, text)


def choose_language(language: str) -> None:
    """The language switch: for this browser, and for the user when logged in."""
    if language not in LANGUAGES:
        return
    session[SESSION_KEY] = language
    if current_user.is_authenticated:
        current_user.language = language  # saved with the request's transaction
    else:
        session[CHOSEN_KEY] = True
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


def init_app(app: Flask) -> None:
    app.config.setdefault("BABEL_DEFAULT_LOCALE", DEFAULT_LANGUAGE)
    app.config.setdefault("BABEL_TRANSLATION_DIRECTORIES", "translations")
    babel.init_app(app, locale_selector=select_locale)
    # Instead of Babel's own Domain(domain=...) (a cached property: set once per app here).
    babel.domain_instance = RequestCachedDomain(domain=app.config.get("BABEL_DOMAIN", "messages"))
    app.jinja_env.globals.update(
        _=_template_gettext, gettext=_template_gettext, ngettext=_template_ngettext,
        pgettext=_template_pgettext, npgettext=_template_npgettext,
    )
    app.jinja_env.filters["typed"] = typed

    @app.context_processor
    def language_choice():
        language = current_language()
        return {"current_language": language, "other_languages": {
            code: name for code, name in LANGUAGES.items() if code != language}}
