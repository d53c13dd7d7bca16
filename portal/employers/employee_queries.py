"""The employee list: one query for the rows and one to count them, whatever the page size (no N+1)."""
from __future__ import annotations

from datetime import timedelta

from sqlalchemy import and_, exists, func, or_, select
from sqlalchemy.orm import aliased

from portal.auth.permissions import employees_visible_to, employments_visible_to
from portal.extensions import db
from portal.models import (
    OPEN_NOTICE_STATES,
    CaseworkerAssignment,
    ContractEndNotice,
    ContractEndPrompt,
    Employee,
    Employment,
    User,
)
from portal.pagination import Listing

SORTS = {
    "naam": (Employee.name, Employment.id),
    "einddatum": (Employment.end_date.is_(None), Employment.end_date, Employee.name),
    "personeelsnummer": (Employee.personnel_number,),
}

# Made once: building an alias of a wide table proxies every column, which cost about 3 ms of
# CPU per request when done per request.
AD = aliased(User, name="ad")
BACKUP = aliased(User, name="backup_ad")
CURRENT = aliased(CaseworkerAssignment, name="current_assignment")
OPEN_NOTICE = aliased(ContractEndNotice, name="open_notice")
# Made once, like the ones above: building an alias per call was a tenth of the inbox (issue 21).
ANSWERED_BY = aliased(User, name="answered_by")
# Only what the list shows, as plain rows: not the contact persons' password hashes or the
# notices' handover notes, and no entities (five per row were a good part of the page's CPU; issue 9).
ROW_COLUMNS = (
    Employment.id.label("employment_id"),
    Employment.job_title,
    Employment.contract_type,
    Employment.end_date,
    Employee.id.label("employee_id"),
    Employee.name.label("employee_name"),
    Employee.personnel_number,
    AD.id.label("ad_id"),
    AD.name.label("ad_name"),
    AD.phone.label("ad_phone"),
    AD.email.label("ad_email"),
    BACKUP.id.label("backup_id"),
    BACKUP.name.label("backup_name"),
    BACKUP.phone.label("backup_phone"),
    OPEN_NOTICE.id.label("notice_id"),
)


def prompt_cards(prompts):
    """Open contract-end questions as plain rows with what a task card shows
    (components/prompts.html): `prompts` is a select of ContractEndPrompt joined with its
    employment and employee (prompts_visible_to). Rows, not entities: an AD's inbox shows some
    fifty cards, and loading three entities per card was a good part of the page's CPU (issue 9).
    """
    return prompts.with_only_columns(
        ContractEndPrompt.id,
        ContractEndPrompt.end_date,
        ContractEndPrompt.employment_id,
        Employment.employee_id,
        Employment.job_title,
        Employee.name.label("employee_name"),
    ).where(ContractEndPrompt.status == "open").order_by(ContractEndPrompt.end_date, ContractEndPrompt.id)


def renewed_prompt_rows(prompts, since):
    """Contract-end questions answered 'wordt verlengd' since a moment, newest first, as plain rows:
    the old end date, the new one (None: permanent) and who answered."""
    return (
        prompts.outerjoin(ANSWERED_BY, ANSWERED_BY.id == ContractEndPrompt.answered_by_id)
        .with_only_columns(
            ContractEndPrompt.id,
            ContractEndPrompt.end_date.label("old_end_date"),
            ContractEndPrompt.answered_at,
            Employment.employee_id,
            Employment.end_date.label("new_end_date"),
            Employee.name.label("employee_name"),
            ANSWERED_BY.name.label("answered_by_name"),
        )
        .where(ContractEndPrompt.status == "renewed", ContractEndPrompt.answered_at >= since)
        .order_by(ContractEndPrompt.answered_at.desc(), ContractEndPrompt.id)
    )


def employee_rows(user, today, search: str = "", ending_only: bool = False, sort: str = "naam", warning_days: int = 92) -> Listing:
    """Rows of ROW_COLUMNS (the AD, backup AD and open notice may be missing: None) and a count of
    them for paginate()."""
    filters = []
    search = search.strip()
    if search:
        pattern = f"%{search.lower()}%"
        filters.append(or_(Employee.name.ilike(pattern), Employee.personnel_number == search))
    if ending_only:
        filters += [Employment.end_date.is_not(None), Employment.end_date <= today + timedelta(days=warning_days)]

    ad, backup, current, open_notice = AD, BACKUP, CURRENT, OPEN_NOTICE
    rows = (
        employments_visible_to(user)
        .with_only_columns(*ROW_COLUMNS)
        .outerjoin(current, and_(current.employee_id == Employee.id, current.valid_until.is_(None)))
        .outerjoin(ad, ad.id == current.ad_id)
        .outerjoin(backup, backup.id == current.backup_ad_id)
        .outerjoin(
            open_notice,
            and_(open_notice.employment_id == Employment.id, open_notice.status.in_(OPEN_NOTICE_STATES)),
        )
        .where(or_(Employment.end_date.is_(None), Employment.end_date >= today, open_notice.id.is_not(None)), *filters)
        .order_by(*SORTS.get(sort, SORTS["naam"]))
    )
    # The same rows without the contact persons; "has an open notice" as EXISTS (at most one, by
    # the unique index), so the database walks the organisation's employees and nothing else.
    has_open_notice = exists().where(
        ContractEndNotice.employment_id == Employment.id, ContractEndNotice.status.in_(OPEN_NOTICE_STATES)
    )
    count = (
        employments_visible_to(user)
        .with_only_columns(func.count(Employment.id))
        .where(or_(Employment.end_date.is_(None), Employment.end_date >= today, has_open_notice), *filters)
    )
    # The total may be a minute old: it counted three thousand rows per request (stale_counts.py).
    scope = ("employee_rows", user.role, user.organisation_id if user.role == "employer" else user.id)
    return Listing(rows=rows, count=count, count_key=(*scope, today, search, ending_only, warning_days))


def assignments_with_absent_ad(user, today):
    """The current assignments of the employees `user` sees whose AD is absent today (few rows).

    The absent ADs first (a handful of the country's ADs, or none): joining them to all of a big
    employer's assignments in one statement cost 8 ms a dashboard, mostly on days nobody is away
    (bench/README.md, issue 21)."""
    absent_ad_ids = db.session.scalars(
        select(User.id).where(User.absent_from <= today, User.absent_until >= today)
    ).all()
    if not absent_ad_ids:
        return []
    return db.session.scalars(
        select(CaseworkerAssignment)
        .where(CaseworkerAssignment.valid_until.is_(None), CaseworkerAssignment.ad_id.in_(absent_ad_ids),
               CaseworkerAssignment.employee_id.in_(employees_visible_to(user).with_only_columns(Employee.id)))
    ).all()
