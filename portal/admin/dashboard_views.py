from flask import current_app, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user
from sqlalchemy import func, select

from portal.admin.blueprint import bp
from portal.admin.organisation_forms import municipality_choices
from portal.admin.organisation_service import certificate_tasks
from portal.auth.permissions import allow, get_visible_or_404, organisations_visible_to, refills_visible_to
from portal.bounds import parse_id
from portal.extensions import db
from portal.formatting import local_today
from portal.forms_common import show_errors
from portal.models import OPEN_REFILL_STATES, Municipality, Organisation, RefillRequest, Region
from portal.models.organisation import CERTIFICATE_WARNING_DAYS
from portal.pagination import Listing, paginate
from portal.stale_counts import kept_figures
from portal.vacancies import refill_service as vacancies
from portal.vacancies.refill_forms import RouteForm
from portal.vacancies.refill_views import LIST_OPTIONS
from portal.web import run_step
from portal.workflows import REFILL_WORKFLOW, InputRejected


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
    today = local_today()
    # The national counts per state may be a minute old, as a list's total (portal/stale_counts.py):
    # counting all 75,000 refill requests took 9 ms per visit.
    counts = kept_figures.get(("refill_counts_by_state", today), current_app.config["LIST_COUNT_MAX_AGE"], lambda: dict(
        db.session.execute(select(RefillRequest.status, func.count()).group_by(RefillRequest.status)).all()
    ))
    return render_template(
        "admin/dashboard.html", unrouted=unrouted, counts=counts, states=REFILL_WORKFLOW.states,
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
    # The total may be a minute old (portal/stale_counts.py): it counted 75,000 requests per page.
    listing = Listing(rows=query, count=refills_visible_to(current_user).with_only_columns(func.count(RefillRequest.id)),
                      count_key=("admin_refills", local_today()))
    return render_template("admin/refills.html", page=paginate(listing), states=REFILL_WORKFLOW.states)


@bp.route("/herbezetting/<int:refill_id>/regio", methods=["GET", "POST"])
@allow("admin")
def route_refill(refill_id: int):
    """Set the workplace's municipality and with it send the waiting request(s) to the region's WSP."""
    refill = get_visible_or_404(refills_visible_to(current_user), refill_id)
    if not refill.needs_routing:
        flash(_("Dit verzoek heeft al een regio."), "info")
        return redirect(url_for("vacancies.show", refill_id=refill.id))
    form = RouteForm()
    form.municipality.choices = municipality_choices()
    if form.validate_on_submit():
        chosen = parse_id(form.municipality.data)  # bounded (TRAPS 14): a huge number is just unknown
        try:
            routed: list = []
            if run_step(lambda: routed.extend(vacancies.route(current_user, refill, chosen))):
                flash(ngettext("%(num)s verzoek is doorgestuurd naar het WSP van %(region)s. Volgende verzoeken "
                               "van deze werkplek gaan daar vanzelf heen.",
                               "%(num)s verzoeken zijn doorgestuurd naar het WSP van %(region)s. Volgende "
                               "verzoeken van deze werkplek gaan daar vanzelf heen.",
                               len(routed), region=refill.location.region.name), "success")
            return redirect(url_for("admin.dashboard"))
        except InputRejected as rejected:
            show_errors(form, rejected.errors)
    return render_template("admin/route_refill.html", form=form, refill=refill, waiting=_waiting_at(refill))


def _waiting_at(refill) -> int:
    """How many open requests of this workplace wait for a region (this one included): they go along."""
    return db.session.scalar(
        select(func.count()).select_from(RefillRequest).where(
            RefillRequest.location_id == refill.location_id, RefillRequest.region_id.is_(None),
            RefillRequest.status.in_(OPEN_REFILL_STATES),
        )
    ) or 0


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

