"""Settings per environment, overridable by PORTAL_* environment variables.

`load_config("production")` returns a dict of settings: the class of that name,
then every `PORTAL_<NAME>` variable on top (so `PORTAL_DATABASE_URL` sets `DATABASE_URL`).
Values are coerced to the type of the default they replace.
"""
from __future__ import annotations

import importlib
import os
from datetime import timedelta

ENV_PREFIX = "PORTAL_"
CONFIG_NAMES = ("development", "testing", "production")


class ConfigError(RuntimeError):
    """Raised when the settings cannot make a safe application."""


def _coerce(raw: str, default):
    if isinstance(default, bool):
        if raw.strip().lower() in ("1", "true", "yes", "on"):
            return True
        if raw.strip().lower() in ("0", "false", "no", "off", ""):
            return False
        raise ConfigError(f"not a yes/no value: {raw!r}")
    if isinstance(default, int):
        return int(raw)
    if isinstance(default, timedelta):
        return timedelta(seconds=int(raw))
    return raw


def load_config(name: str | None = None, environ=None) -> dict:
    environ = os.environ if environ is None else environ
    name = name or environ.get("PORTAL_CONFIG") or "development"
    if name not in CONFIG_NAMES:
        raise ConfigError(f"unknown configuration {name!r}; choose one of {', '.join(CONFIG_NAMES)}")
    module = importlib.import_module(f"config.{name}")
    settings_class = module.Settings
    settings = {key: getattr(settings_class, key) for key in dir(settings_class) if key.isupper()}
    for env_key, raw in environ.items():
        if env_key.startswith(ENV_PREFIX) and env_key != "PORTAL_CONFIG":
            key = env_key[len(ENV_PREFIX):]
            settings[key] = _coerce(raw, settings.get(key))
    settings["CONFIG_NAME"] = name
    check = getattr(settings_class, "check", None)
    if check:
        check(settings)
    return settings
