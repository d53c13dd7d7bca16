from datetime import timedelta

from config import ConfigError
from config.default import Settings as Default


class Settings(Default):
    SESSION_COOKIE_SECURE = True
    # __Host- cookies are bound to this exact host over HTTPS with path /.
    SESSION_COOKIE_NAME = "__Host-portal_session"
    REMEMBER_COOKIE_SECURE = True
    PERMANENT_SESSION_LIFETIME = timedelta(hours=12)
    PREFERRED_URL_SCHEME = "https"
    # Behind the TLS proxy, request.is_secure needs TRUSTED_PROXY_COUNT (X-Forwarded-Proto).
    API_HTTPS_ONLY = True
    SQLALCHEMY_ENGINE_OPTIONS = {"pool_pre_ping": True, "pool_size": 5, "max_overflow": 5, "hide_parameters": True}
    # The working set is in memory (or on SSD): with the default 4.0 the planner chose sequential
    # scans and hash joins over index lookups for the list pages (bench/explain.py, issue 9).
    # (plan_cache_mode=force_custom_plan was measured too: it fixed the largest employer's task
    # list, 12 -> 2 ms, but planning every statement cost the notice page more: left out.)
    DATABASE_OPTIONS = "-c random_page_cost=1.1"
    # Several web processes must share their rate-limit counters.
    RATELIMIT_STORAGE_URI = "redis://127.0.0.1:6379/0"

    @staticmethod
    def check(settings: dict) -> None:
        missing = [name for name in ("SECRET_KEY", "DATABASE_URL") if not settings.get(name)]
        if missing:
            raise ConfigError(
                "production needs " + " and ".join(f"PORTAL_{name}" for name in missing)
            )
        if len(settings["SECRET_KEY"]) < 32:
            raise ConfigError("PORTAL_SECRET_KEY must be at least 32 characters")
