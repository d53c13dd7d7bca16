"""The employee list: one query for the rows, whatever the page size (no N+1)."""
from __future__ import annotations

from datetime import timedelta

from sqlalchemy import and_, or_
from sqlalchemy.orm import aliased

from portal.auth.permissions import employments_visible_to
from portal.models import OPEN_NOTICE_STATES, CaseworkerAssignment, ContractEndNotice, Employee, Employment, User

SORTS = {
    "naam": (Employee.name, Employment.id),
    "einddatum": (Employment.end_date.is_(None), Employment.end_date, Employee.name),
    "personeelsnummer": (Employee.personnel_number,),
}


def employee_rows(user, today, search: str = "", ending_only: bool = False, sort: str = "naam", warning_days: int = 92):
    ad = aliased(User, name="ad")
    backup = aliased(User, name="backup_ad")
    current = aliased(CaseworkerAssignment, name="current_assignment")
    open_notice = aliased(ContractEndNotice, name="open_notice")
    query = (
        employments_visible_to(user)
        .add_columns(Employee, ad, backup, open_notice)
        .outerjoin(current, and_(current.employee_id == Employee.id, current.valid_until.is_(None)))
        .outerjoin(ad, ad.id == current.ad_id)
        .outerjoin(backup, backup.id == current.backup_ad_id)
        .outerjoin(
            open_notice,
            and_(open_notice.employment_id == Employment.id, open_notice.status.in_(OPEN_NOTICE_STATES)),
        )
        .where(or_(Employment.end_date.is_(None), Employment.end_date >= today, open_notice.id.is_not(None)))
    )
    search = search.strip()
    if search:
        pattern = f"%{search.lower()}%"
        query = query.where(
            or_(Employee.name.ilike(pattern), Employee.personnel_number == search)
        )
    if ending_only:
        query = query.where(Employment.end_date.is_not(None), Employment.end_date <= today + timedelta(days=warning_days))
    return query.order_by(*SORTS.get(sort, SORTS["naam"]))
