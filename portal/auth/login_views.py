"""Login in two steps (password, then a code from the app), and logout."""
from flask import Blueprint, current_app, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from portal.auth import account_service as service
from portal.auth import oidc_client, oidc_views
from portal.auth import twofactor_service as twofactor
from portal.auth.account_forms import CodeForm, EnrolForm, LoginForm
from portal.auth.oidc_config import password_login_roles
from portal.auth.permissions import ANY_ROLE, allow, public
from portal.extensions import client_ip, limiter
from portal.web import home_for, safe_next_path

bp = Blueprint("auth", __name__)

WRONG_LOGIN = _l("Het e-mailadres of het wachtwoord klopt niet, of uw account is tijdelijk geblokkeerd.")
PASSWORD_LOGIN_OFF = _l("U logt niet meer in met een wachtwoord. Gebruik de knop om in te loggen via uw organisatie.")
NEXT_KEY = "next_after_login"


def _account_key() -> str:
    # The account *and* the address: a limit on the typed e-mail alone let anyone lock a chosen
    # user out of a correct login. The account lockout (LOGIN_MAX_FAILURES) still counts every
    # address together; this limit lets one address add only a few failures to it (issue 17).
    return f"account:{client_ip()}:" + service.normalise_email(request.form.get("email", ""))[:254]


def _login_limits():
    config = current_app.config
    return config["RATELIMIT_LOGIN_PER_IP"], config["RATELIMIT_LOGIN_PER_ACCOUNT"]


@bp.route("/inloggen", methods=["GET", "POST"])
@public
@limiter.limit(lambda: _login_limits()[0], methods=["POST"])
@limiter.limit(lambda: _login_limits()[1], methods=["POST"], key_func=_account_key)
def login():
    if current_user.is_authenticated:
        return redirect(home_for(current_user))
    form = LoginForm()
    if form.validate_on_submit():
        user = service.authenticate(form.email.data, form.password.data)
        if user is None:
            # One message for unknown e-mail, wrong password and a locked account.
            form.password.errors.append(WRONG_LOGIN)
        elif user.role not in password_login_roles(current_app.config):
            form.password.errors.append(PASSWORD_LOGIN_OFF)
        else:
            next_url = safe_next_path(request.args.get("next"))
            if not twofactor.required_for(user):
                service.start_session(user)
                return redirect(next_url or home_for(user))
            service.start_pending_two_factor(user)
            if next_url:
                session[NEXT_KEY] = next_url
            return redirect(url_for("auth.code" if user.totp_secret else "auth.enrol"))
    return render_template("auth/login.html", form=form, federated=list(oidc_client.providers().values()),
                           password_login=bool(password_login_roles(current_app.config)))


def _finish_login(user):
    next_url = session.get(NEXT_KEY)
    service.start_session(user)
    return redirect(safe_next_path(next_url) or home_for(user))


@bp.route("/inloggen/code", methods=["GET", "POST"])
@public
@limiter.limit(lambda: _login_limits()[0], methods=["POST"])
def code():
    """Second step. Only this page and enrolment open with just a password."""
    user = service.pending_two_factor_user()
    if user is None or not user.totp_secret:
        flash(_("Log opnieuw in."), "info")
        return redirect(url_for("auth.login"))
    form = CodeForm()
    if form.validate_on_submit():
        if twofactor.is_locked(user):
            form.code.errors.append(_("U heeft te vaak een verkeerde code ingevuld. Probeer het over 30 minuten opnieuw."))
        elif twofactor.verify(user, form.code.data):
            return _finish_login(user)
        elif twofactor.is_locked(user):
            form.code.errors.append(_("U heeft te vaak een verkeerde code ingevuld. Probeer het over 30 minuten opnieuw."))
        else:
            form.code.errors.append(_("Deze code klopt niet of is al gebruikt. Wacht op de volgende code in uw app."))
    return render_template("auth/code.html", form=form)


@bp.route("/inloggen/instellen", methods=["GET", "POST"])
@public
@limiter.limit(lambda: _login_limits()[0], methods=["POST"])
def enrol():
    """First login of a user who needs two-factor login: connect an authenticator app."""
    user = service.pending_two_factor_user()
    if user is None or user.totp_secret:
        return redirect(url_for("auth.login"))
    secret = session.get("enrol_secret") or twofactor.new_secret()
    session["enrol_secret"] = secret
    form = EnrolForm()
    if form.validate_on_submit():
        codes = twofactor.enrol(user, secret, form.code.data)
        if codes is not None:
            response = _finish_login(user)
            return render_template("auth/recovery_codes.html", codes=codes, next_url=response.location)
        form.code.errors.append(_("Deze code klopt niet. Kijk of de tijd op uw telefoon goed staat en probeer het opnieuw."))
    uri = twofactor.provisioning_uri(user, secret)
    return render_template("auth/enrol.html", form=form, qr=twofactor.qr_svg(uri), secret=secret)


@bp.route("/uitloggen", methods=["POST"])
@allow(ANY_ROLE)
def logout():
    federated = session.get(oidc_views.SESSION_KEY)
    service.logout(current_user._get_current_object())
    flash(_("U bent uitgelogd."), "success")
    # A federated session ends at the provider too (RP-initiated logout); it sends the user back here.
    return redirect(oidc_views.provider_logout_url(federated) or url_for("auth.login"))


@bp.route("/sessie/verlengen", methods=["POST"])
@allow(ANY_ROLE)
def keep_alive():
    """The 'Blijf ingelogd' button: any request counts as activity, so there is nothing else to do."""
    return "", 204
