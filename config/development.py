from config.default import Settings as Default


class Settings(Default):
    # Fixed only so `make run` works without setup; production refuses to start without its own.
    SECRET_KEY = "development-only-not-secret"  # noqa: S105 (not a secret: a fixed development value) # development only, never production  # nosec B105
    SHOW_DEMO_NOTICE = True
    # The demo lets employers in with a password only (a notice on every page says so).
    TWO_FACTOR_ROLES = "ad,wsp,admin,jobcoach"
    WEBHOOK_ALLOW_HTTP_LOCALHOST = True  # a local receiver (tests, `make run`)
