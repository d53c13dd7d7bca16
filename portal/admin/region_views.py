"""A region's Werkgeversservicepunt: name, shared mailbox, phone and coordinators."""
from flask import render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from portal.admin import region_service
from portal.admin.blueprint import bp
from portal.admin.organisation_forms import RegionForm
from portal.auth.permissions import allow
from portal.extensions import db
from portal.models import Region
from portal.web import form_step


@bp.route("/regios/<int:region_id>", methods=["GET", "POST"])
@allow("admin")
def region(region_id: int):
    region = db.get_or_404(Region, region_id)  # reference data: every admin sees every region
    advisers = region_service.advisers_of(region)
    form = RegionForm(obj=region)
    form.coordinators.choices = [(user.id, f"{user.name} ({user.email})") for user, _ in advisers]
    if not form.is_submitted():
        form.coordinators.data = [user.id for user, is_coordinator in advisers if is_coordinator]
    return form_step(
        form,
        lambda: region_service.save_region(
            current_user, region, form.wsp_name.data or "", form.wsp_email.data or "", form.wsp_phone.data or "",
            set(form.coordinators.data or []), form.uwv_email.data or "",
        ),
        _("De gegevens van %(region)s zijn opgeslagen.", region=region.name),
        url_for("admin.regions"),
    ) or render_template("admin/region_form.html", form=form, region=region, advisers=advisers)
