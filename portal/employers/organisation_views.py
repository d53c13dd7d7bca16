"""The employer's own organisation: certificate banner, colleagues, and the organisation
administrator's invitations and deactivations."""
from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import select

from portal.admin import user_service as user_admin
from portal.admin.user_forms import ColleagueInviteForm
from portal.auth import invitation_service as invitations
from portal.auth import oidc_service
from portal.auth.permissions import (
    allow,
    get_visible_or_404,
    is_organisation_admin,
    may_file_notices,
    users_manageable_by,
)
from portal.employers.blueprint import bp
from portal.extensions import db
from portal.formatting import local_today
from portal.forms_common import show_errors
from portal.models import Location, User
from portal.unit_of_work import refusable_step
from portal.web import run_step
from portal.workflows import InputRejected

# Pages that start a new contract-end notice; closed while the certificate blocks filing.
NOTICE_FILING_ENDPOINTS = {"notices.new", "notices.notice_step", "notices.check"}


@bp.app_context_processor
def certificate_banner():
    """The banner on every page for the users of an organisation whose certificate runs out."""
    user = current_user  # None outside requests (mail rendered by the command line)
    if not user or not user.is_authenticated or user.role != "employer" or user.organisation is None:
        return {}
    organisation = user.organisation
    return {"certificate_banner": organisation.certificate_banner(local_today()), "banner_organisation": organisation}


@bp.before_app_request
def refuse_notices_without_certificate():
    if request.endpoint not in NOTICE_FILING_ENDPOINTS or not current_user.is_authenticated:
        return None
    if current_user.role != "employer" or may_file_notices(current_user):
        return None
    return render_template("employers/notices_blocked.html", organisation=current_user.organisation), 403


@bp.route("/organisatie")
@allow("employer")
def organisation():
    organisation = current_user.organisation
    colleagues = db.session.scalars(
        select(User).where(User.organisation_id == organisation.id, User.role == "employer")
        .order_by(User.is_enabled.desc(), User.name)
    ).all()
    locations = db.session.scalars(
        select(Location).where(Location.organisation_id == organisation.id).order_by(Location.name)
    ).all()
    return render_template(
        "employers/organisation.html", organisation=organisation, colleagues=colleagues, locations=locations,
        may_manage=is_organisation_admin(current_user), today=local_today(),
    )


@bp.route("/organisatie/collegas/uitnodigen", methods=["GET", "POST"])
@allow("employer", when=is_organisation_admin)
def invite_colleague():
    form = ColleagueInviteForm()
    if form.validate_on_submit():
        try:
            with refusable_step():  # a rejected step leaves nothing behind
                colleague = invitations.invite_user(
                    current_user, email=form.email.data, name=form.name.data, phone=form.phone.data or "",
                    role="employer", organisation=current_user.organisation,
                )
        except InputRejected as rejected:
            show_errors(form, rejected.errors)
        else:
            flash(_("%(name)s krijgt een e-mail met een uitnodiging. De link werkt 7 dagen.", name=colleague.name), "success")
            return redirect(url_for("employers.organisation"))
    return render_template("employers/colleague_invite.html", form=form)


def _colleague_step(user_id: int, run, message):
    colleague = get_visible_or_404(users_manageable_by(current_user), user_id)
    if run_step(lambda: run(current_user, colleague)):
        flash(message % {"name": colleague.name}, "success")
    return redirect(url_for("employers.organisation"))


@bp.route("/organisatie/collegas/<int:user_id>/uitzetten", methods=["POST"])
@allow("employer", when=is_organisation_admin)
def deactivate_colleague(user_id: int):
    return _colleague_step(user_id, user_admin.deactivate_user,
                           _l("%(name)s kan niet meer inloggen. Alle sessies zijn beëindigd."))


@bp.route("/organisatie/collegas/<int:user_id>/uitnodiging", methods=["POST"])
@allow("employer", when=is_organisation_admin)
def reinvite_colleague(user_id: int):
    return _colleague_step(user_id, invitations.resend_invitation, _l("%(name)s krijgt een nieuwe uitnodiging."))


@bp.route("/organisatie/collegas/<int:user_id>/goedkeuren", methods=["POST"])
@allow("employer", when=is_organisation_admin)
def approve_colleague(user_id: int):
    """A colleague's first eHerkenning login made an account; it sees nothing until approved."""
    return _colleague_step(user_id, oidc_service.approve_account, _l("%(name)s kan nu inloggen met eHerkenning."))
