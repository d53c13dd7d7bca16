"""Employer answers to the contract-end prompt."""
from __future__ import annotations

from datetime import date

from flask_babel import gettext as _

from portal.auth.permissions import check_may_answer_prompt
from portal.extensions import db
from portal.models import ContractEndPrompt
from portal.notices.notice_service import answer_open_prompts
from portal.notifications import messages
from portal.workflows import InputRejected


def record_renewal(actor, prompt: ContractEndPrompt, new_end_date: date | None, permanent: bool, today: date) -> None:
    """'Wordt verlengd': the contract gets a new end date, or becomes permanent."""
    check_may_answer_prompt(actor, prompt)
    employment = prompt.employment
    if prompt.status != "open":
        raise InputRejected({"choice": _("Deze vraag is al beantwoord.")})
    if permanent:
        employment.contract_type, employment.end_date = "permanent", None
    else:
        if new_end_date is None:
            raise InputRejected({"new_end_date": _("Vul de nieuwe einddatum in.")})
        if new_end_date <= (employment.end_date or today):
            raise InputRejected({"new_end_date": _("De nieuwe einddatum moet na de huidige einddatum liggen.")})
        employment.end_date = new_end_date
    answer_open_prompts(actor, employment, "renewed")
    messages.contract_renewed(employment, actor)  # the AD's picture stays right
    db.session.flush()
