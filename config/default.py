"""Settings shared by every environment. Secure choices here; environments only relax or tighten."""
from datetime import timedelta


class Settings:
    SECRET_KEY = ""
    # The SQLite default lives in the instance folder; create_app fills it in when empty.
    DATABASE_URL = ""
    SQLALCHEMY_ENGINE_OPTIONS: dict = {}

    SESSION_COOKIE_NAME = "portal_session"
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE = False
    PERMANENT_SESSION_LIFETIME = timedelta(hours=12)
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SAMESITE = "Lax"
    # Uploads are small CSV files at most; refuse anything bigger early.
    MAX_CONTENT_LENGTH = 2 * 1024 * 1024
    MAX_FORM_MEMORY_SIZE = 500 * 1024

    WTF_CSRF_ENABLED = True
    WTF_CSRF_TIME_LIMIT = 12 * 3600

    # argon2id, above the ASVS 5.0 floor (m >= 19 MiB, t >= 2).
    PASSWORD_ARGON2_TIME_COST = 3
    PASSWORD_ARGON2_MEMORY_KIB = 65536
    PASSWORD_ARGON2_PARALLELISM = 2

    TIMEZONE = "Europe/Amsterdam"
    LOCALE = "nl"
    PAGE_SIZE = 25
    CONTRACT_END_WARNING_DAYS = 92
    NOTICE_MAX_MONTHS_AHEAD = 12

    DEMO_PASSWORD = ""
    # The login page says when the demo data is loaded; never in production.
    SHOW_DEMO_NOTICE = False
