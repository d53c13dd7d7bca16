"""Reading employees, contracts and ADs from a CSV file: upload, preview, confirm."""
from flask import Response, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired

from portal.admin import import_service
from portal.admin.blueprint import bp
from portal.admin.import_format import COLUMNS, REQUIRED_COLUMNS, template_csv
from portal.auth.permissions import allow, get_visible_or_404, import_batches_visible_to, organisations_visible_to
from portal.formatting import local_today
from portal.unit_of_work import refusable_step
from portal.workflows import InputRejected


class ImportForm(FlaskForm):
    file = FileField(_l("CSV-bestand"), validators=[FileRequired(_l("Kies een bestand."))],
                     description=_l("Opgeslagen als 'CSV UTF-8' in uw spreadsheet; ; of , tussen de waarden."),
                     render_kw={"accept": ".csv,text/csv,text/plain"})


class ConfirmForm(FlaskForm):
    """Only the CSRF token: confirming changes data."""


def _upload_page(organisation, form, check=None, status=200):
    return render_template(
        "admin/import_upload.html", organisation=organisation, form=form, check=check,
        columns=COLUMNS, required=REQUIRED_COLUMNS,
    ), status


@bp.route("/organisaties/<int:organisation_id>/inlezen", methods=["GET", "POST"])
@allow("admin")
def import_upload(organisation_id: int):
    organisation = get_visible_or_404(organisations_visible_to(current_user), organisation_id)
    form = ImportForm()
    if not form.validate_on_submit():
        return _upload_page(organisation, form)
    upload = form.file.data
    check, batch = import_service.check_upload(current_user, organisation, upload.filename, upload.read(), local_today())
    if batch is None:
        return _upload_page(organisation, ImportForm(formdata=None), check)
    return redirect(url_for("admin.import_preview", batch_id=batch.id))


@bp.route("/inlezen/<int:batch_id>")
@allow("admin")
def import_preview(batch_id: int):
    batch = get_visible_or_404(import_batches_visible_to(current_user), batch_id)
    check = import_service.check_text(batch.organisation, batch.content, local_today()) if batch.status == "checked" else None
    return render_template("admin/import_preview.html", batch=batch, check=check, form=ConfirmForm())


@bp.route("/inlezen/<int:batch_id>/uitvoeren", methods=["POST"])
@allow("admin")
def import_run(batch_id: int):
    batch = get_visible_or_404(import_batches_visible_to(current_user), batch_id)
    form = ConfirmForm()
    if form.validate_on_submit():
        try:
            with refusable_step():  # a rejected step leaves nothing behind
                check, result = import_service.run_batch(current_user, batch, local_today())
        except InputRejected as rejected:
            flash(str(rejected.errors["file"]), "error")
            return redirect(url_for("admin.import_preview", batch_id=batch.id))
        if result is None:  # the portal changed since the check: show what is wrong now
            return render_template("admin/import_preview.html", batch=batch, check=check, form=form)
        flash(_("Ingelezen: %(created)s nieuw, %(updated)s bijgewerkt, %(unchanged)s ongewijzigd.",
                created=result.created, updated=result.updated, unchanged=result.unchanged), "success")
    return redirect(url_for("admin.organisation", organisation_id=batch.organisation_id))


@bp.route("/inlezen/voorbeeld.csv")
@allow("admin")
def import_template():
    return Response(
        template_csv().encode("utf-8"), mimetype="text/csv",
        headers={"Content-Disposition": 'attachment; filename="medewerkers-voorbeeld.csv"'},
    )

