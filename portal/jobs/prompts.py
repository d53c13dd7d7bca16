"""Prompt employer and AD three months before a contract ends (seed report, footnote 62): every
contract with an end date, temporary, agency or trial placement (proefplaatsing)."""
from __future__ import annotations

from sqlalchemy import exists, select
from sqlalchemy.exc import IntegrityError

from portal.extensions import db
from portal.formatting import local_today
from portal.models import OPEN_NOTICE_STATES, ContractEndNotice, ContractEndPrompt, Employment
from portal.notices.notice_service import add_months
from portal.notifications import messages
from portal.unit_of_work import refusable_step, unit_of_work

# Every kind of contract that ends by itself; a permanent one ends only by a notice.
PROMPTED_CONTRACT_TYPES = ("temporary", "agency", "trial_placement")


def employments_to_prompt(today, months: int):
    open_notice = exists().where(
        ContractEndNotice.employment_id == Employment.id, ContractEndNotice.status.in_(OPEN_NOTICE_STATES)
    )
    already_prompted = exists().where(
        ContractEndPrompt.employment_id == Employment.id, ContractEndPrompt.end_date == Employment.end_date
    )
    return (
        select(Employment)
        .where(
            Employment.contract_type.in_(PROMPTED_CONTRACT_TYPES),
            Employment.end_date >= today,
            Employment.end_date <= add_months(today, months),
            ~open_notice,
            ~already_prompted,
        )
        .order_by(Employment.end_date, Employment.id)
    )


def create_prompts(months: int) -> int:
    """One prompt per employment and end date; a concurrent run loses on the unique key."""
    today = local_today()
    created = 0
    for employment_id in db.session.scalars(employments_to_prompt(today, months).with_only_columns(Employment.id)).all():
        with unit_of_work():
            employment = db.session.get(Employment, employment_id)
            if employment is None:  # removed since the list was read
                continue
            prompt = ContractEndPrompt(employment=employment, employee_id=employment.employee_id,
                                       organisation_id=employment.employee.organisation_id,
                                       end_date=employment.end_date)
            try:
                with refusable_step():
                    db.session.add(prompt)
                    db.session.flush()
            except IntegrityError:
                continue
            messages.contract_end_prompt(prompt)
            created += 1
    return created
