"""Servicepunt Inclusief: create_app is the only place the application is assembled."""
from __future__ import annotations

import os

from flask import Flask, render_template
from flask_babel import lazy_gettext as _l
from flask_wtf.csrf import CSRFError
from sqlalchemy import event
from sqlalchemy.engine import Engine
from werkzeug.exceptions import HTTPException
from werkzeug.middleware.proxy_fix import ProxyFix

from config import load_config
from portal import auth, formatting, language, logging_config, nav, security_headers, unit_of_work
from portal.api.problems import from_http_exception, is_api_request, problem_response
from portal.auth.permissions import refuse_out_of_range_ids
from portal.bounds import BoundedIntegerConverter
from portal.cli import register_cli
from portal.extensions import csrf, db, limiter, login_manager, mail, migrate
from portal.models.user import role_label
from portal.routes import register_routes

MIGRATIONS_DIR = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "migrations")


def create_app(config_name: str | None = None, overrides: dict | None = None) -> Flask:
    app = Flask(__name__, instance_relative_config=True)
    app.config.update(load_config(config_name))
    if overrides:
        app.config.update(overrides)
    if not app.config["DATABASE_URL"]:
        os.makedirs(app.instance_path, exist_ok=True)
        app.config["DATABASE_URL"] = "sqlite:///" + os.path.join(app.instance_path, "portal.sqlite3")
    app.config["SQLALCHEMY_DATABASE_URI"] = _normalise_database_url(app.config["DATABASE_URL"])
    _apply_database_options(app)

    db.init_app(app)
    migrate.init_app(app, db, directory=MIGRATIONS_DIR, render_as_batch=True, compare_type=True)
    csrf.init_app(app)
    login_manager.init_app(app)
    mail.init_app(app)
    limiter.init_app(app)
    proxies = app.config["TRUSTED_PROXY_COUNT"]
    if proxies:
        # Flask's documented way to wrap the WSGI app; mypy sees a method being replaced.
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=proxies, x_proto=proxies, x_host=proxies)  # type: ignore[method-assign]

    # First, so that its after_request runs last: the commit sees everything the request did.
    unit_of_work.init_app(app)
    logging_config.init_app(app)
    auth.init_app(app)
    language.init_app(app)
    formatting.init_app(app)
    app.jinja_env.filters["role_label"] = role_label
    security_headers.init_app(app)
    # Before any route is added: every <int:...> is bounded to the id columns' range (TRAPS 14).
    app.url_map.converters["int"] = BoundedIntegerConverter
    app.url_value_preprocessor(refuse_out_of_range_ids)
    register_routes(app)
    # The menu's unread counts and insights item: one query per page (was one per figure).
    nav.init_app(app)
    _register_error_pages(app)
    register_cli(app)
    return app


def _normalise_database_url(url: str) -> str:
    # psycopg 3 is the driver we ship; accept the common spellings of a PostgreSQL URL.
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix):]
    return url


def _apply_database_options(app: Flask) -> None:
    """PostgreSQL settings for the app's own connections (DATABASE_OPTIONS), via libpq `options`."""
    options = app.config.get("DATABASE_OPTIONS", "")
    if not options or not app.config["SQLALCHEMY_DATABASE_URI"].startswith("postgresql"):
        return
    # Copies: the settings classes' dicts are shared by every app made from them.
    engine_options = dict(app.config.get("SQLALCHEMY_ENGINE_OPTIONS") or {})
    connect_args = dict(engine_options.get("connect_args") or {})
    connect_args["options"] = " ".join(filter(None, (connect_args.get("options", ""), options)))
    engine_options["connect_args"] = connect_args
    app.config["SQLALCHEMY_ENGINE_OPTIONS"] = engine_options


def _register_error_pages(app: Flask) -> None:
    messages = {
        400: (_l("Er ging iets mis met uw verzoek"), _l("Probeer het opnieuw vanaf de vorige pagina.")),
        403: (_l("U mag deze pagina niet gebruiken"), _l("Deze pagina hoort niet bij uw rol.")),
        404: (_l("Pagina niet gevonden"), _l("Deze pagina bestaat niet, of u mag hem niet zien.")),
        405: (_l("Dit kan zo niet"), _l("Gebruik de knoppen op de pagina.")),
        413: (_l("Het bestand is te groot"), _l("Kies een kleiner bestand.")),
        429: (_l("Even wachten"), _l("U heeft het te vaak geprobeerd. Probeer het over een paar minuten opnieuw.")),
        500: (_l("Er ging iets mis bij ons"), _l("Probeer het later opnieuw. Uw gegevens zijn niet verloren.")),
    }

    def render_error(code, error=None):
        if is_api_request():  # the API answers in problem+json, also for routes it does not have
            return from_http_exception(error) if isinstance(error, HTTPException) else problem_response(code)
        title, text = messages[code]
        return render_template("error.html", title=title, text=text, code=code), code

    for code in messages:
        app.register_error_handler(code, lambda error, code=code: render_error(code, error))

    @app.errorhandler(CSRFError)
    def csrf_error(error):
        return (
            render_template(
                "error.html",
                title=_l("Uw formulier is verlopen"),
                text=_l("Ga terug, laad de pagina opnieuw en probeer het nog een keer."),
                code=400,
            ),
            400,
        )


@event.listens_for(Engine, "connect")
def _sqlite_pragmas(dbapi_connection, connection_record):
    # WAL + NORMAL: several web workers on the demo database without "database is locked" (TRAPS 9).
    if type(dbapi_connection).__module__.startswith("sqlite3"):
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=10000")
        cursor.close()

