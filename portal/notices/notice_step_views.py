"""Filing a notice in steps (notice_steps.py says which): each step validates, saves the draft and
redirects to the next; the check page validates the whole draft again and files it."""
from __future__ import annotations

from decimal import Decimal

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from flask_wtf import FlaskForm
from werkzeug.datastructures import MultiDict

from portal.auth.permissions import allow, drafts_visible_to, employments_visible_to, get_visible_or_404
from portal.extensions import db
from portal.formatting import local_today
from portal.forms_common import show_errors
from portal.models import Employment, NoticeDraft
from portal.notices import draft_service as drafts
from portal.notices import notice_service as service
from portal.notices import notice_steps as steps
from portal.notices.notice_forms import NoticeForm
from portal.notices.notice_service import NoticeInput, NoticeRejected, RefillDetails
from portal.notices.notice_views import FILING_OPTIONS, bp
from portal.unit_of_work import refusable_step


class FileNoticeForm(FlaskForm):
    """The check page's button: only the CSRF token; the answers come from the draft."""


def _employment_and_draft(employment_id: int, *, filing: bool = False) -> tuple[Employment, NoticeDraft | None]:
    scope = employments_visible_to(current_user)
    employment = get_visible_or_404(scope.options(*FILING_OPTIONS) if filing else scope, employment_id)
    draft = db.session.scalar(drafts_visible_to(current_user).where(NoticeDraft.employment_id == employment.id))
    return employment, draft


def _saved(employment: Employment, draft: NoticeDraft | None) -> dict[str, str]:
    """The draft's answers; a new notice starts from what the contract already says."""
    if draft is not None:
        return drafts.draft_data(draft)
    hours = Decimal(str(employment.hours_per_week))
    return {
        "expected_end_date": employment.end_date.isoformat() if employment.end_date else "",
        "refill_job_title": employment.job_title,
        "refill_hours": str(hours.quantize(Decimal(1)) if hours == hours.to_integral() else hours),  # "28", not "28.0"
    }


def _step_url(employment: Employment, slug: str, **args) -> str:
    if slug == steps.CHECK:
        return url_for("notices.check", employment_id=employment.id)
    return url_for("notices.notice_step", employment_id=employment.id, step=slug, **args)


def _save(employment: Employment, data: dict[str, str]) -> None:
    drafts.save_draft(current_user, employment, data, steps.draft_field_names())


def _refill(form: NoticeForm) -> RefillDetails | None:
    if form.refill_wanted.data != "ja":
        return None
    return RefillDetails(
        job_title=form.refill_job_title.data or "",
        hours_per_week=form.refill_hours.data,
        tasks=form.refill_tasks.data or "",
        requirements=form.refill_requirements.data or "",
        adaptations=form.refill_adaptations.data or "",
        wanted_start_date=form.refill_start_date.data,
    )


def _rule_errors(employment: Employment, form: NoticeForm, fields: set[str]) -> dict[str, str]:
    """The service's rules for the fields asked; a rule about a later step waits for that step."""
    today = local_today()
    errors = {
        **service.consent_errors(form.notes_discussed.data, form.consent_given.data, form.consent_date.data, today),
        **service.refill_errors(_refill(form)),
    }
    if form.expected_end_date.data is not None:
        errors.update(service.end_errors(
            employment, form.expected_end_date.data, form.reason_category.data or "", form.initiative.data or "",
            today, current_app.config["NOTICE_MAX_MONTHS_AHEAD"]))
    return {name: message for name, message in errors.items() if name in fields}


def _notice_input(form: NoticeForm) -> NoticeInput:
    return NoticeInput(
        expected_end_date=form.expected_end_date.data,
        reason_category=form.reason_category.data,
        initiative=form.initiative.data,
        reason_text=form.reason_text.data or "",
        handover_notes=form.handover_notes(),
        notes_discussed=form.notes_discussed.data,
        consent_given=form.consent_given.data,
        consent_date=form.consent_date.data,
        refill=_refill(form),
        employee_email=form.employee_email.data or "",
    )


@bp.route("/contracten/<int:employment_id>/einde-melden")
@allow("employer")
def new(employment_id: int):
    """The start, also from a list or an e-mail: a saved draft carries on where it was left."""
    employment, draft = _employment_and_draft(employment_id)
    if draft is not None:
        return redirect(_step_url(employment, steps.resume_slug(drafts.draft_data(draft))))
    return notice_step(employment_id, steps.STEPS[0].slug)


@bp.route("/contracten/<int:employment_id>/einde-melden/<step>", methods=["GET", "POST"])
@allow("employer")
def notice_step(employment_id: int, step: str):
    current = steps.BY_SLUG.get(step)
    if current is None:
        abort(404)
    employment, draft = _employment_and_draft(employment_id)
    saved = _saved(employment, draft)
    if not current.applies(saved):  # e.g. the consent date while no consent is ticked
        return redirect(_step_url(employment, steps.resume_slug(saved)))
    from_check = request.values.get("terug") == steps.CHECK
    if request.method == "POST" and "later" in request.form:
        _save(employment, steps.with_step(saved, current, request.form, done=False))
        flash(_("Uw concept is opgeslagen. U of een collega kan de melding later afmaken."), "success")
        return redirect(url_for("notices.index"))
    # Empty answers left out: an unticked box read from "" would render with value="" (and post nothing).
    form = current.form() if request.method == "POST" else current.form(
        formdata=MultiDict({name: value for name, value in saved.items() if value}))
    if form.validate_on_submit():
        merged = steps.with_step(saved, current, request.form, done=True)
        errors = _rule_errors(employment, steps.full_form(merged), set(current.fields))
        if not errors:
            _save(employment, merged)
            following = steps.next_slug(merged, current, from_check=from_check)
            # A question that newly applies, asked from the check page, returns there too.
            return redirect(_step_url(employment, following, **({"terug": steps.CHECK} if from_check else {})))
        show_errors(form, errors)
    previous = steps.previous_slug(saved, current)
    return render_template(
        "notices/step.html", form=form, step=current, employment=employment, draft=draft, from_check=from_check,
        step_count=steps.STEP_COUNT,
        back_url=url_for("notices.check", employment_id=employment.id) if from_check
        else _step_url(employment, previous) if previous else url_for("employers.dashboard"),
    )


@bp.route("/contracten/<int:employment_id>/einde-melden/controleren", methods=["GET", "POST"])
@allow("employer")
def check(employment_id: int):
    employment, draft = _employment_and_draft(employment_id, filing=request.method == "POST")
    saved = _saved(employment, draft)
    if draft is None or steps.resume_slug(saved) != steps.CHECK:  # questions left: answer those first
        return redirect(url_for("notices.new", employment_id=employment.id))
    answers = steps.full_form(saved)
    asked = steps.fields_asked(saved)
    button = FileNoticeForm()
    errors: list[tuple[str, str]] = []
    if button.validate_on_submit():
        answers.validate()
        failed = {name: list(field.errors) for name, field in answers._fields.items() if name in asked and field.errors}
        if not failed:
            try:
                with refusable_step():  # a rejected notice leaves nothing behind
                    notice = service.file_notice(
                        current_user, employment, _notice_input(answers), today=local_today(),
                        max_months=current_app.config["NOTICE_MAX_MONTHS_AHEAD"],
                        visible=True,  # found through the scope above
                    )
            except NoticeRejected as rejected:
                failed = {name: [message] for name, message in rejected.errors.items()}
            else:
                flash(_("Uw melding is verstuurd naar de arbeidsdeskundige."), "success")
                return redirect(url_for("notices.show", notice_id=notice.id))
        for name, messages in failed.items():
            step = steps.step_of_field(saved, name)
            target = getattr(answers, name, None)
            anchor = getattr(target, "error_target_id", None) or (
                f"{name}-0" if getattr(target, "type", "") == "RadioField" else name)
            url = _step_url(employment, step.slug, terug=steps.CHECK)
            errors += [(message, f"{url}#{anchor}") for message in messages]
    return render_template(
        "notices/check.html", answers=answers, saved=saved, asked=asked, employment=employment, draft=draft,
        button=button, errors=errors, steps=steps.applicable(saved), step_count=steps.STEP_COUNT,
        answer_text=steps.answer_text,
        back_url=_step_url(employment, steps.previous_slug(saved, None) or steps.STEPS[0].slug),
    )
