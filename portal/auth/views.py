from urllib.parse import urlsplit

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user

from portal import home_for
from portal.auth import service
from portal.auth.forms import LoginForm
from portal.auth.permissions import ANY_ROLE, allow, public

bp = Blueprint("auth", __name__)


def _safe_next(target: str | None) -> str | None:
    """Only a path on this site; never another host (open redirect)."""
    if not target:
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return None
    if "\\" in target:
        return None
    return target


@bp.route("/inloggen", methods=["GET", "POST"])
@public
def login():
    if current_user.is_authenticated:
        return redirect(home_for(current_user))
    form = LoginForm()
    if form.validate_on_submit():
        user = service.authenticate(form.email.data, form.password.data)
        if user is None:
            # One message for unknown e-mail and wrong password: do not reveal who has an account.
            form.password.errors.append("Het e-mailadres of het wachtwoord klopt niet.")
        else:
            service.start_session(user)
            return redirect(_safe_next(request.args.get("next")) or home_for(user))
    return render_template("auth/login.html", form=form)


@bp.route("/uitloggen", methods=["POST"])
@allow(ANY_ROLE)
def logout():
    service.logout(current_user._get_current_object())
    flash("U bent uitgelogd.", "success")
    return redirect(url_for("auth.login"))
