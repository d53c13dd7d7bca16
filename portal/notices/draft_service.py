"""Notice drafts: saved as typed, finished later by anyone in the organisation, invisible to UWV."""
from __future__ import annotations

import json
from datetime import timedelta

from sqlalchemy import select

from portal.auth.permissions import Forbidden, employments_visible_to, is_visible
from portal.extensions import db
from portal.jobs.once import claim_once
from portal.models import JobMark, NoticeDraft, utcnow
from portal.notifications import messages
from portal.unit_of_work import unit_of_work

# Form fields kept in a draft; anything else a browser sends is dropped.
DRAFT_FIELDS_LIMIT = 4000


def save_draft(actor, employment, form_data: dict[str, str], field_names: list[str]) -> NoticeDraft:
    if actor.role != "employer" or not is_visible(employments_visible_to(actor), employment):
        raise Forbidden("draft")
    data = {name: str(form_data.get(name, ""))[:DRAFT_FIELDS_LIMIT] for name in field_names if name in form_data}
    draft = db.session.scalar(select(NoticeDraft).where(NoticeDraft.employment_id == employment.id))
    if draft is None:
        draft = NoticeDraft(
            organisation_id=employment.employee.organisation_id, employment_id=employment.id,
            created_by_id=actor.id, updated_by_id=actor.id, data="{}",
        )
        db.session.add(draft)
    draft.data, draft.updated_by_id, draft.updated_at = json.dumps(data), actor.id, utcnow()
    db.session.flush()
    return draft


def prefill_draft(owner, employment, values: dict[str, str]) -> NoticeDraft:
    """A draft that starts from text written elsewhere (an "ik twijfel" question), owned by the
    employer user `owner`. What a draft already holds is kept: only its empty fields are filled."""
    if owner.role != "employer" or not is_visible(employments_visible_to(owner), employment):
        raise Forbidden("draft")
    draft = db.session.scalar(select(NoticeDraft).where(NoticeDraft.employment_id == employment.id))
    data = draft_data(draft) if draft is not None else {}
    for name, value in values.items():
        if not str(data.get(name, "")).strip():
            data[name] = str(value)[:DRAFT_FIELDS_LIMIT]
    return save_draft(owner, employment, data, list(data))


def draft_data(draft: NoticeDraft) -> dict[str, str]:
    return json.loads(draft.data)


def delete_draft(actor, draft: NoticeDraft) -> None:
    if actor.role != "employer" or draft.organisation_id != actor.organisation_id:
        raise Forbidden("draft")
    db.session.delete(draft)
    db.session.flush()


def clean_up_drafts(remind_after_days: int, delete_after_days: int) -> tuple[int, int]:
    """Untouched for 23 days: a reminder. Removed at 30 days, and never sooner than 7 days after it."""
    now = utcnow()
    warning = timedelta(days=delete_after_days - remind_after_days)
    reminded = deleted = 0
    stale = db.session.scalars(
        select(NoticeDraft).where(NoticeDraft.updated_at <= now - timedelta(days=remind_after_days))
    ).all()
    for draft in stale:
        key = f"draft_reminder:{draft.id}:{draft.updated_at.isoformat()}"
        mark = db.session.scalar(select(JobMark).where(JobMark.key == key))
        if mark is None:
            with unit_of_work():
                if claim_once(key):
                    removal = max(draft.updated_at + timedelta(days=delete_after_days), now + warning)
                    messages.draft_reminder(draft, removal)
                    reminded += 1
        elif now - draft.updated_at >= timedelta(days=delete_after_days) and now - mark.created_at >= warning:
            with unit_of_work():
                db.session.delete(draft)
            deleted += 1
    return reminded, deleted
