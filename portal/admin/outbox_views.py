"""The outbox for admins: what is queued, sent and failed; retry a failed message."""
from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from sqlalchemy import func, select

from portal.admin.blueprint import bp
from portal.auth.permissions import allow
from portal.extensions import db
from portal.models import OUTBOX_STATES, OutboxEmail
from portal.notifications.delivery import retry
from portal.pagination import paginate


@bp.route("/e-mail")
@allow("admin")
def outbox():
    status = request.args.get("status", "failed")
    if status not in OUTBOX_STATES:
        status = "failed"
    counts = dict(db.session.execute(select(OutboxEmail.status, func.count()).group_by(OutboxEmail.status)).all())
    query = select(OutboxEmail).where(OutboxEmail.status == status).order_by(OutboxEmail.id.desc())
    return render_template(
        "admin/outbox.html", page=paginate(query), status=status, states=OUTBOX_STATES, counts=counts
    )


@bp.route("/e-mail/<int:email_id>/opnieuw", methods=["POST"])
@allow("admin")
def retry_email(email_id: int):
    email = db.get_or_404(OutboxEmail, email_id)
    if email.status == "failed":
        retry(email)
        flash(_("Het bericht staat weer in de wachtrij."), "success")
    else:
        flash(_("Alleen mislukte berichten kunt u opnieuw versturen."), "error")
    return redirect(url_for("admin.outbox", status="failed"))
