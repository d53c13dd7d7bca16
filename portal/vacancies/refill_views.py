from contextlib import nullcontext

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import case
from sqlalchemy.orm import joinedload, load_only, selectinload

from portal.audit import access_log_service as audit
from portal.auth.permissions import (
    allow,
    allowed_actions,
    get_visible_or_404,
    may_open_notice_page,
    refills_visible_to,
)
from portal.models import OPEN_REFILL_STATES, Location, Organisation, RefillRequest, Region, User
from portal.pagination import paginate
from portal.pool.pool_views import refill_pool_context
from portal.query_plans import reused_plan
from portal.threads.thread_views import thread_context
from portal.vacancies import refill_pdf as pdf
from portal.vacancies import refill_service as service
from portal.vacancies.refill_forms import CloseRefillForm, ProposeForm
from portal.web import form_step, pdf_response, run_step
from portal.workflows import REFILL_WORKFLOW, timeline

bp = Blueprint("vacancies", __name__)

CLOSED_REFILL_STATES = tuple(state for state in REFILL_WORKFLOW.states if state not in OPEN_REFILL_STATES)

# Employer and workplace are loaded for the page's rows after they are found (one query each;
# joined into the list query they made the database join every matching request before sorting
# and cutting the page). Region and adviser may be empty: joined, so the number of queries does
# not depend on whether a page happens to hold any.
# Only the columns the lists show (vacancies/_table.html, the admin's unrouted list): whole rows of
# requests, employers and advisers were half of the WSP queue's Python time (issue 21).
LIST_OPTIONS = (
    load_only(RefillRequest.job_title, RefillRequest.hours_per_week, RefillRequest.created_at, RefillRequest.status,
              RefillRequest.response_due, RefillRequest.organisation_id, RefillRequest.location_id,
              RefillRequest.region_id, RefillRequest.claimed_by_id),
    selectinload(RefillRequest.organisation).load_only(Organisation.name),
    selectinload(RefillRequest.location).load_only(Location.name),
    joinedload(RefillRequest.region).load_only(Region.name),
    joinedload(RefillRequest.claimed_by).load_only(User.name),
)


def _refill_or_404(refill_id: int) -> RefillRequest:
    return get_visible_or_404(refills_visible_to(current_user), refill_id)



@bp.route("/wsp/verzoeken")
@allow("wsp")
def queue():
    """Open requests oldest first; then the adviser's own; closed ones on request."""
    view = request.args.get("toon", "open")
    query = refills_visible_to(current_user).options(*LIST_OPTIONS)
    if view == "mijn":
        query = query.where(RefillRequest.claimed_by_id == current_user.id, RefillRequest.status.in_(OPEN_REFILL_STATES))
    elif view == "afgerond":
        # The closed states by name (not NOT IN the open ones): the (region, status, created)
        # index then finds them, instead of a scan of every request in the country.
        query = query.where(RefillRequest.status.in_(CLOSED_REFILL_STATES))
    else:
        view = "open"
        query = query.where(RefillRequest.status.in_(OPEN_REFILL_STATES))
    # Unclaimed first, nearest claim deadline first (overdue on top), then the oldest.
    unclaimed_first = case((RefillRequest.status == "open", 0), else_=1)
    order: tuple = (unclaimed_first, RefillRequest.response_due, RefillRequest.created_at, RefillRequest.id)
    if view == "afgerond":
        # The same order for closed requests (no deadline; none open), said so an index can give it.
        order = (RefillRequest.created_at, RefillRequest.id)
    # The open ones (a region's queue: a few hundred) are all sorted anyway (no index gives this
    # order), so that query counts them too, with the reused plan: planning it cost as much as
    # running it (portal/query_plans.py). The closed ones run into the thousands: counted apart,
    # and planned for the region (the reused plan sorted them all: 17 ms instead of 2).
    with reused_plan() if view != "afgerond" else nullcontext():
        page = paginate(query.order_by(*order), count_with_rows=view != "afgerond")
    return render_template("vacancies/queue.html", page=page, view=view, states=REFILL_WORKFLOW.states)


@bp.route("/herbezetting")
@allow("employer")
def index():
    query = refills_visible_to(current_user).options(*LIST_OPTIONS).order_by(RefillRequest.created_at.desc())
    return render_template("vacancies/index.html", page=paginate(query), states=REFILL_WORKFLOW.states)


@bp.route("/herbezetting/<int:refill_id>")
@allow("employer", "wsp", "ad", "admin")
def show(refill_id: int):
    refill = _refill_or_404(refill_id)
    return render_template(
        "vacancies/show.html",
        refill=refill,
        events=timeline(REFILL_WORKFLOW, refill),
        actions=allowed_actions(current_user, REFILL_WORKFLOW, refill, visible=True),  # found through the scope
        may_open_notice=may_open_notice_page(current_user),
        states=REFILL_WORKFLOW.states,
        workflow=REFILL_WORKFLOW,
        **thread_context("refill", refill),
        **refill_pool_context(current_user, refill),
    )


@bp.route("/herbezetting/<int:refill_id>/oppakken", methods=["POST"])
@allow("wsp")
def claim(refill_id: int):
    refill = _refill_or_404(refill_id)
    if run_step(lambda: service.claim(current_user, refill)):
        flash(_("U heeft dit verzoek opgepakt. De werkgever ziet nu dat u het behandelt."), "success")
    return redirect(url_for("vacancies.show", refill_id=refill.id))


@bp.route("/herbezetting/<int:refill_id>/kandidaten", methods=["GET", "POST"])
@allow("wsp")
def propose(refill_id: int):
    refill = _refill_or_404(refill_id)
    form = ProposeForm()
    return form_step(
        form,
        lambda: service.propose_candidates(current_user, refill, form.note.data or ""),
        _("De werkgever ziet nu dat u kandidaten heeft voorgesteld."),
        url_for("vacancies.show", refill_id=refill.id),
    ) or render_template("vacancies/propose.html", form=form, refill=refill)


@bp.route("/herbezetting/<int:refill_id>/afsluiten", methods=["GET", "POST"])
@allow("wsp")
def close(refill_id: int):
    refill = _refill_or_404(refill_id)
    form = CloseRefillForm()
    return form_step(
        form,
        lambda: service.close(
            current_user, refill, form.result.data == "filled", form.filled_date.data, form.reason.data or ""
        ),
        _("Het verzoek is afgesloten."),
        url_for("vacancies.show", refill_id=refill.id),
    ) or render_template("vacancies/close.html", form=form, refill=refill)


@bp.route("/herbezetting/<int:refill_id>/annuleren", methods=["POST"])
@allow("employer")
def cancel(refill_id: int):
    refill = _refill_or_404(refill_id)
    if run_step(lambda: service.cancel(current_user, refill, "De werkgever heeft de plek niet meer nodig.")):
        flash(_("Het verzoek is geannuleerd. Het Werkgeversservicepunt ziet dit nu."), "success")
    return redirect(url_for("vacancies.show", refill_id=refill.id))


@bp.route("/herbezetting/<int:refill_id>/herbezettingsverzoek.pdf")
@allow("employer", "wsp", "ad", "admin")
def refill_pdf(refill_id: int):
    refill = _refill_or_404(refill_id)
    audit.record("download_pdf", "refill", refill.id, None)
    return pdf_response(pdf.refill_pdf(refill), f"herbezettingsverzoek-{refill.id}.pdf")
