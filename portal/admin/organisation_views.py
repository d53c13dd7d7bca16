"""Employers for admins: onboarding, PSO certificate, activation, workplaces."""
from datetime import timedelta

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import or_, select
from sqlalchemy.orm import selectinload

from portal.admin import organisation_service as service
from portal.admin.blueprint import bp
from portal.admin.organisation_forms import (
    CertificateForm,
    LocationForm,
    OrganisationForm,
    OrganisationSearchForm,
    municipality_choices,
)
from portal.auth.permissions import (
    allow,
    get_visible_or_404,
    import_batches_visible_to,
    locations_visible_to,
    organisations_visible_to,
)
from portal.extensions import db
from portal.formatting import local_today
from portal.forms_common import show_errors
from portal.models import ImportBatch, Location, Municipality, Organisation, User
from portal.models.organisation import CERTIFICATE_STATES, CERTIFICATE_WARNING_DAYS
from portal.pagination import paginate
from portal.unit_of_work import refusable_step
from portal.web import form_step, run_step
from portal.workflows import InputRejected


@bp.route("/organisaties")
@allow("admin")
def organisations():
    form = OrganisationSearchForm(request.args)
    today = local_today()
    query = organisations_visible_to(current_user).order_by(Organisation.name, Organisation.id)
    if form.validate():
        if form.q.data:
            text = form.q.data.strip()
            query = query.where(or_(Organisation.name.ilike(f"%{text}%"), Organisation.kvk_number == text))
        if form.certificate.data == "inactive":
            query = query.where(Organisation.is_active.is_(False))
        elif form.certificate.data == "expired":
            query = query.where(Organisation.pso_valid_until < today)
        elif form.certificate.data == "expiring":
            query = query.where(Organisation.pso_valid_until.between(
                today, today + timedelta(days=CERTIFICATE_WARNING_DAYS)))
    return render_template(
        "admin/organisations.html", form=form, page=paginate(query), today=today, states=CERTIFICATE_STATES
    )


@bp.route("/organisaties/nieuw", methods=["GET", "POST"])
@allow("admin")
def new_organisation():
    form = OrganisationForm()
    if form.validate_on_submit():
        try:
            with refusable_step():  # a rejected step leaves nothing behind
                organisation = service.save_organisation(current_user, None, form.name.data, form.kvk_number.data)
        except InputRejected as rejected:
            show_errors(form, rejected.errors)
        else:
            flash(_("De organisatie is aangemaakt. Controleer nu het PSO-certificaat."), "success")
            return redirect(url_for("admin.organisation", organisation_id=organisation.id))
    return render_template("admin/organisation_form.html", form=form, organisation=None)


@bp.route("/organisaties/<int:organisation_id>")
@allow("admin")
def organisation(organisation_id: int):
    organisation = get_visible_or_404(organisations_visible_to(current_user), organisation_id)
    locations = db.session.scalars(
        select(Location).where(Location.organisation_id == organisation.id)
        .options(selectinload(Location.municipality).selectinload(Municipality.region)).order_by(Location.name)
    ).all()
    users = db.session.scalars(select(User).where(User.organisation_id == organisation.id).order_by(User.name)).all()
    imports = db.session.scalars(
        import_batches_visible_to(current_user).where(ImportBatch.organisation_id == organisation.id)
        .order_by(ImportBatch.id.desc()).limit(10)
    ).all()
    return render_template(
        "admin/organisation.html", organisation=organisation, locations=locations, users=users, imports=imports,
        today=local_today(), states=CERTIFICATE_STATES,
    )


@bp.route("/organisaties/<int:organisation_id>/bewerken", methods=["GET", "POST"])
@allow("admin")
def edit_organisation(organisation_id: int):
    organisation = get_visible_or_404(organisations_visible_to(current_user), organisation_id)
    form = OrganisationForm(obj=organisation)
    return form_step(
        form, lambda: service.save_organisation(current_user, organisation, form.name.data, form.kvk_number.data),
        _("De gegevens zijn opgeslagen."), url_for("admin.organisation", organisation_id=organisation.id),
    ) or render_template("admin/organisation_form.html", form=form, organisation=organisation)


@bp.route("/organisaties/<int:organisation_id>/certificaat", methods=["GET", "POST"])
@allow("admin")
def certificate(organisation_id: int):
    organisation = get_visible_or_404(organisations_visible_to(current_user), organisation_id)
    form = CertificateForm()
    if not form.is_submitted() and organisation.pso_level:
        form.number.data, form.level.data = organisation.pso_certificate_number, organisation.pso_level
        form.pso_30_plus.data = "ja" if organisation.pso_30_plus else "nee"
        form.certifying_body.data = organisation.pso_certifying_body
    data = service.CertificateInput(
        level=form.level.data or "", certifying_body=form.certifying_body.data or "",
        valid_from=form.valid_from.data, valid_until=form.valid_until.data,
        pso_30_plus=form.pso_30_plus.data == "ja", number=form.number.data or "",
    )
    return form_step(
        form, lambda: service.record_certificate(current_user, organisation, data, local_today()),
        _("Het certificaat is opgeslagen als gecontroleerd."), url_for("admin.organisation", organisation_id=organisation.id),
    ) or render_template("admin/certificate_form.html", form=form, organisation=organisation)


@bp.route("/organisaties/<int:organisation_id>/activeren", methods=["POST"])
@allow("admin")
def activate_organisation(organisation_id: int):
    organisation = get_visible_or_404(organisations_visible_to(current_user), organisation_id)
    if run_step(lambda: service.activate(current_user, organisation, local_today())):
        flash(_("%(organisation)s is actief. Nodig nu de gebruikers uit.", organisation=organisation.name), "success")
    return redirect(url_for("admin.organisation", organisation_id=organisation.id))


def _location_page(organisation, location):
    form = LocationForm(obj=location)
    form.municipality.choices = municipality_choices()
    if not form.is_submitted() and location is not None and location.municipality_id:
        form.municipality.data = str(location.municipality_id)
    data = service.LocationInput(
        name=form.name.data or "", postcode=form.postcode.data or "", street=form.street.data or "",
        city=form.city.data or "", municipality_id=int(form.municipality.data) if (form.municipality.data or "").isdigit() else 0,
    )
    return form_step(
        form, lambda: service.save_location(current_user, organisation, location, data),
        _("De werkplek is opgeslagen."), url_for("admin.organisation", organisation_id=organisation.id),
    ) or render_template("admin/location_form.html", form=form, organisation=organisation, location=location)


@bp.route("/organisaties/<int:organisation_id>/werkplekken/nieuw", methods=["GET", "POST"])
@allow("admin")
def new_location(organisation_id: int):
    organisation = get_visible_or_404(organisations_visible_to(current_user), organisation_id)
    return _location_page(organisation, None)


@bp.route("/werkplekken/<int:location_id>", methods=["GET", "POST"])
@allow("admin")
def location(location_id: int):
    location = get_visible_or_404(locations_visible_to(current_user), location_id)
    return _location_page(location.organisation, location)
