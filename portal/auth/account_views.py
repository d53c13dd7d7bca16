"""The user's own account: change password; forgotten password by e-mail link."""
from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from portal.auth import account_service as service
from portal.auth.account_forms import ChangePasswordForm, ForgotPasswordForm, ResetPasswordForm
from portal.auth.permissions import ANY_ROLE, allow, public
from portal.extensions import limiter
from portal.forms_common import show_errors
from portal.unit_of_work import refusable_step
from portal.workflows import InputRejected

bp = Blueprint("account", __name__)


@bp.route("/account/wachtwoord", methods=["GET", "POST"])
@allow(ANY_ROLE)
def change_password():
    form = ChangePasswordForm()
    if form.validate_on_submit():
        try:
            with refusable_step():  # a rejected step leaves nothing behind
                service.change_password(
                    current_user._get_current_object(), form.current_password.data, form.new_password.data,
                    form.repeat_password.data,
                )
        except InputRejected as rejected:
            show_errors(form, rejected.errors)
        else:
            flash(_("Uw wachtwoord is gewijzigd. Op andere apparaten bent u nu uitgelogd."), "success")
            return redirect(url_for("pages.index"))
    return render_template("account/password.html", form=form)


@bp.route("/wachtwoord-vergeten", methods=["GET", "POST"])
@public
@limiter.limit("10 per 10 minutes", methods=["POST"])
def forgot_password():
    form = ForgotPasswordForm()
    if form.validate_on_submit():
        service.request_password_reset(form.email.data)
        # The same answer whether or not the address is known.
        flash(_("Als dit e-mailadres bij ons bekend is, krijgt u binnen een paar minuten een e-mail met een link."), "success")
        return redirect(url_for("auth.login"))
    return render_template("account/forgot.html", form=form)


@bp.route("/wachtwoord-herstellen/<token>", methods=["GET", "POST"])
@public
@limiter.limit("10 per 10 minutes", methods=["POST"])
def reset_password(token: str):
    if service.valid_reset_token(token) is None:
        return render_template("account/reset_expired.html"), 410
    form = ResetPasswordForm()
    if form.validate_on_submit():
        try:
            with refusable_step():  # a rejected step leaves nothing behind
                service.reset_password(token, form.new_password.data, form.repeat_password.data)
        except InputRejected as rejected:
            show_errors(form, rejected.errors)
        else:
            flash(_("Uw nieuwe wachtwoord is ingesteld. Log in met uw nieuwe wachtwoord en de code uit uw app."), "success")
            return redirect(url_for("auth.login"))
    return render_template("account/reset.html", form=form)

