"""The employee's own page "Mijn overdracht" (no account: link + code), and the AD's new link."""
from __future__ import annotations

from flask import Blueprint, abort, current_app, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from portal.audit import access_log_service as audit
from portal.auth.permissions import (
    allow,
    get_visible_or_404,
    may_issue_employee_link,
    may_read_employee_statements,
    notices_visible_to,
    public,
)
from portal.employee_access import code_login, employee_session, links
from portal.employee_access import employee_service as service
from portal.employee_access.employee_forms import CodeForm, ConsentForm, ProfileConsentForm, StatementForm
from portal.extensions import limiter
from portal.formatting import local_today
from portal.models import HANDOVER_FIELDS
from portal.web import form_step, run_step
from portal.workflows import NOTICE_WORKFLOW

bp = Blueprint("employee_access", __name__)

LINK_PAGE_STATUS = {"unknown": 404, "expired": 410, "blocked": 403}


def _login_limit() -> str:
    return current_app.config["RATELIMIT_LOGIN_PER_IP"]


@bp.route("/mijn-overdracht/<string:token>", methods=["GET", "POST"])
@public
@limiter.limit(_login_limit, methods=["POST"])
def enter(token: str):
    """The link alone shows only this form: nothing about the person."""
    link = links.find_by_token(token)
    state = code_login.link_state(link)
    if state != "open" or link is None:
        return render_template("employee_access/link_closed.html", state=state), LINK_PAGE_STATUS.get(state, 404)
    form = CodeForm()
    if form.validate_on_submit():
        result = code_login.attempt(link, form.code.data or "")
        if result.ok:
            return redirect(url_for("employee_access.page"))
        if result.blocked:
            return render_template("employee_access/link_closed.html", state="blocked"), 403
        form.code.errors = [_("Deze code klopt niet. U kunt het nog %(num)s keer proberen.", num=result.attempts_left)]
    return render_template("employee_access/enter.html", form=form)


def _no_session():
    """No live session (never opened, over 30 minutes, or the link was replaced): nothing personal."""
    return render_template("employee_access/link_closed.html", state="no_session"), 401


@bp.route("/mijn-overdracht")
@public
def page():
    link = employee_session.current()
    if link is None:
        return _no_session()
    notice = link.notice
    employment = notice.employment
    audit.record_employee_view(notice.id, employment.employee_id)
    return render_template(
        "employee_access/page.html",
        notice=notice,
        employment=employment,
        assignment=employment.employee.current_assignment,
        handover_fields=HANDOVER_FIELDS,
        state_label=NOTICE_WORKFLOW.states[notice.status],
        today=local_today(),
        statements=service.statements_of(notice),
        consent_form=ConsentForm(prefix="consent"),
        profile_form=ProfileConsentForm(prefix="profile"),
        statement_form=StatementForm(),
        minutes=current_app.config["EMPLOYEE_SESSION_MINUTES"],
    )


def _answer(form, change, done: str):
    link = employee_session.current()
    if link is None:
        return _no_session()
    return form_step(form, lambda: change(link.notice, form.answer.data == "ja"), done,
                     url_for("employee_access.page")) or _form_again(form)


def _form_again(form):
    for error in [e for errors in form.errors.values() for e in errors]:
        flash(error, "error")
    return redirect(url_for("employee_access.page"))


@bp.route("/mijn-overdracht/toestemming", methods=["POST"])
@public
def consent():
    return _answer(ConsentForm(prefix="consent"), service.set_consent, _("Uw antwoord is opgeslagen. Uw arbeidsdeskundige krijgt bericht."))


@bp.route("/mijn-overdracht/kandidaatprofiel", methods=["POST"])
@public
def profile_consent():
    return _answer(ProfileConsentForm(prefix="profile"), service.set_profile_consent,
                   _("Uw antwoord is opgeslagen. Uw arbeidsdeskundige krijgt bericht."))


@bp.route("/mijn-overdracht/aanvulling", methods=["GET", "POST"])
@public
def statement():
    link = employee_session.current()
    if link is None:
        return _no_session()
    form = StatementForm()
    return form_step(
        form, lambda: service.add_statement(link.notice, form.body.data or ""),
        _("Uw tekst is opgeslagen. Uw arbeidsdeskundige leest het."), url_for("employee_access.page"),
    ) or render_template("employee_access/statement.html", form=form)


@bp.route("/mijn-overdracht/stoppen", methods=["POST"])
@public
def leave():
    employee_session.end()
    return render_template("employee_access/link_closed.html", state="left")


@bp.route("/meldingen/<int:notice_id>/werknemerslink", methods=["POST"])
@allow("ad")
def issue_link(notice_id: int):
    notice = get_visible_or_404(notices_visible_to(current_user), notice_id)
    if not may_issue_employee_link(current_user, notice, visible=True):
        abort(403)
    if run_step(lambda: service.issue_new_link(current_user, notice)):
        flash(_("Er is een nieuwe link en code gemaakt. De oude werkt niet meer. Download de brief \"Wat gebeurt er "
                "nu?\" en geef of stuur die aan de werknemer."), "success")
    return redirect(url_for("notices.show", notice_id=notice.id))


def notice_employee_context(user, notice) -> dict:
    """For the notice page: the employee's own words (AD only) and the AD's new-link button."""
    statements = service.statements_of(notice) if may_read_employee_statements(user, notice, visible=True) else None
    if statements:
        audit.record("view_employee_statements", "notice", notice.id, notice.employment.employee_id)
    link = links.active_link(notice) if may_issue_employee_link(user, notice, visible=True) else None
    return {
        "employee_statements": statements,
        "may_issue_employee_link": may_issue_employee_link(user, notice, visible=True),
        "employee_link_blocked": link is not None and link.is_blocked,
    }
