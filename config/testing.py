from config.default import Settings as Default


class Settings(Default):
    TESTING = True
    SECRET_KEY = "testing-only-not-secret"  # noqa: S105 (not a secret: a fixed development value) # tests only  # nosec B105
    # Tests post forms directly; one test switches CSRF on to prove it is enforced.
    WTF_CSRF_ENABLED = False
    TWO_FACTOR_ROLES = "ad,wsp,admin,jobcoach"
    # Tests log in hundreds of times from one address; one test switches limits on.
    RATELIMIT_ENABLED = False
    # Tests count what they just wrote; tests/test_stale_counts.py switches the lag on.
    LIST_COUNT_MAX_AGE = 0
    INSIGHTS_MAX_AGE = 0  # tests/test_insights_kept.py switches it on
    WEBHOOK_ALLOW_HTTP_LOCALHOST = True  # a local receiver (tests, `make run`)
