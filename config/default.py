"""Settings shared by every environment. Secure choices here; environments only relax or tighten."""
from datetime import timedelta


class Settings:
    SECRET_KEY = ""  # empty on purpose; production refuses to start without one  # nosec B105
    # The SQLite default lives in the instance folder; create_app fills it in when empty.
    DATABASE_URL = ""
    # Database errors must not carry the values (handover notes, names) into logs. pool_pre_ping:
    # a connection the database dropped (a restart) is replaced before use, not failed on.
    SQLALCHEMY_ENGINE_OPTIONS: dict = {"hide_parameters": True, "pool_pre_ping": True}
    # libpq `options` for the app's PostgreSQL connections, e.g. "-c random_page_cost=1.1";
    # ignored for SQLite.
    DATABASE_OPTIONS = ""

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
    BABEL_DEFAULT_LOCALE = "nl"
    PAGE_SIZE = 25
    # Seconds a long list's total may lag behind (portal/stale_counts.py): 0 counts every time.
    LIST_COUNT_MAX_AGE = 60
    # Seconds the insights page's figures are kept per scope and period (at national scale they
    # take seconds of SQL); the page says when they were computed. 0 computes them every time.
    INSIGHTS_MAX_AGE = 600
    CONTRACT_END_WARNING_DAYS = 92
    NOTICE_MAX_MONTHS_AHEAD = 12

    DEMO_PASSWORD = ""  # empty means "generate one"  # nosec B105
    # The login page says when the demo data is loaded; never in production.
    SHOW_DEMO_NOTICE = False

    # E-mail goes through the outbox; `flask outbox deliver` sends it over SMTP (Flask-Mail).
    MAIL_SERVER = "127.0.0.1"
    MAIL_PORT = 8025  # the development mail server of `make run`; set PORTAL_MAIL_PORT in production
    MAIL_USE_TLS = False  # STARTTLS
    MAIL_USE_SSL = False
    MAIL_USERNAME = ""
    MAIL_PASSWORD = ""  # empty default; set PORTAL_MAIL_PASSWORD  # nosec B105
    MAIL_DEFAULT_SENDER = "Servicepunt Inclusief <noreply@servicepunt-inclusief.example>"
    MAIL_MESSAGE_ID_DOMAIN = "servicepunt-inclusief.example"
    MAIL_TIMEOUT_SECONDS = 10  # every SMTP connection; Flask-Mail sets none (TRAPS 3)
    OUTBOX_MAX_AGE_HOURS = 48  # temporary failures retry until a message is this old
    OUTBOX_RETRY_BASE_SECONDS = 60  # first retry delay; doubles per attempt
    OUTBOX_RETRY_MAX_SECONDS = 3600
    OUTBOX_LEASE_SECONDS = 300  # a worker that died mid-send frees its messages after this
    OUTBOX_BATCH_SIZE = 50
    OUTBOX_POLL_SECONDS = 5
    PUBLIC_BASE_URL = "http://127.0.0.1:5000"  # links in e-mails

    # Webhooks (issue 20): `flask webhooks deliver` posts each notification to its subscriptions.
    WEBHOOK_TIMEOUT_SECONDS = 10  # every HTTP call: connecting, sending, each read
    WEBHOOK_MAX_AGE_HOURS = 48  # failed deliveries retry this long, then wait for an admin
    WEBHOOK_RETRY_BASE_SECONDS = 30  # first retry delay; doubles per attempt
    WEBHOOK_RETRY_MAX_SECONDS = 3600
    WEBHOOK_LEASE_SECONDS = 120  # a worker that died mid-delivery frees its rows after this
    WEBHOOK_BATCH_SIZE = 50
    WEBHOOK_POLL_SECONDS = 2
    WEBHOOK_MAX_SUBSCRIPTIONS = 20  # per API client
    # Callback URLs are https; plain http only to this machine, for development and tests.
    WEBHOOK_ALLOW_HTTP_LOCALHOST = False
    MAIL_SUPPRESS_SEND = False  # Flask-Mail would suppress in testing; our tests use a real SMTP server

    # The regie clock (`flask jobs run`): deadlines in working days (weekends and Dutch public
    # holidays excluded), prompts before temporary contracts end.
    CONTRACT_END_PROMPT_MONTHS = 3
    NOTICE_ACKNOWLEDGE_WORKING_DAYS = 5
    NOTICE_PLAN_WORKING_DAYS = 10
    REFILL_CLAIM_WORKING_DAYS = 5
    PROFILE_CLAIM_WORKING_DAYS = 5  # a published pool candidate is picked up by an adviser
    PROPOSAL_ANSWER_WORKING_DAYS = 5  # the vacancy's employer answers a proposal
    # Nazorg: a notice closed without a new job asks the AD these many months after the end date
    # whether the person found work; each question is answered within FOLLOW_UP_WORKING_DAYS.
    FOLLOW_UP_MONTHS = "1,3,6"
    FOLLOW_UP_WORKING_DAYS = 10
    # "Ik twijfel": the AD answers an employer's early question within this many working days;
    # the decision date the employer gives lies at most this many months ahead.
    QUESTION_ANSWER_WORKING_DAYS = 3
    QUESTION_MAX_MONTHS_AHEAD = 12
    CONCERN_RESPONSE_WORKING_DAYS = 3  # the AD answers a job coach's "zorgen-signaal"
    ESCALATION_AFTER_WORKING_DAYS = 2
    # An escalated notice: the employer is told the new date, this many working days after the escalation.
    DELAYED_RESPONSE_WORKING_DAYS = 3
    HOLIDAY_COUNTRY = "NL"

    # Federated login through OpenID Connect (issue 19; README "Inloggen via OpenID Connect"):
    # the providers' names, comma-separated; each NAME has PORTAL_OIDC_<NAME>_* settings.
    OIDC_PROVIDERS = ""
    OIDC_TIMEOUT_SECONDS = 5  # every call to a provider (discovery, keys, code exchange)
    # Roles that may still log in with password + app code; production can leave out the roles
    # that log in through a provider.
    PASSWORD_LOGIN_ROLES = "employer,wsp,ad,admin,jobcoach"  # roles, not a secret  # noqa: S105  # nosec B105

    # Security (OWASP ASVS 5.0 level 2)
    TWO_FACTOR_ROLES = "ad,wsp,admin,employer,jobcoach"  # roles that must use two-factor login
    TOTP_ISSUER = "Servicepunt Inclusief"
    TOTP_MAX_FAILURES = 5  # wrong codes before the second step locks
    LOG_LEVEL = "INFO"  # the portal's own loggers; portal.security is always at INFO
    LOGIN_MAX_FAILURES = 10  # wrong passwords before the account locks
    LOCKOUT_MINUTES = 30
    TWO_FACTOR_PENDING_MINUTES = 5  # time between password and code
    PASSWORD_MIN_LENGTH = 12
    PASSWORD_RESET_MINUTES = 30
    SESSION_IDLE_MINUTES = 30
    # The employee's own page (link + code): a session of at most this long, from the code.
    EMPLOYEE_SESSION_MINUTES = 30
    SESSION_WARNING_SECONDS = 150  # the "blijf ingelogd" warning shows this long before the end
    RATELIMIT_ENABLED = True
    RATELIMIT_STORAGE_URI = "memory://"  # production: a shared store, e.g. redis://127.0.0.1:6379/0
    RATELIMIT_LOGIN_PER_IP = "30 per 10 minutes"
    # Per (account, source address): below LOGIN_MAX_FAILURES, so one address alone cannot lock
    # an account within the window; locking it takes guesses from several addresses.
    RATELIMIT_LOGIN_PER_ACCOUNT = "5 per 10 minutes"
    RATELIMIT_HEADERS_ENABLED = False
    # The API (issue 20): access tokens live 10 minutes; each client has its own rate limit.
    API_TOKEN_SECONDS = 600
    API_RATE_LIMIT = "600 per minute"
    API_GRANT_RATE_LIMIT = "30 per minute"  # the token endpoint, per address (against guessing secrets)
    API_HTTPS_ONLY = False  # production: True (NL API Design Rules: only HTTPS)
    API_MAX_PAGE_SIZE = 100
    TRUSTED_PROXY_COUNT = 0  # reverse proxies in front; the client IP is taken only from them
    DRAFT_REMINDER_DAYS = 23  # an untouched draft gets a reminder, and is removed at
    DRAFT_DELETE_DAYS = 30

    # Functioneel beheer: the contact on the help, privacy and accessibility pages (issue 8).
    SUPPORT_EMAIL = "functioneelbeheer@servicepunt-inclusief.example"
    SUPPORT_PHONE = ""  # shown only when set, e.g. PORTAL_SUPPORT_PHONE="088 898 2000"
