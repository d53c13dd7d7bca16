from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import func, select

from portal.admin.blueprint import bp
from portal.admin.organisation_service import certificate_tasks
from portal.auth.permissions import allow, get_visible_or_404, organisations_visible_to, refills_visible_to
from portal.extensions import db
from portal.formatting import local_today
from portal.forms_common import choices
from portal.models import OPEN_REFILL_STATES, Municipality, Organisation, RefillRequest, Region
from portal.models.organisation import CERTIFICATE_WARNING_DAYS
from portal.pagination import paginate
from portal.vacancies import refill_service as vacancies
from portal.vacancies.refill_forms import RouteForm
from portal.vacancies.refill_views import LIST_OPTIONS
from portal.web import run_step
from portal.workflows import REFILL_WORKFLOW


def _region_choices():
    regions = db.session.scalars(select(Region).order_by(Region.name)).all()
    return choices({str(r.id): f"{r.name} ({r.code})" for r in regions}, _("Kies een regio"))


@bp.route("/")
@allow("admin")
def dashboard():
    """Refill requests whose workplace had no region wait here until an admin routes them."""
    unrouted = db.session.scalars(
        refills_visible_to(current_user)
        .options(*LIST_OPTIONS)
        .where(RefillRequest.region_id.is_(None), RefillRequest.status.in_(OPEN_REFILL_STATES))
        .order_by(RefillRequest.created_at)
    ).all()
    counts = dict(
        db.session.execute(
            select(RefillRequest.status, func.count()).group_by(RefillRequest.status)
        ).all()
    )
    form = RouteForm()
    form.region.choices = _region_choices()
    today = local_today()
    return render_template(
        "admin/dashboard.html", unrouted=unrouted, counts=counts, states=REFILL_WORKFLOW.states, form=form,
        certificates=db.session.scalars(certificate_tasks(today, CERTIFICATE_WARNING_DAYS).limit(100)).all(),
        waiting=db.session.scalars(
            organisations_visible_to(current_user).where(Organisation.is_active.is_(False)).order_by(Organisation.name)
            .limit(100)
        ).all(),
        today=today,
    )


@bp.route("/herbezetting")
@allow("admin")
def refills():
    query = refills_visible_to(current_user).options(*LIST_OPTIONS).order_by(RefillRequest.created_at.desc())
    return render_template("admin/refills.html", page=paginate(query), states=REFILL_WORKFLOW.states)


@bp.route("/herbezetting/<int:refill_id>/regio", methods=["POST"])
@allow("admin")
def route_refill(refill_id: int):
    refill = get_visible_or_404(refills_visible_to(current_user), refill_id)
    form = RouteForm()
    form.region.choices = _region_choices()
    if not form.validate_on_submit():
        flash(_("Kies een regio om het verzoek naar door te sturen."), "error")
        return redirect(url_for("admin.dashboard"))
    region = db.session.get(Region, int(form.region.data))
    if region is None:  # the choices come from the regions table; a stale form may name a removed one
        abort(404)
    if run_step(lambda: vacancies.route(current_user, refill, region)):
        flash(_("Het verzoek is doorgestuurd naar het WSP van %(region)s.", region=region.name), "success")
    return redirect(url_for("admin.dashboard"))


@bp.route("/regios")
@allow("admin")
def regions():
    rows = db.session.execute(
        select(Region, func.count(Municipality.id))
        .outerjoin(Municipality, Municipality.region_id == Region.id)
        .group_by(Region.id)
        .order_by(Region.code)
    ).all()
    return render_template("admin/regions.html", rows=rows)

