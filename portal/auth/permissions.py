"""THE access rules. Views declare who may use them and fetch objects through these scopes,
so another organisation's object is simply not found (404).

Matrix (DESIGN.md): employers see their own organisation; ADs their caseload and the
employees they back up; WSP advisers the refill requests of their regions and never
employees or handover notes; admins refill requests and reference data, no handover notes.
"""
from __future__ import annotations

from functools import wraps

from flask import abort, request
from flask_login import current_user
from sqlalchemy import false, or_, select, true

from portal.extensions import db
from portal.models import (
    CaseworkerAssignment,
    ContractEndNotice,
    ContractEndPrompt,
    Employee,
    Employment,
    RefillRequest,
    user_regions,
)
from portal.workflows import NOTICE_WORKFLOW, REFILL_WORKFLOW, Workflow

PUBLIC = "public"
ANY_ROLE = "any"


class Forbidden(Exception):
    """The user may see the object but not take this action on it."""


def allow(*roles: str):
    """Declare (and enforce) which roles may use a view. Every route must carry a rule."""

    def decorate(view):
        @wraps(view)
        def wrapper(*args, **kwargs):
            if not current_user.is_authenticated:
                from portal.extensions import login_manager

                return login_manager.unauthorized()
            if ANY_ROLE not in roles and current_user.role not in roles:
                from portal.audit.service import record_denied

                record_denied(request.endpoint, kwargs)
                abort(403)
            return view(*args, **kwargs)

        wrapper.access_rule = roles
        return wrapper

    return decorate


def public(view):
    view.access_rule = (PUBLIC,)
    return view


# --- scopes -------------------------------------------------------------------------------

def _caseload_employee_ids(user):
    """Employees whose current AD or backup AD is this user."""
    return select(CaseworkerAssignment.employee_id).where(
        CaseworkerAssignment.valid_until.is_(None),
        or_(CaseworkerAssignment.ad_id == user.id, CaseworkerAssignment.backup_ad_id == user.id),
    )


def _employee_condition(user):
    if user.role == "employer":
        return Employee.organisation_id == user.organisation_id
    if user.role == "ad":
        return Employee.id.in_(_caseload_employee_ids(user))
    if user.role == "admin":
        return true()
    return false()


def employees_visible_to(user):
    return select(Employee).where(_employee_condition(user))


def employments_visible_to(user):
    return select(Employment).join(Employment.employee).where(_employee_condition(user))


def notices_visible_to(user):
    """Admins route refill requests but do not read notices (they hold the handover notes)."""
    condition = false() if user.role == "admin" else _employee_condition(user)
    return (
        select(ContractEndNotice)
        .join(ContractEndNotice.employment)
        .join(Employment.employee)
        .where(condition)
    )


def prompts_visible_to(user):
    """Contract-end questions: to the employer and the AD of the employee."""
    condition = false() if user.role == "admin" else _employee_condition(user)
    return (
        select(ContractEndPrompt)
        .join(ContractEndPrompt.employment)
        .join(Employment.employee)
        .where(condition)
    )


def _user_region_ids(user):
    return select(user_regions.c.region_id).where(user_regions.c.user_id == user.id)


def refills_visible_to(user):
    query = select(RefillRequest)
    if user.role == "employer":
        return query.where(RefillRequest.organisation_id == user.organisation_id)
    if user.role == "wsp":
        return query.where(RefillRequest.region_id.in_(_user_region_ids(user)))
    if user.role == "ad":
        visible_notices = notices_visible_to(user).with_only_columns(ContractEndNotice.id)
        return query.where(RefillRequest.notice_id.in_(visible_notices))
    if user.role == "admin":
        return query
    return query.where(false())


def get_visible_or_404(scope, object_id: int):
    model = scope.column_descriptions[0]["entity"]
    obj = db.session.scalars(scope.where(model.id == object_id)).first()
    if obj is None:
        from portal.audit.service import record_denied

        record_denied(request.endpoint, request.view_args or {})
        abort(404)
    return obj


def is_visible(scope, obj) -> bool:
    model = type(obj)
    return db.session.scalar(scope.where(model.id == obj.id).with_only_columns(model.id)) is not None


# --- object rules ------------------------------------------------------------------------

def may_read_handover_notes(user, notice: ContractEndNotice) -> bool:
    if not is_visible(notices_visible_to(user), notice):
        return False
    if user.role == "employer":
        return True
    if user.role == "ad":
        return notice.consent_given
    return False


def may_see_employee_details(user) -> bool:
    """WSP advisers handle the job, never the person who leaves it."""
    return user.role in ("employer", "ad", "admin")


def check_may(user, workflow: Workflow, action: str, obj) -> None:
    """Raise Forbidden unless user may take `action` on `obj` (state is checked by the workflow)."""
    transition = workflow.transition(action)
    if user is None or user.role != transition.role:
        raise Forbidden(action)
    if workflow is NOTICE_WORKFLOW:
        if action != "submit" and not is_visible(notices_visible_to(user), obj):
            raise Forbidden(action)
        if action == "submit" and not is_visible(employments_visible_to(user), obj):
            raise Forbidden(action)
        return
    if workflow is REFILL_WORKFLOW:
        if action in ("open", "route"):
            return
        if not is_visible(refills_visible_to(user), obj):
            raise Forbidden(action)
        # Only the adviser who holds the request works on it (an unclaimed one is refused by state).
        held_by_other = obj.claimed_by_id is not None and obj.claimed_by_id != user.id
        if action in ("propose", "fill", "not_fill") and held_by_other:
            raise Forbidden(action)
        return
    raise Forbidden(action)


def check_may_answer_prompt(user, prompt: ContractEndPrompt) -> None:
    """Only the employer answers whether a contract is renewed."""
    if user.role != "employer" or not is_visible(prompts_visible_to(user), prompt):
        raise Forbidden("answer_prompt")


def allowed_actions(user, workflow: Workflow, obj) -> set[str]:
    """The actions this user can take now: for showing only the buttons that will work."""
    actions = set()
    for transition in workflow.transitions:
        if not transition.sources or obj.status not in transition.sources:
            continue
        try:
            check_may(user, workflow, transition.action, obj)
        except Forbidden:
            continue
        actions.add(transition.action)
    return actions
