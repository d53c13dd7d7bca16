"""Response headers that every page gets."""
from urllib.parse import urlsplit

from flask import request

CONTENT_SECURITY_POLICY = (
    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
    "form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'"
)


def policy_for(app) -> str:
    """Login and logout are forms whose answer redirects to an OpenID provider; browsers apply
    form-action to that redirect too, so the providers' origins are allowed there."""
    origins = sorted({"{0.scheme}://{0.netloc}".format(urlsplit(provider.issuer))
                      for provider in app.extensions.get("oidc_providers", {}).values()})
    return CONTENT_SECURITY_POLICY.replace("form-action 'self'", " ".join(["form-action 'self'", *origins]))


def init_app(app):
    policy = policy_for(app)

    @app.after_request
    def add_headers(response):
        response.headers.setdefault("Content-Security-Policy", policy)
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("X-Frame-Options", "DENY")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        if app.config.get("SESSION_COOKIE_SECURE"):
            response.headers.setdefault("Strict-Transport-Security", "max-age=31536000; includeSubDomains")
        if request.endpoint != "static":
            # Pages and downloads show personal data: never keep them in any cache.
            response.headers["Cache-Control"] = "no-store"
        return response
