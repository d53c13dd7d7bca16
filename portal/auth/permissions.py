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
from sqlalchemy import bindparam, false, func, or_, select, true

from portal.audit.access_log_service import record_denied
from portal.auth.api_client_rules import (  # API clients: the same scopes, re-exported here  # noqa: F401
    RESOURCES_BY_SCOPE,
    WSP_PROFILE_STATES,
    client_may,
    client_may_read_handover_notes,
    employees_visible_to_client,
    employments_visible_to_client,
    may_act_for,
    may_grant,
    notices_visible_to_client,
    profiles_visible_to_client,
    proposals_visible_to_client,
    refills_visible_to_client,
)
from portal.auth.caseload_rules import join_own_caseload
from portal.auth.team_lead_rules import (  # what an AD may do as a team lead, re-exported here
    in_caseload,
    team_lead_follow_up_grant,
    team_lead_notice_grant,
    team_lead_question_grant,
    works_on,
)
from portal.auth.webhook_rules import (  # noqa: F401  (which events an API client hears about, re-exported here)
    SUBSCRIBER_PERMISSION,
    client_may_hear,
    client_may_subscribe,
    client_scope_covers,
    subscription_receives,
)
from portal.bounds import in_range
from portal.extensions import db, login_manager
from portal.formatting import local_today
from portal.models import (
    CaseworkerAssignment,
    ContractEndNotice,
    ContractEndPrompt,
    EarlyQuestion,
    Employee,
    Employment,
    FollowUpTask,
    ImportBatch,
    Location,
    NoticeDraft,
    Organisation,
    RefillRequest,
    User,
    user_regions,
)
from portal.workflows import (
    FOLLOW_UP_WORKFLOW,
    NOTICE_WORKFLOW,
    PROFILE_WORKFLOW,
    PROPOSAL_WORKFLOW,
    QUESTION_WORKFLOW,
    REFILL_WORKFLOW,
    Workflow,
)

PUBLIC = "public"
ANY_ROLE = "any"
# The rule of /api/v1 routes: a registered API client with a bearer token (portal/api/auth.py).
API_CLIENT = "api_client"


class Forbidden(Exception):
    """The user may see the object but not take this action on it."""


def allow(*roles: str, when=None):
    """Declare (and enforce) which roles may use a view. Every route must carry a rule.

    `when`: a further rule on the user, such as is_organisation_admin.
    """

    def decorate(view):
        @wraps(view)
        def wrapper(*args, **kwargs):
            if not current_user.is_authenticated:

                return login_manager.unauthorized()
            role_refused = ANY_ROLE not in roles and current_user.role not in roles
            if role_refused or (when is not None and not when(current_user)):

                record_denied(request.endpoint, kwargs)
                abort(403)
            return view(*args, **kwargs)

        wrapper.access_rule = roles  # type: ignore[attr-defined]  # read by the route test and the docs
        return wrapper

    return decorate


def public(view):
    view.access_rule = (PUBLIC,)
    return view


def refuse_out_of_range_ids(endpoint: str | None, values: dict | None) -> None:
    """An id in the URL beyond the id columns' range names no object: 404, logged as a refused look
    (registered as a URL value preprocessor, so it runs before the view and its access rule)."""
    if values and any(isinstance(v, int) and not in_range(v) for v in values.values()):
        record_denied(endpoint or "", values)
        abort(404)


# --- scopes -------------------------------------------------------------------------------

def _caseload_employee_ids(user):
    """Employees whose current AD or backup AD is this user: an AD's standing scope. Being someone's
    team lead adds nothing here (see auth/team_lead_rules.py)."""
    mine = or_(CaseworkerAssignment.ad_id == user.id, CaseworkerAssignment.backup_ad_id == user.id)
    return select(CaseworkerAssignment.employee_id).where(CaseworkerAssignment.valid_until.is_(None), mine)


def _employee_condition(user, plan_per_organisation: bool = False):
    """Which employees the user may see: the base of every scope that holds personal data.

    plan_per_organisation: the employer's organisation id written into the SQL text, so that the
    server plans the statement for this organisation's size. With a bound parameter it reuses one
    plan made for an average employer of 50 people, which for one of 3,000 sorted all their
    notices instead of reading the newest 25 by date (21 ms; issue 21)."""
    if not may_see_employee_details(user):  # the WSP: never the person, whatever else changes
        return false()
    if user.role == "employer":
        if plan_per_organisation:
            return Employee.organisation_id == bindparam("scope_organisation_id", user.organisation_id,
                                                         literal_execute=True)
        return Employee.organisation_id == user.organisation_id
    if user.role == "ad":
        return Employee.id.in_(_caseload_employee_ids(user))
    if user.role == "admin":
        return true()
    return false()


def employee_condition(user):
    """_employee_condition for the rule modules re-exported here (auth/jobcoach_rules.py)."""
    return _employee_condition(user)


def employees_visible_to(user):
    return select(Employee).where(_employee_condition(user))


def employments_visible_to(user):
    return select(Employment).join(Employment.employee).where(_employee_condition(user))


def notices_visible_to(user, led: bool = True, own_work: bool = False, plan_per_organisation: bool = False):
    """Admins route refill requests but do not read notices (they hold the handover notes).

    led=False leaves out what an AD may open only as a team lead (auth/team_lead_rules.py), for lists and
    counts of the AD's own work. own_work: an AD's own caseload only, as a join (auth/caseload_rules.py).
    plan_per_organisation: see _employee_condition."""
    query = select(ContractEndNotice).join(ContractEndNotice.employment).join(Employment.employee)
    if own_work and user.role == "ad":
        return join_own_caseload(query, user, ContractEndNotice.employee_id)
    return query.where(_notice_condition(user, led, plan_per_organisation))


def _notice_condition(user, led: bool = True, plan_per_organisation: bool = False):
    condition = false() if user.role == "admin" else _employee_condition(user, plan_per_organisation)
    if led and user.role == "ad":
        condition = or_(condition, team_lead_notice_grant(user))
    return condition


def count_notices_visible_to(user):
    """The number of notices notices_visible_to(user) returns, joined through the notice's own copy
    of the employee instead of the contract: one index range per employee. Through the contracts,
    PostgreSQL read all 150,000 of them to count the largest employer's notices (41 ms; issue 21)."""
    query = select(func.count(ContractEndNotice.id)).join(Employee, Employee.id == ContractEndNotice.employee_id)
    return query.where(_notice_condition(user))


def follow_ups_visible_to(user, led: bool = True, own_work: bool = False):
    """Nazorg tasks: the AD's (and backup's) work, and what a team lead may open (auth/team_lead_rules.py;
    led=False leaves that out); the employer sees them on the notice's timeline. own_work: as for notices."""
    query = select(FollowUpTask).join(FollowUpTask.notice).join(ContractEndNotice.employment).join(Employment.employee)
    if own_work and user.role == "ad":
        return join_own_caseload(query, user, FollowUpTask.employee_id)
    condition = _employee_condition(user) if user.role == "ad" else false()
    if led and user.role == "ad":
        condition = or_(condition, team_lead_follow_up_grant(user))
    return query.where(condition)


def prompts_visible_to(user, own_work: bool = False):
    """Contract-end questions: to the employer and the AD of the employee. own_work: as for notices."""
    query = select(ContractEndPrompt).join(ContractEndPrompt.employment).join(Employment.employee)
    if own_work and user.role == "ad":
        return join_own_caseload(query, user, ContractEndPrompt.employee_id)
    if user.role == "employer":  # the question's own copy: the dashboard's list in one index range
        return query.where(ContractEndPrompt.organisation_id == user.organisation_id)
    condition = false() if user.role == "admin" else _employee_condition(user)
    return query.where(condition)


def questions_visible_to(user, led: bool = True, own_work: bool = False):
    """"Ik twijfel" questions: the employer's own, and the AD's and backup's caseload (and what a team
    lead may open, as for notices; led=False leaves that out). Never the WSP, never admins: the
    worry is about a person, and no refill request comes of it. own_work: as for notices."""
    query = select(EarlyQuestion).join(EarlyQuestion.employment).join(Employment.employee)
    if own_work and user.role == "ad":
        return join_own_caseload(query, user)
    condition = _employee_condition(user) if user.role in ("employer", "ad") else false()
    if led and user.role == "ad":
        condition = or_(condition, team_lead_question_grant(user))
    return query.where(condition)


def may_prepare_notice_from(user, question: EarlyQuestion) -> bool:
    """The employer, or the AD (or backup) of the employee, turns an open question into a notice
    draft; only the employer files the notice itself."""
    if not question.is_open:
        return False
    if user.role == "employer":
        return question.employment.employee.organisation_id == user.organisation_id
    return works_on(user, question.employment)


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

        record_denied(request.endpoint, request.view_args or {})
        abort(404)
    return obj


def is_visible(scope, obj) -> bool:
    model = type(obj)
    return db.session.scalar(scope.where(model.id == obj.id).with_only_columns(model.id)) is not None


# --- object rules ------------------------------------------------------------------------

def may_read_handover_notes(user, notice: ContractEndNotice, visible: bool = False) -> bool:
    """visible: the caller fetched `notice` through notices_visible_to(user) in this request."""
    if not visible and not is_visible(notices_visible_to(user), notice):
        return False
    if user.role == "employer":
        return True
    if user.role == "ad":
        return notes_shared_with_uwv(notice)
    return False


def notes_shared_with_uwv(notice: ContractEndNotice) -> bool:
    """The employee's own answer on "Mijn overdracht" wins: their "no" hides the notes at once,
    whatever the employer recorded; their "yes" opens them. Until they answer, the consent the
    employer recorded counts. Every view of notes (notice page, PDF, profile draft, the job
    coach's notes) asks through may_read_handover_notes."""
    if notice.employee_consent is not None:
        return notice.employee_consent
    return notice.consent_given


def may_read_employee_statements(user, notice: ContractEndNotice, visible: bool = False) -> bool:
    """The employee's own words are for UWV: the AD sees them beside the employer's notes; the
    employer neither reads nor edits them."""
    return user.role == "ad" and (visible or is_visible(notices_visible_to(user), notice))


def may_issue_employee_link(user, notice: ContractEndNotice, visible: bool = False) -> bool:
    """The AD (or backup) of an open notice gives the employee a new link and code."""
    return user.role == "ad" and notice.is_open and in_caseload(user, notice.employment)


def may_see_employee_details(user) -> bool:
    """WSP advisers handle the job, never the person who leaves it."""
    return user.role in ("employer", "ad", "admin")


# The roles of the notice page (notices.show): a refill request's page links to its notice only for them.
NOTICE_PAGE_ROLES = ("employer", "ad")


def may_open_notice_page(user) -> bool:
    # The notice page names the employee: the WSP is kept out by that rule, not only by role.
    return may_see_employee_details(user) and user.role in NOTICE_PAGE_ROLES


def may_see_new_job_and_follow_up(user) -> bool:
    """The new job's details and the nazorg are UWV's: the former employer sees only the outcome."""
    return user.role == "ad"


def is_told_who_covers(user) -> bool:
    """The employer is told who covers an absent AD ("uw contact is ..."); UWV knows from its inbox."""
    return user.role == "employer"


def is_told_of_delay(user) -> bool:
    """The employer is told a late notice is "Vertraagd" with a new date; the AD has the deadline
    and the escalation in the inbox and on the timeline."""
    return user.role == "employer"


def may_see_notice_viewers(user) -> bool:
    """The employer sees which UWV people opened its notice (ASVS: the data subject's side)."""
    return user.role == "employer"


def may_report_contract_end(user) -> bool:
    """The button on the employee page; filing itself is checked again (certificate, scope)."""
    return user.role == "employer"


def check_may(user, workflow: Workflow, action: str, obj, visible: bool = False) -> None:
    """Raise Forbidden unless user may take `action` on `obj` (state is checked by the workflow).

    visible: the caller fetched `obj` through this user's scope in this request, so the scope
    need not be asked again (a query per check).
    """
    transition = workflow.transition(action)
    if user is None or user.role != transition.role:
        raise Forbidden(action)
    if workflow is NOTICE_WORKFLOW:
        if action != "submit" and not visible and not is_visible(notices_visible_to(user), obj):
            raise Forbidden(action)
        if action == "submit" and not visible and not is_visible(employments_visible_to(user), obj):
            raise Forbidden(action)
        if action == "submit" and not may_file_notices(user):
            raise Forbidden(action)
        if user.role == "ad" and not works_on(user, obj.employment):  # a team lead who may only read
            raise Forbidden(action)
        return
    if workflow is REFILL_WORKFLOW:
        if action in ("open", "route"):
            return
        if not visible and not is_visible(refills_visible_to(user), obj):
            raise Forbidden(action)
        # Only the adviser who holds the request works on it (an unclaimed one is refused by state).
        held_by_other = obj.claimed_by_id is not None and obj.claimed_by_id != user.id
        if action in ("propose", "fill", "not_fill") and held_by_other:
            raise Forbidden(action)
        return
    _check_later_workflows(user, workflow, action, obj, visible)


def _check_later_workflows(user, workflow: Workflow, action: str, obj, visible: bool) -> None:
    """check_may for the pool and the nazorg (the role was checked already)."""
    if workflow in (PROFILE_WORKFLOW, PROPOSAL_WORKFLOW):
        _check_pool(user, workflow, action, obj, visible)
        return
    if workflow is FOLLOW_UP_WORKFLOW:
        if not visible and not is_visible(follow_ups_visible_to(user), obj):
            raise Forbidden(action)
        if not works_on(user, obj.notice.employment):  # a team lead who may only read
            raise Forbidden(action)
        return
    if workflow is QUESTION_WORKFLOW:
        # "ask" is checked on the employment (obj), the rest on the question.
        scope = employments_visible_to(user) if action == "ask" else questions_visible_to(user)
        if not visible and not is_visible(scope, obj):
            raise Forbidden(action)
        if action == "answer" and not works_on(user, obj.employment):  # a team lead who may only read
            raise Forbidden(action)
        return
    if workflow in COACH_WORKFLOWS:
        check_coach_step(user, workflow, action, obj, visible)
        return
    raise Forbidden(action)


def may_change_consent(user, notice: ContractEndNotice, visible: bool = False) -> bool:
    """The employer records (or withdraws) the employee's consent to share the notes, until the
    notice is withdrawn."""
    if user.role != "employer" or notice.status == "withdrawn":
        return False
    return visible or is_visible(notices_visible_to(user), notice)


def check_may_change_consent(user, notice: ContractEndNotice) -> None:
    if not may_change_consent(user, notice):
        raise Forbidden("consent")


def drafts_visible_to(user):
    """Drafts stay inside the employer's organisation: UWV and the WSP never see them."""
    if user.role != "employer":
        return select(NoticeDraft).where(false())
    return select(NoticeDraft).where(NoticeDraft.organisation_id == user.organisation_id)


THREAD_ROLES = {"notice": ("employer", "ad"), "refill": ("employer", "wsp"), "question": ("employer", "ad")}


def takes_part_in_threads(user, subject_type: str) -> bool:
    """Whether this kind of page shows the user its thread at all (the page itself checked the
    subject's visibility): thread_scope's first question, without building the scope."""
    return user.role in THREAD_ROLES[subject_type]


def thread_scope(user, subject_type: str, own_only: bool = False):
    """Message threads: employer and AD(s) on a notice and on an "ik twijfel" question; employer and
    WSP on a refill request.

    own_only: without a team lead's view of the team's notices (the menu's unread count)."""
    if not takes_part_in_threads(user, subject_type):
        return None
    if subject_type == "question":
        return questions_visible_to(user, led=not own_only)
    return notices_visible_to(user, led=not own_only) if subject_type == "notice" else refills_visible_to(user)


def check_may_answer_prompt(user, prompt: ContractEndPrompt) -> None:
    """Only the employer answers whether a contract is renewed."""
    if user.role != "employer" or not is_visible(prompts_visible_to(user), prompt):
        raise Forbidden("answer_prompt")


def allowed_actions(user, workflow: Workflow, obj, visible: bool = False) -> set[str]:
    """The actions this user can take now: for showing only the buttons that will work.

    visible: as for check_may (the pages pass True: they fetched obj through the scope).
    """
    actions = set()
    for transition in workflow.transitions:
        if not transition.sources or obj.status not in transition.sources:
            continue
        try:
            check_may(user, workflow, transition.action, obj, visible=visible)
        except Forbidden:
            continue
        actions.add(transition.action)
    return actions


# --- administration ----------------------------------------------------------------------

def is_organisation_admin(user) -> bool:
    """An employer user who may invite and deactivate colleagues of the own organisation."""
    return user.role == "employer" and user.is_organisation_admin


def may_file_notices(user, today=None) -> bool:
    """Only while the organisation is active and its PSO certificate has not run out; after
    expiry the employer still reads everything, until an admin verifies a renewed certificate."""
    if user.role != "employer" or user.organisation is None:
        return False

    return user.organisation.may_file_notices(today or local_today())


def users_manageable_by(user):
    """Admins manage every user; an organisation administrator the employer users of the own
    organisation; nobody else anyone."""
    if user.role == "admin":
        return select(User)
    if is_organisation_admin(user):
        return select(User).where(User.organisation_id == user.organisation_id, User.role == "employer")
    return select(User).where(false())


def check_may_manage_user(actor, role: str, organisation_id: int | None) -> None:
    """Raise Forbidden unless actor may invite, change or deactivate such a user."""
    if actor is None or actor.role == "admin":  # None: the command line
        return
    if is_organisation_admin(actor) and role == "employer" and organisation_id == actor.organisation_id:
        return
    raise Forbidden("manage_user")


def organisations_visible_to(user):
    if user.role == "admin":
        return select(Organisation)
    if user.role == "employer":
        return select(Organisation).where(Organisation.id == user.organisation_id)
    return select(Organisation).where(false())


def locations_visible_to(user):
    if user.role == "admin":
        return select(Location)
    return select(Location).where(false())


def import_batches_visible_to(user):
    """Checked employment files hold personal data: admins only."""
    if user.role == "admin":
        return select(ImportBatch)
    return select(ImportBatch).where(false())


# The job coach's rules (issue 16.2), re-exported: imported last, as they build on the scopes above.
from portal.auth.jobcoach_rules import (  # noqa: E402,F401
    COACH_WORKFLOWS,
    check_coach_step,
    coached_employments,
    coached_notices,
    coaches_of,
    concerns_visible_to,
    job_findings_visible_to,
    may_add_coach_note,
    may_assign_job_finding,
    may_invite_job_coach,
    may_read_coach_notes,
)

# Van werk naar werk (issue 14), re-exported: imported last, as it builds on the scopes above.
from portal.auth.pool_rules import (  # noqa: E402,F401
    _check_pool,
    may_manage_profile,
    may_propose,
    may_record_introduction_consent,
    may_record_profile_consent,
    may_see_candidate_identity,
    may_see_pool,
    may_see_profile_matches,
    may_see_refill_proposals,
    profiles_visible_to,
    proposals_visible_to,
)
