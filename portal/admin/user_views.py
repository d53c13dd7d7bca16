"""Users for admins: list, invite, change role, organisation or regions, deactivate."""
from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import or_
from sqlalchemy.orm import selectinload

from portal.admin import user_service as user_admin
from portal.admin.blueprint import bp
from portal.admin.reassign_service import active_ads
from portal.admin.user_forms import InviteForm, TeamLeadForm, UserForm, UserSearchForm
from portal.auth import invitation_service as invitations
from portal.auth import oidc_service
from portal.auth.permissions import allow, get_visible_or_404, organisations_visible_to, users_manageable_by
from portal.bounds import parse_id
from portal.extensions import db
from portal.forms_common import show_errors
from portal.models import Organisation, User
from portal.models.user import NO_PASSWORD
from portal.pagination import paginate
from portal.unit_of_work import refusable_step
from portal.web import run_step
from portal.workflows import InputRejected


@bp.route("/gebruikers")
@allow("admin")
def users():
    form = UserSearchForm(request.args)
    query = (
        users_manageable_by(current_user)
        .options(selectinload(User.organisation), selectinload(User.regions))
        .order_by(User.name, User.id)
    )
    if form.validate():
        if form.q.data:
            pattern = f"%{form.q.data.strip()}%"
            query = query.where(or_(User.name.ilike(pattern), User.email.ilike(pattern)))
        if form.role.data:
            query = query.where(User.role == form.role.data)
        if form.status.data == "disabled":
            query = query.where(User.is_enabled.is_(False))
        elif form.status.data == "awaiting_approval":
            query = query.where(User.is_enabled, User.awaiting_approval)
        elif form.status.data == "invited":
            query = query.where(User.is_enabled, ~User.awaiting_approval, User.password_hash == NO_PASSWORD,
                                User.oidc_subject.is_(None))
        elif form.status.data == "active":
            query = query.where(User.is_enabled, ~User.awaiting_approval,
                                or_(User.password_hash != NO_PASSWORD, User.oidc_subject.is_not(None)))
    return render_template("admin/users.html", form=form, page=paginate(query))


def _form_choices(form: UserForm):
    form.set_region_choices()
    organisation, errors = form.chosen_organisation()
    return organisation, form.chosen_regions(), errors


@bp.route("/gebruikers/uitnodigen", methods=["GET", "POST"])
@allow("admin")
def invite_user():
    form = InviteForm().set_region_choices()
    organisation_id = parse_id(request.args.get("organisatie"))
    if not form.is_submitted() and organisation_id is not None:
        organisation = db.session.scalar(
            organisations_visible_to(current_user).where(Organisation.id == organisation_id)
        )
        if organisation is not None:
            form.role.data, form.organisation.data = "employer", organisation.kvk_number
    if form.validate_on_submit():
        organisation, regions, errors = _form_choices(form)
        try:
            with refusable_step():  # a rejected step leaves nothing behind
                if errors:
                    raise InputRejected(errors)
                user = invitations.invite_user(
                    current_user, email=form.email.data, name=form.name.data, role=form.role.data,
                    phone=form.phone.data or "", organisation=organisation, regions=regions,
                    is_organisation_admin=form.is_organisation_admin.data,
                )
        except InputRejected as rejected:
            show_errors(form, rejected.errors)
        else:
            flash(_("%(name)s krijgt een e-mail met een uitnodiging. De link werkt 7 dagen.", name=user.name), "success")
            return redirect(url_for("admin.user", user_id=user.id))
    return render_template("admin/user_invite.html", form=form)


@bp.route("/gebruikers/<int:user_id>", methods=["GET", "POST"])
@allow("admin")
def user(user_id: int):
    user = get_visible_or_404(users_manageable_by(current_user), user_id)
    form = UserForm().set_region_choices()
    if not form.is_submitted():
        _fill(form, user)
    if form.validate_on_submit():
        organisation, regions, errors = _form_choices(form)
        try:
            with refusable_step():  # a rejected step leaves nothing behind
                if errors:
                    raise InputRejected(errors)
                user_admin.update_user(
                    current_user, user, name=form.name.data, phone=form.phone.data or "", role=form.role.data,
                    organisation=organisation, regions=regions, is_organisation_admin=form.is_organisation_admin.data,
                )
        except InputRejected as rejected:
            show_errors(form, rejected.errors)
        else:
            flash(_("De gegevens zijn opgeslagen."), "success")
            return redirect(url_for("admin.user", user_id=user.id))
    return _user_page(form, user)


def _user_page(form, user, team_lead_form=None):
    if team_lead_form is None and user.role == "ad":
        team_lead_form = TeamLeadForm(formdata=None).set_choices(user, active_ads())
        team_lead_form.team_lead.data = str(user.team_lead_id or "")
    return render_template(
        "admin/user.html", form=form, user=user, team_lead_form=team_lead_form,
        caseload=user_admin.caseload_size(user) if user.role == "ad" else 0,
    )


@bp.route("/gebruikers/<int:user_id>/teamleider", methods=["POST"])
@allow("admin")
def team_lead(user_id: int):
    user = get_visible_or_404(users_manageable_by(current_user), user_id)
    ads = active_ads()
    form = TeamLeadForm().set_choices(user, ads)
    if form.validate_on_submit():
        lead = next((ad for ad in ads if str(ad.id) == form.team_lead.data), None)
        try:
            with refusable_step():  # a rejected step leaves nothing behind
                if form.team_lead.data and lead is None:
                    raise InputRejected({"team_lead": _("Kies een teamleider uit de lijst.")})
                user_admin.set_team_lead(current_user, user, lead)
        except InputRejected as rejected:
            show_errors(form, rejected.errors)
        else:
            flash(_("De teamleider van %(name)s is opgeslagen.", name=user.name), "success")
            return redirect(url_for("admin.user", user_id=user.id))
    return _user_page(_fill(UserForm(formdata=None).set_region_choices(), user), user, form), 400


def _fill(form: UserForm, user: User) -> UserForm:
    form.name.data, form.phone.data, form.role.data = user.name, user.phone, user.role
    form.organisation.data = user.organisation.kvk_number if user.organisation else ""
    form.is_organisation_admin.data = user.is_organisation_admin
    form.regions.data = [r.id for r in user.regions]
    return form


def _user_step(user_id: int, run, message):
    user = get_visible_or_404(users_manageable_by(current_user), user_id)
    if run_step(lambda: run(current_user, user)):
        flash(str(message) % {"name": user.name}, "success")
    return redirect(url_for("admin.user", user_id=user.id))


@bp.route("/gebruikers/<int:user_id>/uitzetten", methods=["POST"])
@allow("admin")
def deactivate_user(user_id: int):
    return _user_step(user_id, user_admin.deactivate_user, _l("%(name)s kan niet meer inloggen. Alle sessies zijn beëindigd."))


@bp.route("/gebruikers/<int:user_id>/aanzetten", methods=["POST"])
@allow("admin")
def reactivate_user(user_id: int):
    return _user_step(user_id, user_admin.reactivate_user, _l("%(name)s kan weer inloggen."))


@bp.route("/gebruikers/<int:user_id>/goedkeuren", methods=["POST"])
@allow("admin")
def approve_user(user_id: int):
    """An account made by a first eHerkenning login, for an organisation without an administrator."""
    return _user_step(user_id, oidc_service.approve_account, _l("%(name)s kan nu inloggen met eHerkenning."))


@bp.route("/gebruikers/<int:user_id>/uitnodiging", methods=["POST"])
@allow("admin")
def resend_invitation(user_id: int):
    return _user_step(user_id, invitations.resend_invitation,
                      _l("%(name)s krijgt een nieuwe uitnodiging. De oude link werkt niet meer."))
