"""Webhooks for admins: every subscription with its failures, and a retry of what failed."""
from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _

from portal.admin.blueprint import bp
from portal.auth.permissions import allow
from portal.models import DELIVERY_STATES
from portal.pagination import paginate
from portal.webhooks import subscription_service as subscriptions


@bp.route("/webhooks")
@allow("admin")
def webhooks():
    page = paginate(subscriptions.subscriptions_for_admins())
    counts = subscriptions.delivery_counts([subscription.id for (subscription,) in page.items])
    return render_template("admin/webhooks.html", page=page, counts=counts, states=DELIVERY_STATES,
                           failures=subscriptions.recent_failures())


@bp.route("/webhooks/<int:subscription_id>/opnieuw", methods=["POST"])
@allow("admin")
def retry_webhooks(subscription_id: int):
    subscription = subscriptions.live_subscription(subscription_id)
    if subscription is None:
        abort(404)
    count = subscriptions.retry_failed(subscription)
    if count:
        flash(_("%(num)d berichten staan weer in de wachtrij.", num=count), "success")
    else:
        flash(_("Dit abonnement heeft geen mislukte berichten."), "error")
    return redirect(url_for("admin.webhooks"))
