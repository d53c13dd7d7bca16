"""Small helpers the feature views share."""
from urllib.parse import urlsplit

from flask import Response, abort, flash, redirect, url_for

from portal.auth.permissions import Forbidden
from portal.forms_common import show_errors
from portal.unit_of_work import refusable_step
from portal.workflows import InputRejected, TransitionRefused


def run_step(run) -> bool:
    """Run a workflow step; a refused step becomes a message on the page, never a 500, and
    leaves nothing behind (its savepoint is rolled back; the request's other work stays)."""
    try:
        with refusable_step():
            run()
    except Forbidden:
        abort(403)
    except TransitionRefused as refused:
        flash(refused.message, "error")
        return False
    return True


def form_step(form, run, done_message: str, next_url: str):
    """A form page's POST: validate, run the step, redirect. None means: show the form again."""
    if not form.validate_on_submit():
        return None
    try:
        done = run_step(run)
    except InputRejected as rejected:
        show_errors(form, rejected.errors)
        return None
    if done:
        flash(done_message, "success")
    return redirect(next_url)


def pdf_response(content: bytes, filename: str) -> Response:
    response = Response(content, mimetype="application/pdf")
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def safe_next_path(target: str | None) -> str | None:
    """Only a path on this site; never another host (open redirect)."""
    if not target:
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return None
    if "\\" in target:
        return None
    return target


def home_for(user) -> str:
    """Where a user lands after login: the first page of their role."""
    return {
        "employer": url_for("employers.dashboard"),
        "ad": url_for("caseload.inbox"),
        "wsp": url_for("vacancies.queue"),
        "admin": url_for("admin.dashboard"),
        "jobcoach": url_for("jobcoach.index"),
    }[user.role]
