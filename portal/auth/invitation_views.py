"""The invitation link: set a first password, then (where required) connect the app."""
from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _

from portal.auth import account_service as service
from portal.auth import invitation_service as invitations
from portal.auth import twofactor_service as twofactor
from portal.auth.account_forms import ResetPasswordForm
from portal.auth.account_views import bp
from portal.auth.permissions import public
from portal.extensions import limiter
from portal.forms_common import show_errors
from portal.unit_of_work import refusable_step
from portal.web import home_for
from portal.workflows import InputRejected


@bp.route("/uitnodiging/<token>", methods=["GET", "POST"])
@public
@limiter.limit("10 per 10 minutes", methods=["POST"])
def accept_invitation(token: str):
    invitation = invitations.valid_invitation(token)
    if invitation is None:
        return render_template("account/invitation_expired.html"), 410
    form = ResetPasswordForm()
    if form.validate_on_submit():
        try:
            with refusable_step():  # a rejected step leaves nothing behind
                user = invitations.accept_invitation(token, form.new_password.data, form.repeat_password.data)
        except InputRejected as rejected:
            show_errors(form, rejected.errors)
        else:
            if twofactor.required_for(user):
                service.start_pending_two_factor(user)
                flash(_("Uw wachtwoord is ingesteld. Stel nu de app in voor de inlogcode."), "success")
                return redirect(url_for("auth.enrol"))
            service.start_session(user)
            flash(_("Welkom bij Servicepunt Inclusief. Uw wachtwoord is ingesteld."), "success")
            return redirect(home_for(user))
    return render_template("account/invitation.html", form=form, user=invitation.user)
