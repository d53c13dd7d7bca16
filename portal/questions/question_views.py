""""Ik twijfel" (issue 16.3): the employer asks the AD to think along; the question's page with its
thread; turning it into a notice draft; closing it without a notice."""
from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from portal.audit import access_log_service as audit
from portal.auth.permissions import (
    allow,
    allowed_actions,
    employments_visible_to,
    get_visible_or_404,
    may_prepare_notice_from,
    may_report_contract_end,
    questions_visible_to,
)
from portal.formatting import local_today
from portal.forms_common import show_errors
from portal.notices.notice_service import has_open_notice
from portal.questions import question_service as service
from portal.questions.conversion import open_question_of
from portal.questions.question_forms import AskForm, CloseForm
from portal.threads.thread_views import post_form, thread_context
from portal.unit_of_work import refusable_step
from portal.web import form_step, run_step
from portal.workflows import QUESTION_WORKFLOW, InputRejected, timeline

bp = Blueprint("questions", __name__)


def _question_or_404(question_id: int):
    return get_visible_or_404(questions_visible_to(current_user), question_id)


@bp.route("/contracten/<int:employment_id>/ik-twijfel", methods=["GET", "POST"])
@allow("employer")
def ask(employment_id: int):
    employment = get_visible_or_404(employments_visible_to(current_user), employment_id)
    existing = open_question_of(employment)
    if existing is not None:  # one open question per contract: go on there
        return redirect(url_for("questions.show", question_id=existing.id))
    form = AskForm()
    if form.validate_on_submit():
        try:
            with refusable_step():  # a rejected question leaves nothing behind
                question = service.ask(current_user, employment, form.worry.data or "", form.decision_date.data,
                                       local_today(), visible=True)
        except InputRejected as rejected:
            show_errors(form, rejected.errors)
        else:
            flash(_("Uw vraag is verstuurd naar de arbeidsdeskundige."), "success")
            return redirect(url_for("questions.show", question_id=question.id))
    return render_template("questions/ask.html", form=form, employment=employment,
                           has_notice=has_open_notice(employment))


@bp.route("/meedenken/<int:question_id>")
@allow("employer", "ad")
def show(question_id: int):
    question = _question_or_404(question_id)
    audit.record("view_question", "question", question.id, question.employment.employee_id)
    return _page(question)


def _page(question, close_form=None):
    employment = question.employment
    actions = allowed_actions(current_user, QUESTION_WORKFLOW, question, visible=True)
    return render_template(
        "questions/show.html",
        question=question,
        employment=employment,
        states=QUESTION_WORKFLOW.states,
        events=timeline(QUESTION_WORKFLOW, question),
        workflow=QUESTION_WORKFLOW,
        today=local_today(),
        may_prepare_notice=may_prepare_notice_from(current_user, question) and not has_open_notice(employment),
        files_notice=may_report_contract_end(current_user),  # else the AD: a draft for the employer
        close_form=(close_form or CloseForm()) if "close" in actions else None,
        **thread_context("question", question),
    )


@bp.route("/meedenken/<int:question_id>/berichten", methods=["POST"])
@allow("employer", "ad")
def post_message(question_id: int):
    question = _question_or_404(question_id)
    return post_form(url_for("questions.show", question_id=question.id) + "#berichten",
                     lambda body: service.post_message(current_user, question, body))


@bp.route("/meedenken/<int:question_id>/melding", methods=["POST"])
@allow("employer", "ad")
def prepare_notice(question_id: int):
    """The question's text into a notice draft: the employer goes on to the form, the AD back to the question."""
    question = _question_or_404(question_id)
    if not run_step(lambda: service.prepare_notice(current_user, question)):
        return redirect(url_for("questions.show", question_id=question.id))
    if may_report_contract_end(current_user):
        flash(_("De tekst van uw vraag staat in de melding. Vul de rest aan en verstuur de melding."), "success")
        return redirect(url_for("notices.new", employment_id=question.employment_id))
    flash(_("De werkgever heeft een concept-melding met de tekst van de vraag gekregen."), "success")
    return redirect(url_for("questions.show", question_id=question.id))


@bp.route("/meedenken/<int:question_id>/afsluiten", methods=["POST"])
@allow("employer")
def close(question_id: int):
    question = _question_or_404(question_id)
    form = CloseForm()
    back = url_for("questions.show", question_id=question.id)
    # On an error: the question's page again, with the error summary and the text as typed.
    return form_step(form, lambda: service.close(current_user, question, form.note.data or ""),
                     _("De vraag is afgesloten. De arbeidsdeskundige ziet dit."), back) or _page(question, form)
