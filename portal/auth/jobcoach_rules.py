"""What a job coach may see and do (issue 16.2), and who sees the coach's signals, notes and
job-finding assignments. Re-exported by auth/permissions.py, which stays THE place to ask.

A job coach sees only the employments they coach: the employee, the AD contacts, the open notice
and its status; never the employer's handover notes, other employees or refill requests.
"""
from __future__ import annotations

from sqlalchemy import and_, false, select

from portal.auth import permissions as rules
from portal.auth.caseload_rules import join_own_caseload
from portal.auth.team_lead_rules import works_on
from portal.models import (
    ConcernSignal,
    ContractEndNotice,
    Employment,
    JobCoachLink,
    JobFindingAssignment,
)
from portal.workflows import CONCERN_WORKFLOW, JOB_FINDING_WORKFLOW, Workflow

COACH_WORKFLOWS = (CONCERN_WORKFLOW, JOB_FINDING_WORKFLOW)


def coached_employment_ids(user):
    return select(JobCoachLink.employment_id).where(JobCoachLink.coach_id == user.id)


def _coached(user):
    """The condition on Employment: the employments this job coach coaches."""
    if user.role != "jobcoach":
        return false()
    return Employment.id.in_(coached_employment_ids(user))


def coached_employments(user):
    return select(Employment).join(Employment.employee).where(_coached(user))


def coached_notices(user):
    """The notices on the coach's employments (their status; the notes stay the employer's)."""
    return select(ContractEndNotice).join(ContractEndNotice.employment).join(Employment.employee).where(_coached(user))


def _people_condition(user):
    """Employer (own organisation) and AD (caseload and backup): the employee's scope."""
    if user.role in ("employer", "ad"):
        return rules.employee_condition(user)
    return false()


def concerns_visible_to(user, own_work: bool = False):
    """The coach: own signals on employments still coached; the AD and the employer: their employees'.
    own_work: an AD's own caseload only, as a join (auth/caseload_rules.py)."""
    query = select(ConcernSignal).join(ConcernSignal.employment).join(Employment.employee)
    if own_work and user.role == "ad":
        return join_own_caseload(query, user)
    own = and_(ConcernSignal.coach_id == user.id, _coached(user))
    condition = own if user.role == "jobcoach" else _people_condition(user)
    return query.where(condition)


def job_findings_visible_to(user):
    """The coach: the assignments given to them; the AD: those of the caseload."""
    if user.role == "jobcoach":
        condition = and_(JobFindingAssignment.coach_id == user.id, _coached(user))
    elif user.role == "ad":
        condition = _people_condition(user)
    else:
        condition = false()
    return (
        select(JobFindingAssignment)
        .join(JobFindingAssignment.notice)
        .join(ContractEndNotice.employment)
        .join(Employment.employee)
        .where(condition)
    )


def may_invite_job_coach(user) -> bool:
    """The employer's organisation administrator, or functioneel beheer."""
    return user.role == "admin" or rules.is_organisation_admin(user)


def may_add_coach_note(user, notice: ContractEndNotice) -> bool:
    return user.role == "jobcoach" and notice.is_open and rules.is_visible(coached_notices(user), notice)


def may_read_coach_notes(user, notice: ContractEndNotice, visible: bool = False) -> bool:
    """The AD, under the same consent rule as the employer's notes (so the employee's "no" hides
    them too); the employer and others do not see the coach's notes."""
    return user.role == "ad" and rules.may_read_handover_notes(user, notice, visible=visible)


def may_assign_job_finding(user, notice: ContractEndNotice) -> bool:
    """The AD who works on the notice, once its plan is job finding by the job coach."""
    try:
        check_coach_step(user, JOB_FINDING_WORKFLOW, "assign", notice, visible=True)
    except rules.Forbidden:
        return False
    return notice.plan_service == "jobcoach_job_finding" and notice.is_open


def coaches_of(employment_id: int):
    """The job coaches linked to an employment (for the AD's assignment form and the employer)."""
    return select(JobCoachLink).where(JobCoachLink.employment_id == employment_id).order_by(JobCoachLink.id)


def check_coach_step(user, workflow: Workflow, action: str, obj, visible: bool) -> None:
    """check_may for the coach's workflows (the role was checked already).

    report: obj is the employment; assign: obj is the notice; else the signal or assignment."""
    if workflow is CONCERN_WORKFLOW:
        if action == "report":
            if not rules.is_visible(coached_employments(user), obj):
                raise rules.Forbidden(action)
            return
        if not visible and not rules.is_visible(concerns_visible_to(user), obj):
            raise rules.Forbidden(action)
        if not works_on(user, obj.employment):  # a team lead who may only read
            raise rules.Forbidden(action)
        return
    if action == "assign":
        if not visible and not rules.is_visible(rules.notices_visible_to(user), obj):
            raise rules.Forbidden(action)
        if not works_on(user, obj.employment):
            raise rules.Forbidden(action)
        return
    if not visible and not rules.is_visible(job_findings_visible_to(user), obj):
        raise rules.Forbidden(action)
    if obj.coach_id != user.id:
        raise rules.Forbidden(action)

