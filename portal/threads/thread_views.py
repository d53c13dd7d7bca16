from flask import Blueprint, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf import FlaskForm
from wtforms import TextAreaField

from portal.auth.permissions import (
    allow,
    get_visible_or_404,
    notices_visible_to,
    refills_visible_to,
    takes_part_in_threads,
)
from portal.forms_common import max_length, required
from portal.threads import thread_service as service
from portal.web import form_step

bp = Blueprint("threads", __name__)


class MessageForm(FlaskForm):
    body = TextAreaField(
        _l("Nieuw bericht"),
        validators=[required(_l("Schrijf een bericht.")), max_length(service.MAX_LENGTH)],
        description=_l("Berichten worden bewaard en kunnen niet worden gewijzigd of verwijderd."),
    )


@bp.route("/meldingen/<int:notice_id>/berichten", methods=["POST"])
@allow("employer", "ad")
def post_on_notice(notice_id: int):
    notice = get_visible_or_404(notices_visible_to(current_user), notice_id)
    return post_form(url_for("notices.show", notice_id=notice.id) + "#berichten",
                     lambda body: service.post_message(current_user, "notice", notice, body))


@bp.route("/herbezetting/<int:refill_id>/berichten", methods=["POST"])
@allow("employer", "wsp")
def post_on_refill(refill_id: int):
    refill = get_visible_or_404(refills_visible_to(current_user), refill_id)
    return post_form(url_for("vacancies.show", refill_id=refill.id) + "#berichten",
                     lambda body: service.post_message(current_user, "refill", refill, body))


def post_form(back_url, post):
    """A thread's message form posted: post(body) writes it (thread_service.post_message, or a
    feature's own step around it)."""
    form = MessageForm()
    response = form_step(form, lambda: post(form.body.data or ""), _("Uw bericht is verstuurd."), back_url)
    # On an error: a page with the error summary and the text as typed.
    return response or render_template("threads/rejected.html", form=form, back_url=back_url)


def thread_context(subject_type: str, subject) -> dict:
    """For the notice, refill and question pages: the thread, the form, and the thread marked as read.
    The page fetched `subject` through the user's scope for it, which is also the thread's scope."""
    if not takes_part_in_threads(current_user, subject_type):
        return {"thread": None}
    shown = service.thread(subject_type, subject)
    service.mark_read(current_user, subject_type, subject, shown)
    endpoint, argument = POST_ENDPOINTS[subject_type]
    return {"thread": shown, "message_form": MessageForm(), "message_action": url_for(endpoint, **{argument: subject.id})}


# Where each kind of thread posts its messages: (endpoint, its URL argument).
POST_ENDPOINTS = {
    "notice": ("threads.post_on_notice", "notice_id"),
    "refill": ("threads.post_on_refill", "refill_id"),
    "question": ("questions.post_message", "question_id"),
}
