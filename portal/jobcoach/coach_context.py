"""What the notice page and the employee page show of the job coach's work (issue 16.2)."""
from __future__ import annotations

from sqlalchemy import select

from portal.auth.permissions import (
    concerns_visible_to,
    may_assign_job_finding,
    may_invite_job_coach,
    may_read_coach_notes,
)
from portal.extensions import db
from portal.jobcoach import coach_service
from portal.models import ConcernSignal, Employment, JobCoachLink
from portal.workflows import CONCERN_WORKFLOW, JOB_FINDING_WORKFLOW


def notice_coach_context(user, notice) -> dict:
    """The coach's notes for the AD, only under the notes' consent rule (None: the section is left
    out); the job-finding assignments and whether the AD may give one."""
    is_ad = user.role == "ad"
    return {
        "coach_notes": coach_service.notes_of(notice) if may_read_coach_notes(user, notice, visible=True) else None,
        "job_findings": coach_service.assignments_of(notice) if is_ad else None,
        "job_finding_states": JOB_FINDING_WORKFLOW.states,
        "may_assign_job_finding": is_ad and may_assign_job_finding(user, notice),
    }


def employee_coach_context(user, employee) -> dict:
    """The employee page: the job coaches per employment, their concern signals, and whether this
    user may invite a coach."""
    links = db.session.scalars(
        select(JobCoachLink).join(JobCoachLink.employment).where(Employment.employee_id == employee.id)
        .order_by(JobCoachLink.id)
    ).all()
    signals = db.session.scalars(
        concerns_visible_to(user).where(Employment.employee_id == employee.id).order_by(ConcernSignal.id.desc())
    ).all()
    coaches: dict[int, list] = {}
    for link in links:
        coaches.setdefault(link.employment_id, []).append(link)
    return {
        "coaches_by_employment": coaches,
        "concern_signals": signals,
        "concern_states": CONCERN_WORKFLOW.states,
        "may_invite_coach": may_invite_job_coach(user),
    }
