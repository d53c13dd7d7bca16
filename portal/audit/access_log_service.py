"""The access log: who viewed which employee, notice or handover notes, and who was refused."""
from __future__ import annotations

from collections.abc import Sequence

from flask_login import current_user
from sqlalchemy import select

from portal.bounds import in_range
from portal.extensions import client_ip, db
from portal.models import (
    AuditEvent,
    CandidateProfile,
    ConcernSignal,
    ContractEndNotice,
    EarlyQuestion,
    Employee,
    Employment,
    FollowUpTask,
    Proposal,
)

# Routes whose object is personal data: (object type, URL argument, action)
AUDITED_ENDPOINTS = {
    "notices.show": ("notice", "notice_id", "view_notice"),
    "employers.employee": ("employee", "employee_id", "view_employee"),
    "notices.handover_pdf": ("notice", "notice_id", "download_pdf"),
    "notices.next_steps_pdf": ("notice", "notice_id", "download_pdf"),
    "vacancies.refill_pdf": ("refill", "refill_id", "download_pdf"),
    "pool.profile": ("profile", "profile_id", "view_profile"),
    "pool.proposal": ("proposal", "proposal_id", "view_profile"),
    "notices.follow_up": ("follow_up", "task_id", "view_follow_up"),
    "questions.show": ("question", "question_id", "view_question"),
    "jobcoach.signal": ("concern", "signal_id", "view_concern"),
    "jobcoach.employment": ("employment", "employment_id", "view_employee"),
}


def _subject_employee_id(object_type: str, object_id: int) -> int | None:
    """The person the object is about; looked up without scope, for the log only."""
    if object_type == "employee":
        return db.session.scalar(select(Employee.id).where(Employee.id == object_id))
    if object_type == "notice":
        return db.session.scalar(
            select(Employment.employee_id)
            .join(ContractEndNotice, ContractEndNotice.employment_id == Employment.id)
            .where(ContractEndNotice.id == object_id)
        )
    if object_type == "follow_up":  # the task keeps a copy of its employee (tests/test_employee_copies.py)
        return db.session.scalar(select(FollowUpTask.employee_id).where(FollowUpTask.id == object_id))
    if object_type == "question":
        return db.session.scalar(
            select(Employment.employee_id)
            .join(EarlyQuestion, EarlyQuestion.employment_id == Employment.id)
            .where(EarlyQuestion.id == object_id)
        )
    if object_type == "employment":
        return db.session.scalar(select(Employment.employee_id).where(Employment.id == object_id))
    if object_type == "concern":
        return db.session.scalar(select(Employment.employee_id).join(
            ConcernSignal, ConcernSignal.employment_id == Employment.id).where(ConcernSignal.id == object_id))
    if object_type in ("profile", "proposal"):
        query = (
            select(Employment.employee_id)
            .join(ContractEndNotice, ContractEndNotice.employment_id == Employment.id)
            .join(CandidateProfile, CandidateProfile.notice_id == ContractEndNotice.id)
        )
        if object_type == "profile":
            return db.session.scalar(query.where(CandidateProfile.id == object_id))
        return db.session.scalar(query.join(Proposal, Proposal.profile_id == CandidateProfile.id)
                                 .where(Proposal.id == object_id))
    return None


def subject_employee_id(object_type: str, object_id: int) -> int | None:
    """For the pool and nazorg pages: the person behind a profile or a follow-up task, without
    loading the notice or the name."""
    return _subject_employee_id(object_type, object_id)


def record(action: str, object_type: str, object_id: int, subject_employee_id: int | None,
           result: str = "allowed") -> None:
    """Part of the request's transaction: committed with it, before the page leaves the server."""
    user = current_user
    _add(dict(actor_id=user.id, actor_email=user.email, actor_name=user.name, actor_role=user.role,
              actor_organisation_id=user.organisation_id), action, object_type, object_id, subject_employee_id, result)


def record_client(client, action: str, object_type: str, object_id: int, subject_employee_id: int | None,
                  result: str = "allowed") -> None:
    """An API call (portal/api): the client is the actor, with no user id."""
    _add(dict(actor_id=None, actor_client_id=client.id, actor_email=f"api:{client.client_key}",
              actor_name=client.name[:160], actor_role="api_client", actor_organisation_id=client.organisation_id),
         action, object_type, object_id, subject_employee_id, result)


def _add(actor: dict, action: str, object_type: str, object_id: int, subject_employee_id: int | None,
         result: str) -> None:
    db.session.add(AuditEvent(**actor, action=action, object_type=object_type, object_id=object_id,
                              subject_employee_id=subject_employee_id, result=result, ip_address=client_ip()[:45]))


def record_login_refused(reason: str, claims: dict) -> None:
    """A federated login turned away (issue 19): who the provider said it was, and why."""
    def text(key: str, limit: int) -> str:
        value = claims.get(key)
        return value[:limit] if isinstance(value, str) else ""

    db.session.add(
        AuditEvent(
            actor_id=None, actor_email=text("email", 254), actor_name=text("name", 160), actor_role="",
            actor_organisation_id=None, action=f"login_{reason}"[:30], object_type="login", object_id=0,
            subject_employee_id=None, result="denied", ip_address=client_ip()[:45],
        )
    )


EMPLOYEE_ACTOR_ROLE = "employee"  # not a user: the person the data is about, on "Mijn overdracht"


def record_employee_view(notice_id: int, employee_id: int) -> None:
    """The employee opened their own page (link + code): in the log like any other view."""
    db.session.add(
        AuditEvent(
            actor_id=None,
            actor_email="",
            actor_name="Werknemer (Mijn overdracht)",
            actor_role=EMPLOYEE_ACTOR_ROLE,
            actor_organisation_id=None,
            action="view_own_page",
            object_type="notice",
            object_id=notice_id,
            subject_employee_id=employee_id,
            result="allowed",
            ip_address=client_ip()[:45],
        )
    )


def record_denied(endpoint: str | None, view_args: dict) -> None:
    """A refused look at an audited object (another organisation's, or the wrong role)."""
    if endpoint not in AUDITED_ENDPOINTS or not current_user.is_authenticated:
        return
    object_type, argument, action = AUDITED_ENDPOINTS[endpoint]
    object_id = view_args.get(argument)
    if object_id is None:
        return
    if not in_range(object_id):  # no such row can exist: logged as object 0 (ids start at 1)
        record(action, object_type, 0, None, result="denied")
        return
    record(action, object_type, object_id, _subject_employee_id(object_type, object_id), result="denied")


def viewers_of_notice(notice_id: int) -> Sequence[AuditEvent]:
    """UWV and WSP people who opened this notice: the employer may see who read it."""
    return db.session.scalars(
        select(AuditEvent)
        .where(
            AuditEvent.object_type == "notice",
            AuditEvent.object_id == notice_id,
            AuditEvent.result == "allowed",
            AuditEvent.actor_role.not_in(("employer", EMPLOYEE_ACTOR_ROLE)),
        )
        .order_by(AuditEvent.id.desc())
        .limit(50)
    ).all()
