"""The employee's consent to share the handover notes with UWV: added later or withdrawn."""
from __future__ import annotations

from datetime import date

from flask_babel import force_locale
from flask_babel import gettext as _

from portal.auth.permissions import check_may_change_consent
from portal.extensions import db
from portal.formatting import date_long
from portal.notifications import messages
from portal.workflows import NOTICE_WORKFLOW, InputRejected, TransitionRefused, record_event


def record_consent(actor, notice, consent_date: date | None, today: date) -> None:
    """From now on the AD reads the notes; the AD hears of it by e-mail."""
    check_may_change_consent(actor, notice)
    if notice.consent_given:
        raise InputRejected({"consent_date": _("De toestemming is al vastgelegd.")})
    if consent_date is None:
        raise InputRejected({"consent_date": _("Vul de datum in waarop de werknemer toestemming gaf.")})
    if consent_date > today:
        raise InputRejected({"consent_date": _("De datum van de toestemming kan niet in de toekomst liggen.")})
    notice.consent_given, notice.notes_discussed = True, True
    notice.consent_date, notice.consent_recorded_by_id = consent_date, actor.id
    with force_locale("nl"):  # the event note is stored: always Dutch, whatever the actor's language
        note = f"toestemming gegeven op {date_long(consent_date)}"
    record_event(NOTICE_WORKFLOW, notice, "consent_given", note, actor)
    messages.consent_given(notice)
    db.session.flush()


def withdraw_consent(actor, notice) -> None:
    """The employee changed their mind: the notes are hidden from UWV from now on."""
    check_may_change_consent(actor, notice)
    if not notice.consent_given:  # a double click or an old tab: a message, not an error page
        raise TransitionRefused(_("Er is geen toestemming om in te trekken."))
    notice.consent_given, notice.consent_date, notice.consent_recorded_by_id = False, None, actor.id
    record_event(NOTICE_WORKFLOW, notice, "consent_withdrawn", "", actor)
    db.session.flush()
