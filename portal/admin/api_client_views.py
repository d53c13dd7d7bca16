"""API clients: register one (its secret shown once), rotate the secret with an overlap, switch it off."""
from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from portal.admin.api_client_forms import ApiClientForm, RotateForm
from portal.admin.blueprint import bp
from portal.api import client_service as service
from portal.auth.permissions import allow
from portal.extensions import db
from portal.forms_common import show_errors
from portal.models import API_ACCESS_LEVELS, API_RESOURCES, ApiClient, Organisation, Region, utcnow
from portal.unit_of_work import refusable_step
from portal.workflows import InputRejected


def _client_or_404(api_client_id: int) -> ApiClient:
    return db.get_or_404(ApiClient, api_client_id)  # every admin manages every client


@bp.route("/api-koppelingen")
@allow("admin")
def api_clients():
    clients = db.session.scalars(
        select(ApiClient).options(selectinload(ApiClient.organisation), selectinload(ApiClient.regions))
        .order_by(ApiClient.is_active.desc(), ApiClient.name)).all()
    return render_template("admin/api_clients.html", clients=clients, resources=API_RESOURCES, levels=API_ACCESS_LEVELS)


def _fill_choices(form: ApiClientForm) -> None:
    organisations = db.session.scalars(select(Organisation).order_by(Organisation.name)).all()
    form.organisation.choices = [("", _("Kies een werkgever"))] + [(str(o.id), f"{o.name} ({o.kvk_number})")
                                                                    for o in organisations]
    form.regions.choices = [(r.id, f"{r.name} ({r.code})")
                            for r in db.session.scalars(select(Region).order_by(Region.name))]


def _input(form: ApiClientForm) -> service.ClientInput:
    organisation = db.session.get(Organisation, int(form.organisation.data)) if (form.organisation.data or "").isdigit() \
        else None
    regions = list(db.session.scalars(select(Region).where(Region.id.in_(form.regions.data or []))))
    permissions = {resource: getattr(form, f"perm_{resource}").data or "" for resource in API_RESOURCES}
    return service.ClientInput(form.name.data or "", form.scope_kind.data or "", organisation, regions, permissions)


@bp.route("/api-koppelingen/nieuw", methods=["GET", "POST"])
@allow("admin")
def new_api_client():
    form = ApiClientForm()
    _fill_choices(form)
    if form.validate_on_submit():
        try:
            with refusable_step():
                client, secret = service.register(current_user, _input(form))
        except InputRejected as rejected:
            show_errors(form, rejected.errors)
        else:
            return _secret_page(client, secret)
    return render_template("admin/api_client_form.html", form=form, resources=API_RESOURCES)


def _secret_page(client: ApiClient, secret: str):
    # Shown in the answer to the POST only: the secret is never stored, so it cannot be shown again.
    return render_template("admin/api_client_secret.html", client=client, secret=secret)


@bp.route("/api-koppelingen/<int:api_client_id>")
@allow("admin")
def api_client(api_client_id: int):
    client = _client_or_404(api_client_id)
    return render_template("admin/api_client.html", client=client, form=RotateForm(), now=utcnow(),
                           resources=API_RESOURCES, levels=API_ACCESS_LEVELS)


@bp.route("/api-koppelingen/<int:api_client_id>/geheim", methods=["POST"])
@allow("admin")
def rotate_api_client_secret(api_client_id: int):
    client = _client_or_404(api_client_id)
    form = RotateForm()
    if form.validate_on_submit():
        try:
            with refusable_step():
                secret = service.rotate_secret(current_user, client, form.overlap_days.data or 0)
        except InputRejected as rejected:
            show_errors(form, rejected.errors)
        else:
            return _secret_page(client, secret)
    return render_template("admin/api_client.html", client=client, form=form, now=utcnow(),
                           resources=API_RESOURCES, levels=API_ACCESS_LEVELS), 400


@bp.route("/api-koppelingen/<int:api_client_id>/uitzetten", methods=["POST"])
@allow("admin")
def deactivate_api_client(api_client_id: int):
    client = _client_or_404(api_client_id)
    try:
        with refusable_step():
            service.deactivate(current_user, client)
    except InputRejected as rejected:
        flash(" ".join(rejected.errors.values()), "error")
    else:
        flash(_("De koppeling %(name)s is uitgezet. Haar tokens en geheimen werken niet meer.", name=client.name),
              "success")
    return redirect(url_for("admin.api_client", api_client_id=client.id))
