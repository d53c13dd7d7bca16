from config.default import Settings as Default


class Settings(Default):
    # Fixed only so `make run` works without setup; production refuses to start without its own.
    SECRET_KEY = "development-only-not-secret"  # development only, never production  # nosec B105
    SHOW_DEMO_NOTICE = True
