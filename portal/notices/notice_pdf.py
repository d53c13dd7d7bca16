"""The notice's PDFs: the handover document for the AD's file, and a page for the employee."""
from flask_babel import gettext as _

from portal.auth.permissions import may_read_handover_notes
from portal.employee_access import links as employee_links
from portal.models import HANDOVER_FIELDS, utcnow
from portal.notifications.outbox import absolute_url
from portal.pdf import render_pdf
from portal.workflows import NOTICE_WORKFLOW


def handover_pdf(user, notice) -> bytes:
    return render_pdf(
        "pdf/handover.html",
        title=_("Overdrachtsdocument"),
        notice=notice,
        may_read_notes=may_read_handover_notes(user, notice),
        handover_fields=HANDOVER_FIELDS,
        state_label=NOTICE_WORKFLOW.states[notice.status],
        generated_at=utcnow(),
    )


# UWV's number for questions about a benefit, printed on the employee's page.
UWV_BENEFIT_PHONE = "088 898 9294"


def next_steps_pdf(notice) -> bytes:
    """The employee's letter, with the link and code of their own page (the same on every download)."""
    printable = employee_links.printable(notice)
    own_page = None
    if printable is not None:
        token, code = printable
        own_page = {"url": absolute_url("employee_access.enter", token=token), "code": f"{code[:4]} {code[4:]}"}
    return render_pdf("pdf/next_steps.html", title=_("Wat gebeurt er nu?"), notice=notice, own_page=own_page,
                      generated_at=utcnow(), uwv_phone=UWV_BENEFIT_PHONE)
