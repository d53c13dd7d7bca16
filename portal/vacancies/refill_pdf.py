from flask_babel import gettext as _

from portal.models import utcnow
from portal.pdf import render_pdf
from portal.workflows import REFILL_WORKFLOW


def refill_pdf(refill) -> bytes:
    """The refill request for the WSP: the job, never the person who leaves it."""
    return render_pdf(
        "pdf/refill.html",
        title=_("Verzoek om de plek opnieuw in te vullen"),
        refill=refill,
        state_label=REFILL_WORKFLOW.states[refill.status],
        generated_at=utcnow(),
    )
