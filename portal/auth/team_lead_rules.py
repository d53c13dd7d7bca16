"""Part of THE access rules (portal/auth/permissions.py uses and re-exports these): what an AD
may open and do as a team lead.

The rule (issue 15, point 5), simple enough to be one query: a team lead (an AD whose id is the
team_lead_id of an employee's current AD) may OPEN a notice or nazorg question of that employee
  a. while they own the AD's work today: the AD and the backup AD (if any) are not present
     (disabled, or absent today) and the team lead is (caseload/responsibility.py), or
  b. once an escalation named them: a WorkflowEvent "escalate" or "escalate_further" on that
     notice (or on one of its nazorg questions, or on that question; or on an "ik twijfel" question) with escalated_to_id = the
     team lead (deadlines.py records whom each escalation named).
Handover notes then follow the AD's consent rule (may_read_handover_notes). Acting on the work
(acknowledge, plan, close, reopen, answer a nazorg question) needs a.: works_on(). Employees,
contract-end prompts, the pool, the inbox and the caseload stay the AD's and backup's only.
"""
from __future__ import annotations

from datetime import date
from functools import lru_cache

from sqlalchemy import and_, not_, or_, select
from sqlalchemy.orm import aliased

from portal.caseload.responsibility import responsibility_on
from portal.formatting import local_today
from portal.models import CaseworkerAssignment, ContractEndNotice, EarlyQuestion, Employee, FollowUpTask, User, WorkflowEvent

ESCALATION_EVENTS = ("escalate", "escalate_further")
# Made once: building an alias proxies every column, a third of the notice page's Python time
# when it happened on every request (bench/profile_pages.py, issue 21).
AD, BACKUP, LEAD = aliased(User, name="led_ad"), aliased(User, name="led_backup"), aliased(User, name="lead")


def _present(person, today):
    """SQL for responsibility._present: an enabled user who is not absent on `today`."""
    absent = and_(person.absent_from.is_not(None), person.absent_until.is_not(None),
                  person.absent_from <= today, person.absent_until >= today)
    return and_(person.is_enabled.is_(True), not_(absent))


def _led_employee_ids(user_id: int):
    """Employees whose current AD has this user as team lead."""
    return (
        select(CaseworkerAssignment.employee_id)
        .join(AD, AD.id == CaseworkerAssignment.ad_id)
        .where(CaseworkerAssignment.valid_until.is_(None), AD.team_lead_id == user_id)
    )


def _owned_today_employee_ids(user_id: int, today: date):
    """Rule a.: employees whose AD this user leads, on a day the team lead owns the AD's work."""
    ad, backup, lead = AD, BACKUP, LEAD
    return (
        select(CaseworkerAssignment.employee_id)
        .join(ad, ad.id == CaseworkerAssignment.ad_id)
        .join(lead, lead.id == ad.team_lead_id)
        .outerjoin(backup, backup.id == CaseworkerAssignment.backup_ad_id)
        .where(
            CaseworkerAssignment.valid_until.is_(None), lead.id == user_id, lead.role == "ad",
            _present(lead, today), not_(_present(ad, today)),
            or_(backup.id.is_(None), not_(_present(backup, today))),
        )
    )


def _escalated_to(user_id: int, subject_type: str):
    """Rule b.: ids of the subjects an escalation named this user for."""
    return select(WorkflowEvent.subject_id).where(
        WorkflowEvent.subject_type == subject_type, WorkflowEvent.action.in_(ESCALATION_EVENTS),
        WorkflowEvent.escalated_to_id == user_id,
    )


def _grant(user_id: int, today: date, named):
    """Rule a., or rule b. for what an escalation `named` (a condition on the subject)."""
    return or_(
        Employee.id.in_(_owned_today_employee_ids(user_id, today)),
        and_(Employee.id.in_(_led_employee_ids(user_id)), named),
    )


# The grants are the same for a user all day, and every notice, nazorg and question page of an AD
# builds one: kept per (user, day) instead of built per request, a tenth of the notice page's Python
# time (issue 21). SQL expressions do not change once made, so threads may share them.
@lru_cache(maxsize=512)
def _notice_grant(user_id: int, today: date):
    return _grant(user_id, today, or_(
        ContractEndNotice.id.in_(_escalated_to(user_id, "notice")),
        ContractEndNotice.id.in_(
            select(FollowUpTask.notice_id).where(FollowUpTask.id.in_(_escalated_to(user_id, "follow_up")))),
    ))


@lru_cache(maxsize=512)
def _follow_up_grant(user_id: int, today: date):
    return _grant(user_id, today, or_(FollowUpTask.id.in_(_escalated_to(user_id, "follow_up")),
                                      FollowUpTask.notice_id.in_(_escalated_to(user_id, "notice"))))


@lru_cache(maxsize=512)
def _question_grant(user_id: int, today: date):
    return _grant(user_id, today, EarlyQuestion.id.in_(_escalated_to(user_id, "question")))


def team_lead_notice_grant(user):
    return _notice_grant(user.id, local_today())


def team_lead_follow_up_grant(user):
    return _follow_up_grant(user.id, local_today())


def team_lead_question_grant(user):
    """An "ik twijfel" question (issue 16.3): as a notice, by its own escalations."""
    return _question_grant(user.id, local_today())


def in_caseload(user, employment) -> bool:
    """The user is the current AD or backup AD of the employment's employee (the AD's standing scope)."""
    assignment = employment.employee.current_assignment
    return user.role == "ad" and assignment is not None and user.id in (assignment.ad_id, assignment.backup_ad_id)


def works_on(user, employment) -> bool:
    """May act on the case (not only open it): its AD or backup AD, or a team lead on a day they
    own the AD's work (the AD and the backup are away)."""
    assignment = employment.employee.current_assignment
    if user.role != "ad" or assignment is None:
        return False
    if in_caseload(user, employment):
        return True
    owner = responsibility_on(assignment, None, local_today()).owner
    return owner is not None and owner.id == user.id
