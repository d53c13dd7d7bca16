from collections import namedtuple
from datetime import timedelta

from flask import Blueprint, render_template, request
from flask_login import current_user
from sqlalchemy import and_, case, func, or_, select
from sqlalchemy.orm import aliased, selectinload

from portal.auth.caseload_rules import MY_ASSIGNMENT
from portal.auth.permissions import (
    allow,
    concerns_visible_to,
    employees_visible_to,
    follow_ups_visible_to,
    notices_visible_to,
    prompts_visible_to,
    questions_visible_to,
)
from portal.employers.employee_queries import prompt_cards, renewed_prompt_rows
from portal.extensions import db
from portal.formatting import local_today
from portal.models import (
    CONCERN_KINDS,
    CONTRACT_TYPES,
    OPEN_NOTICE_STATES,
    OPEN_QUESTION_STATES,
    CaseworkerAssignment,
    ConcernSignal,
    ContractEndNotice,
    EarlyQuestion,
    Employee,
    Employment,
    FollowUpTask,
    Location,
    Message,
    Organisation,
    User,
    notice_is_open,
)
from portal.models.types import utcnow
from portal.pagination import Listing, paginate, paginate_newest_first
from portal.threads.thread_service import unread_in_thread
from portal.workflows import NOTICE_WORKFLOW, QUESTION_WORKFLOW

bp = Blueprint("caseload", __name__)


def _open_prompts():
    """employers.views.open_prompts for the AD, reached through the AD's assignments."""
    return db.session.execute(
        prompt_cards(prompts_visible_to(current_user, own_work=True))
    ).all()


FollowUpRow = namedtuple("FollowUpRow", "id notice_id opens_on response_due months_after_end employee_name")


def _open_follow_ups():
    """Nazorg questions due to be asked now (issue 15), nearest deadline first."""
    query = (
        follow_ups_visible_to(current_user, led=False, own_work=True)
        .where(FollowUpTask.status == "open", FollowUpTask.opens_on <= local_today())
        .with_only_columns(FollowUpTask.id, FollowUpTask.notice_id, FollowUpTask.opens_on, FollowUpTask.response_due,
                           FollowUpTask.months_after_end, Employee.name)
        .order_by(FollowUpTask.response_due, FollowUpTask.id)
    )
    return [FollowUpRow._make(row) for row in db.session.execute(query).all()]


QuestionRow = namedtuple("QuestionRow", "id status response_due decision_date employee_name organisation_name")


def _open_questions():
    """"Ik twijfel" questions (issue 16.3): unanswered ones first, nearest deadline first."""
    query = (
        questions_visible_to(current_user, led=False, own_work=True)
        .join(Organisation, Organisation.id == Employee.organisation_id)
        .where(EarlyQuestion.status.in_(OPEN_QUESTION_STATES))
        .with_only_columns(EarlyQuestion.id, EarlyQuestion.status, EarlyQuestion.response_due,
                           EarlyQuestion.decision_date, Employee.name, Organisation.name)
        .order_by(EarlyQuestion.response_due.is_(None), EarlyQuestion.response_due, EarlyQuestion.decision_date,
                  EarlyQuestion.id)
    )
    return [QuestionRow._make(row) for row in db.session.execute(query).all()]
SignalRow = namedtuple("SignalRow", "id kind_label response_due employee_name coach_name")


def _open_signals():
    """Job coaches' concern signals waiting for this AD (issue 16.2), nearest deadline first."""
    query = (
        concerns_visible_to(current_user, own_work=True)
        .join(User, User.id == ConcernSignal.coach_id)
        .where(ConcernSignal.status == "open")
        .with_only_columns(ConcernSignal.id, ConcernSignal.kind, ConcernSignal.response_due, Employee.name, User.name)
        .order_by(ConcernSignal.response_due, ConcernSignal.id)
    )
    return [SignalRow(row[0], CONCERN_KINDS.get(row[1], row[1]), *row[2:]) for row in db.session.execute(query).all()]


RECENT_RENEWALS_DAYS = 30


def _recent_renewals():
    """Contracts the employer said will go on, answered in the last month: the AD's picture stays right."""
    since = utcnow() - timedelta(days=RECENT_RENEWALS_DAYS)
    return db.session.execute(
        renewed_prompt_rows(prompts_visible_to(current_user, own_work=True), since)
    ).all()


# What a row of the inbox shows: plain rows, not entities (notice, employment, employee,
# location and organisation for each row were a good part of the page's CPU; issue 9).
InboxRow = namedtuple(
    "InboxRow",
    "id status expected_end_date created_at response_due employee_name organisation_name covering ad_name absent_until"
    " is_backup consent_given unread_messages",
)
ASSIGNED_AD = aliased(User, name="assigned_ad")


def _covering_for_absent_ad(today):
    """True on rows where this user is the backup and the AD is absent today: the backup owns
    that work now (the rule of caseload/responsibility.py, as SQL for sorting)."""
    return and_(
        MY_ASSIGNMENT.ad_id != current_user.id, MY_ASSIGNMENT.backup_ad_id == current_user.id,
        ASSIGNED_AD.absent_from <= today, ASSIGNED_AD.absent_until >= today,
    )


@bp.route("/inbox")
@allow("ad")
def inbox():
    show_closed = request.args.get("toon") == "afgerond"
    today = local_today()
    covering = case((_covering_for_absent_ad(today), True), else_=False)
    query = (
        notices_visible_to(current_user, led=False, own_work=True)
        .join(Location, Location.id == Employment.location_id)
        .join(Organisation, Organisation.id == Location.organisation_id)
        .join(ASSIGNED_AD, ASSIGNED_AD.id == MY_ASSIGNMENT.ad_id)
        .with_only_columns(
            ContractEndNotice.id, ContractEndNotice.status, ContractEndNotice.expected_end_date,
            ContractEndNotice.created_at, ContractEndNotice.response_due, Employee.name, Organisation.name,
            covering, ASSIGNED_AD.name, ASSIGNED_AD.absent_until,
            MY_ASSIGNMENT.ad_id != current_user.id, ContractEndNotice.consent_given,
            unread_in_thread(current_user.id, "notice", ContractEndNotice.id),
        )
    )
    if show_closed:
        closed = ContractEndNotice.status.not_in(OPEN_NOTICE_STATES)
        keys = (
            notices_visible_to(current_user, led=False, own_work=True)
            .where(closed).with_only_columns(ContractEndNotice.created_at, ContractEndNotice.id)
        )
        page = paginate_newest_first(query.where(closed), keys, ContractEndNotice.id)
    else:
        # Work taken over from an absent AD first (it lands here before anywhere else), then the
        # nearest deadline (overdue on top); unread before read on the same day.
        unread_first = case((ContractEndNotice.status == "submitted", 0), else_=1)
        query = query.where(notice_is_open()).order_by(
            covering.desc(), ContractEndNotice.response_due.is_(None), ContractEndNotice.response_due, unread_first,
            ContractEndNotice.created_at,
        )
        # No index gives this order: the database sorts every match anyway, so it counts them too.
        page = paginate(query, count_with_rows=True)
    page.items = [InboxRow._make(row) for row in page.items]
    return render_template(
        "caseload/inbox.html",
        page=page,
        show_closed=show_closed,
        states=NOTICE_WORKFLOW.states,
        prompts=[] if show_closed else _open_prompts(),
        follow_ups=[] if show_closed else _open_follow_ups(),
        questions=[] if show_closed else _open_questions(),
        question_states=QUESTION_WORKFLOW.states,
        signals=[] if show_closed else _open_signals(),
        renewals=[] if show_closed else _recent_renewals(),
        today=today,
    )


CaseloadRow = namedtuple(
    "CaseloadRow",
    "employee assignment end_date contract_type job_coach_type job_coach_name job_coach_organisation"
    " open_notice_id last_contact",
)
def _caseload_details(query, today):
    """What the AD wants to see per employee without opening the page: the current contract (the
    latest started one that has not ended) with its job coach, the open notice and the last
    message about a notice of the employee. Correlated subqueries in the select list: one
    statement for the page, and PostgreSQL runs them for the 25 rows shown only. (Joined, the
    current contract was looked up for all of a full caseload's 981 employees before the sort:
    8.5 ms of the page's 11; issue 21.)"""
    def current_contract(column):
        return (
            select(column)
            .where(Employment.employee_id == Employee.id,
                   or_(Employment.end_date.is_(None), Employment.end_date >= today))
            .order_by(Employment.start_date.desc(), Employment.id.desc()).limit(1)
            .correlate(Employee).scalar_subquery()
        )

    # The notices' own copy of the employee: no detour through each notice's contract.
    open_notice = (
        select(ContractEndNotice.id)
        .where(ContractEndNotice.employee_id == Employee.id, ContractEndNotice.status.in_(OPEN_NOTICE_STATES))
        .order_by(ContractEndNotice.created_at.desc()).limit(1)
        .correlate(Employee).scalar_subquery()
    )
    last_contact = (
        select(func.max(Message.created_at))
        .join(ContractEndNotice, and_(Message.subject_type == "notice", Message.subject_id == ContractEndNotice.id))
        .where(ContractEndNotice.employee_id == Employee.id)
        .correlate(Employee).scalar_subquery()
    )
    return query.add_columns(
        *(current_contract(column) for column in (
            Employment.end_date, Employment.contract_type, Employment.job_coach_type, Employment.job_coach_name,
            Employment.job_coach_organisation)),
        open_notice, last_contact,
    )


@bp.route("/caseload")
@allow("ad")
def caseload():
    search = request.args.get("zoek", "")[:100].strip()
    query = (
        employees_visible_to(current_user)
        .join(
            CaseworkerAssignment,
            (CaseworkerAssignment.employee_id == Employee.id)
            & CaseworkerAssignment.valid_until.is_(None)
            # The scope's condition once more, on the joined row: the caseload is found by AD.
            & or_(CaseworkerAssignment.ad_id == current_user.id, CaseworkerAssignment.backup_ad_id == current_user.id),
        )
    )
    if search:
        query = query.where(Employee.name.ilike(f"%{search}%") | (Employee.personnel_number == search))
    rows = (
        _caseload_details(query.add_columns(CaseworkerAssignment), local_today())
        .options(
            selectinload(Employee.organisation),
            selectinload(CaseworkerAssignment.ad),
        )
        .order_by(Employee.name, Employee.id)
    )
    # Counted without the details: they only decorate the rows.
    page = paginate(Listing(rows, query.with_only_columns(func.count(Employee.id))))
    page.items = [CaseloadRow._make(row) for row in page.items]
    return render_template("caseload/caseload.html", page=page, search=search, contract_types=CONTRACT_TYPES)
