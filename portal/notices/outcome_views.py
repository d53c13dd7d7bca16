"""The AD closes a notice with a checked outcome, or reopens a closed one."""
from flask import current_app, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from portal.auth.permissions import allow, get_visible_or_404, notices_visible_to
from portal.bounds import parse_id
from portal.extensions import db
from portal.formatting import local_today
from portal.models import ContractEndNotice, Organisation
from portal.notices import outcome_service as service
from portal.notices.notice_views import bp
from portal.notices.outcome_forms import CloseNoticeForm, ReopenForm
from portal.notices.outcome_rules import OutcomeInput, is_trial_placement
from portal.stale_counts import kept_figures
from portal.web import form_step


def _notice_or_404(notice_id: int) -> ContractEndNotice:
    return get_visible_or_404(notices_visible_to(current_user), notice_id)


def _active_organisations() -> list[tuple[str, str]]:
    organisations = db.session.execute(
        select(Organisation.id, Organisation.name).where(Organisation.is_active).order_by(Organisation.name)
    ).all()
    return [(str(org_id), name) for org_id, name in organisations]


def employer_choices() -> list[tuple[str, str]]:
    """Every active employer, for "bij welke werkgever?". The list may be a minute old, as a list's
    total (portal/stale_counts.py): at national scale reading and sorting 1,500 organisations was
    2.5 ms of database time on every nazorg and closing page (issue 21)."""
    kept = kept_figures.get(("active_organisations",), current_app.config["LIST_COUNT_MAX_AGE"], _active_organisations)
    return [("", _("Kies een werkgever")), *kept]


def job_input(form, outcome: str) -> OutcomeInput:
    """The new job's fields, as the closing and the nazorg forms both have them."""
    raw_employer = (form.employer_id.data or "").strip()
    return OutcomeInput(
        outcome=outcome,
        start_date=form.start_date.data,
        # 0 names no organisation: text that is not an id is refused like an unknown one.
        employer_id=(parse_id(raw_employer) or 0) if raw_employer else None,
        employer_name=form.employer_name.data or "",
        hours=form.hours.data,
        contract_type=form.contract_type.data or "",
    )


def outcome_input(form: CloseNoticeForm) -> OutcomeInput:
    data = job_input(form, form.outcome.data or "")
    data.note = form.outcome_note.data or ""
    data.trial_hired = {"ja": True, "nee": False}.get(form.trial_hired.data or "")
    return data


@bp.route("/meldingen/<int:notice_id>/afsluiten", methods=["GET", "POST"])
@allow("ad")
def close(notice_id: int):
    notice = _notice_or_404(notice_id)
    form = CloseNoticeForm()
    form.employer_id.choices = employer_choices()
    return form_step(
        form,
        lambda: service.close(current_user, notice, outcome_input(form), local_today()),
        _("De melding is afgerond."),
        url_for("notices.show", notice_id=notice.id),
    ) or render_template("notices/close.html", form=form, notice=notice, is_trial=is_trial_placement(notice),
                         before_end=local_today() < notice.expected_end_date)


@bp.route("/meldingen/<int:notice_id>/heropenen", methods=["GET", "POST"])
@allow("ad")
def reopen(notice_id: int):
    notice = _notice_or_404(notice_id)
    form = ReopenForm()
    return form_step(
        form,
        lambda: service.reopen(current_user, notice, form.reason.data or ""),
        _("De melding is weer open. Het resultaat is gewist."),
        url_for("notices.show", notice_id=notice.id),
    ) or render_template("notices/reopen.html", form=form, notice=notice)
