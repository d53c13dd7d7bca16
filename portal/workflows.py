"""The workflows as data, and the one function that moves an object along them.

Every transition is a compare-and-set on the status column (`UPDATE ... WHERE status = old`),
so two people acting at the same moment cannot both win, on SQLite and PostgreSQL alike
(TRAPS 2), and every transition writes a WorkflowEvent row in the same transaction, with a
webhook notification for the API clients that subscribed (portal/webhooks/events.py).
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import update

from portal.clock import due_date
from portal.extensions import changed_rows, db
from portal.models import WorkflowEvent, utcnow
from portal.webhooks.events import workflow_event


class TransitionRefused(Exception):
    """The action is not allowed from the object's current state (or someone was first)."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class InputRejected(Exception):
    """Input that breaks a rule; `errors` maps form field names to messages for the user."""

    def __init__(self, errors: dict[str, str]):
        # Lazy texts become plain strings now, in the language of the request that broke the rule.
        errors = {field: str(message) for field, message in errors.items()}
        super().__init__(errors)
        self.errors = errors


@dataclass(frozen=True)
class Transition:
    action: str
    sources: tuple[str, ...]
    target: str
    role: str  # the one role that may take this action ("system" for automatic ones)
    label: str  # how the timeline describes it
    # Going back: the state the object was in before it entered its current one, when that is
    # one of these (else `target`). Reopening a notice returns it to where it was closed from.
    back_to: tuple[str, ...] = ()


# Events on the timeline that do not change the state: the regie clock, consent changes.
SIDE_EVENTS = {
    "remind": _l("Herinnering: de termijn is verlopen"),
    "escalate": _l("Termijn verlopen: doorgezet"),
    "escalate_further": _l("Nog steeds te laat: opnieuw doorgezet"),
    "consent_given": _l("Toestemming van de werknemer vastgelegd"),
    "consent_withdrawn": _l("Toestemming van de werknemer ingetrokken"),
    "profile_consent": _l("Toestemming voor een kandidaatprofiel vastgelegd"),
    "profile_edited": _l("Kandidaatprofiel aangepast"),
    "introduction_consent": _l("Toestemming voor de kennismaking vastgelegd"),
    "new_job_found": _l("Nazorg: nieuwe baan vastgelegd"),
    "notice_draft_prepared": _l("Concept-melding klaargezet met de tekst van de vraag"),
    # The employee's own answers on "Mijn overdracht" (issue 16), and their link.
    "employee_consent_given": _l("De werknemer vindt het goed dat UWV de overdracht leest"),
    "employee_consent_refused": _l("De werknemer wil niet dat UWV de overdracht leest"),
    "employee_profile_given": _l("De werknemer wil een kandidaatprofiel voor het WSP"),
    "employee_profile_refused": _l("De werknemer wil geen kandidaatprofiel voor het WSP"),
    "employee_statement": _l("De werknemer schreef een eigen aanvulling"),
    "employee_link_issued": _l("Nieuwe link en code voor de werknemer gemaakt"),
    "employee_link_blocked": _l("Link van de werknemer geblokkeerd na vijf foute codes"),
}


@dataclass(frozen=True)
class Workflow:
    subject_type: str
    states: dict[str, str]
    transitions: tuple[Transition, ...]
    # state -> setting with the working days within which the next step is due
    deadlines: dict[str, str]

    def transition(self, action: str) -> Transition:
        for transition in self.transitions:
            if transition.action == action:
                return transition
        raise KeyError(action)

    def allows(self, action: str, state: str) -> bool:
        return state in self.transition(action).sources

    def label(self, action: str) -> str:
        if action in SIDE_EVENTS:
            return SIDE_EVENTS[action]
        return self.transition(action).label

    def due(self, state: str, entered_at):
        setting = self.deadlines.get(state)
        return due_date(setting, entered_at) if setting else None


NOTICE_WORKFLOW = Workflow(
    subject_type="notice",
    states={
        "submitted": _l("Nieuw, nog niet gelezen"),
        "acknowledged": _l("Gelezen"),
        "plan_recorded": _l("Plan gemaakt"),
        "closed": _l("Afgerond"),
        "withdrawn": _l("Ingetrokken"),
    },
    transitions=(
        Transition("submit", (), "submitted", "employer", _l("Melding ingediend")),
        Transition("acknowledge", ("submitted",), "acknowledged", "ad", _l("Gelezen door de arbeidsdeskundige")),
        Transition("record_plan", ("acknowledged", "plan_recorded"), "plan_recorded", "ad", _l("Plan vastgelegd")),
        Transition("close", ("acknowledged", "plan_recorded"), "closed", "ad", _l("Afgerond")),
        Transition("reopen", ("closed",), "acknowledged", "ad", _l("Heropend"),
                   back_to=("acknowledged", "plan_recorded")),
        Transition(
            "withdraw", ("submitted", "acknowledged", "plan_recorded"), "withdrawn", "employer", _l("Ingetrokken")
        ),
    ),
    deadlines={"submitted": "NOTICE_ACKNOWLEDGE_WORKING_DAYS", "acknowledged": "NOTICE_PLAN_WORKING_DAYS"},
)

REFILL_WORKFLOW = Workflow(
    subject_type="refill",
    states={
        "open": _l("Wacht op een adviseur"),
        "claimed": _l("In behandeling"),
        "candidates_proposed": _l("Kandidaten voorgesteld"),
        "filled": _l("Vervuld"),
        "not_filled": _l("Niet vervuld"),
        "cancelled": _l("Geannuleerd"),
    },
    transitions=(
        Transition("open", (), "open", "employer", _l("Verzoek geopend: plek opnieuw invullen")),
        Transition("route", ("open",), "open", "admin", _l("Doorgestuurd naar een regio")),
        Transition("claim", ("open",), "claimed", "wsp", _l("Opgepakt door een adviseur")),
        Transition("propose", ("claimed", "candidates_proposed"), "candidates_proposed", "wsp", _l("Kandidaten voorgesteld")),
        Transition("fill", ("claimed", "candidates_proposed"), "filled", "wsp", _l("Vervuld")),
        Transition("not_fill", ("claimed", "candidates_proposed"), "not_filled", "wsp", _l("Niet vervuld")),
        Transition("cancel", ("open", "claimed", "candidates_proposed"), "cancelled", "employer", _l("Geannuleerd")),
    ),
    # Routing by an admin (open -> open) starts the claim period again, for the new region.
    deadlines={"open": "REFILL_CLAIM_WORKING_DAYS"},
)

# Van werk naar werk: the leaver's pseudonymous profile in the region's pool.
PROFILE_WORKFLOW = Workflow(
    subject_type="profile",
    states={
        "draft": _l("Concept"),
        "published": _l("In de kandidatenpool"),
        "claimed": _l("In behandeling bij het WSP"),
        "paused": _l("Gepauzeerd"),
        "withdrawn": _l("Ingetrokken"),
        "ended": _l("Beëindigd"),
    },
    transitions=(
        Transition("create", (), "draft", "ad", _l("Concept-profiel gemaakt")),
        Transition("publish", ("draft", "paused"), "published", "ad", _l("Gepubliceerd in de kandidatenpool")),
        Transition("claim", ("published",), "claimed", "wsp", _l("Opgepakt door een adviseur")),
        Transition("pause", ("published", "claimed"), "paused", "ad", _l("Gepauzeerd")),
        Transition("withdraw", ("draft", "published", "claimed", "paused"), "withdrawn", "ad", _l("Ingetrokken")),
        # By itself: hired through the pool, or the notice withdrawn or closed otherwise.
        Transition("end", ("draft", "published", "claimed", "paused"), "ended", "system", _l("Beëindigd")),
    ),
    deadlines={"published": "PROFILE_CLAIM_WORKING_DAYS"},
)

# A candidate (from the pool, or from outside without a name) proposed to a refill request.
PROPOSAL_WORKFLOW = Workflow(
    subject_type="proposal",
    states={
        "proposed": _l("Voorgesteld"),
        "introduction": _l("Kennismaking"),
        "trial_placement": _l("Proefplaatsing"),
        "hired": _l("Aangenomen"),
        "rejected": _l("Afgewezen"),
        "withdrawn": _l("Teruggetrokken"),
    },
    transitions=(
        Transition("propose", (), "proposed", "wsp", _l("Kandidaat voorgesteld")),
        Transition("interested", ("proposed",), "introduction", "employer", _l("De werkgever wil kennismaken")),
        Transition("reject", ("proposed", "introduction", "trial_placement"), "rejected", "employer", _l("Afgewezen")),
        Transition("start_trial", ("introduction",), "trial_placement", "wsp", _l("Proefplaatsing gestart")),
        Transition("hire", ("introduction", "trial_placement"), "hired", "wsp", _l("Aangenomen")),
        Transition("withdraw", ("proposed", "introduction", "trial_placement"), "withdrawn", "wsp", _l("Teruggetrokken")),
        # The candidate was hired elsewhere, the profile ended or the job was filled otherwise.
        Transition("lapse", ("proposed", "introduction", "trial_placement"), "withdrawn", "system", _l("Vervallen")),
    ),
    deadlines={"proposed": "PROPOSAL_ANSWER_WORKING_DAYS"},
)

# Nazorg: after a job ended without a new one, the AD is asked some months later whether the
# person found work (issue 15). Its events show on the notice's timeline.
FOLLOW_UP_WORKFLOW = Workflow(
    subject_type="follow_up",
    states={
        "open": _l("Open"),
        "found_job": _l("Werk gevonden"),
        "not_yet": _l("Nog geen werk"),
        "stopped": _l("Geen nazorg meer nodig"),
        "lapsed": _l("Vervallen"),
    },
    transitions=(
        Transition("schedule", (), "open", "system", _l("Nazorg gepland")),
        Transition("found_job", ("open",), "found_job", "ad", _l("Nazorg: werk gevonden")),
        Transition("not_yet", ("open",), "not_yet", "ad", _l("Nazorg: nog geen werk")),
        Transition("stop", ("open",), "stopped", "ad", _l("Nazorg: geen nazorg meer nodig")),
        # The person found work or no follow-up is needed (another task's answer), or the notice reopened.
        Transition("lapse", ("open",), "lapsed", "system", _l("Nazorg vervallen")),
    ),
    # The deadline counts from the day the question is asked (opens_on), set by the service.
    deadlines={"open": "FOLLOW_UP_WORKING_DAYS"},
)

# "Ik twijfel" (issue 16.3): the employer asks the AD to think along before deciding. Not a notice;
# it may become one ("convert", when the employer files the notice), or end without one.
QUESTION_WORKFLOW = Workflow(
    subject_type="question",
    states={
        "open": _l("Wacht op antwoord"),
        "answered": _l("Beantwoord"),
        "converted": _l("Melding geworden"),
        "closed": _l("Afgesloten zonder melding"),
    },
    transitions=(
        Transition("ask", (), "open", "employer", _l("Vraag gesteld")),
        Transition("answer", ("open",), "answered", "ad", _l("Beantwoord door de arbeidsdeskundige")),
        Transition("convert", ("open", "answered"), "converted", "employer", _l("Melding ingediend")),
        Transition("close", ("open", "answered"), "closed", "employer", _l("Afgesloten: geen melding nodig")),
    ),
    deadlines={"open": "QUESTION_ANSWER_WORKING_DAYS"},
)

# A job coach's "zorgen-signaal" (issue 16.2): the AD responds within the deadline, or it is
# reminded and escalated like the AD's other work.
CONCERN_WORKFLOW = Workflow(
    subject_type="concern",
    states={"open": _l("Wacht op reactie"), "handled": _l("Behandeld")},
    transitions=(
        Transition("report", (), "open", "jobcoach", _l("Zorgen-signaal van de jobcoach")),
        Transition("handle", ("open",), "handled", "ad", _l("Behandeld door de arbeidsdeskundige")),
    ),
    deadlines={"open": "CONCERN_RESPONSE_WORKING_DAYS"},
)

# The plan "Jobfinding door de jobcoach": the AD's assignment, which the coach accepts and reports on.
JOB_FINDING_WORKFLOW = Workflow(
    subject_type="job_finding",
    states={
        "offered": _l("Nieuw"),
        "accepted": _l("Geaccepteerd"),
        "found": _l("Werk gevonden"),
        "not_found": _l("Geen werk gevonden"),
    },
    transitions=(
        Transition("assign", (), "offered", "ad", _l("Opdracht jobfinding gegeven")),
        Transition("accept", ("offered",), "accepted", "jobcoach", _l("Opdracht jobfinding geaccepteerd")),
        Transition("found", ("accepted",), "found", "jobcoach", _l("Jobfinding: werk gevonden")),
        Transition("not_found", ("accepted",), "not_found", "jobcoach", _l("Jobfinding: geen werk gevonden")),
    ),
    deadlines={},
)

WORKFLOWS = {wf.subject_type: wf for wf in (NOTICE_WORKFLOW, REFILL_WORKFLOW, PROFILE_WORKFLOW, PROPOSAL_WORKFLOW,
                                            FOLLOW_UP_WORKFLOW, QUESTION_WORKFLOW, CONCERN_WORKFLOW,
                                            JOB_FINDING_WORKFLOW)}


class TimelineLabels:
    """Labels for a timeline that shows the events of several workflows (a notice and its nazorg)."""

    def __init__(self, *workflows: Workflow):
        self.workflows = workflows

    def label(self, action: str) -> str:
        for workflow in self.workflows:
            if action in SIDE_EVENTS or any(t.action == action for t in workflow.transitions):
                return workflow.label(action)
        raise KeyError(action)


def record_creation(workflow: Workflow, obj, action: str, actor, note: str = "") -> None:
    """Log the event for a newly created object (its status was set on insert)."""
    transition = workflow.transition(action)
    now = utcnow()
    obj.created_at = now
    obj.response_due = workflow.due(transition.target, now)
    db.session.flush()
    db.session.add(
        WorkflowEvent(
            subject_type=workflow.subject_type,
            subject_id=obj.id,
            action=action,
            from_state=None,
            to_state=transition.target,
            actor_id=actor.id if actor else None,
            note=note,
            created_at=now,
        )
    )
    workflow_event(workflow.subject_type, obj, action)


def apply_transition(workflow: Workflow, obj, action: str, actor, note: str = "", **values) -> None:
    """Move obj along the workflow, compare-and-set on its status.

    A lost compare-and-set changed nothing: it raises and leaves the rest of the transaction alone.
    """
    transition = workflow.transition(action)
    current = obj.status
    if current not in transition.sources:
        raise TransitionRefused(
            _("Dit kan niet meer: de status is nu '%(state)s'.", state=workflow.states[current].lower())
        )
    model = type(obj)
    now = utcnow()
    target = _previous_state(workflow, obj, transition) if transition.back_to else transition.target
    result = db.session.execute(
        update(model)
        .where(model.id == obj.id, model.status == current)
        .values(status=target, response_due=workflow.due(target, now), **values)
        .execution_options(synchronize_session=False)
    )
    if changed_rows(result) != 1:
        raise TransitionRefused(_("Iemand anders was u net voor. Bekijk de nieuwe stand hieronder."))
    db.session.add(
        WorkflowEvent(
            subject_type=workflow.subject_type,
            subject_id=obj.id,
            action=action,
            due_before=obj.response_due,
            from_state=current,
            to_state=target,
            actor_id=actor.id if actor else None,
            note=note,
            created_at=now,
        )
    )
    db.session.flush()
    db.session.refresh(obj)
    workflow_event(workflow.subject_type, obj, action)


def _previous_state(workflow: Workflow, obj, transition: Transition) -> str:
    """Where obj was before it entered its current state (read from its events)."""
    previous = db.session.scalar(
        db.select(WorkflowEvent.from_state)
        .where(WorkflowEvent.subject_type == workflow.subject_type, WorkflowEvent.subject_id == obj.id,
               WorkflowEvent.to_state == obj.status)
        .order_by(WorkflowEvent.id.desc())
        .limit(1)
    )
    return previous if previous in transition.back_to else transition.target


def record_event(workflow: Workflow, obj, action: str, note: str = "", actor=None, escalated_to=None) -> None:
    """A side event on the timeline (reminder, escalation, consent); the state does not change.

    escalated_to: the person an escalation named (None: a mailbox, functioneel beheer, or no escalation)."""
    if action not in SIDE_EVENTS:
        raise KeyError(action)
    db.session.add(
        WorkflowEvent(
            subject_type=workflow.subject_type,
            subject_id=obj.id,
            action=action,
            from_state=obj.status,
            to_state=obj.status,
            actor_id=actor.id if actor else None,
            note=note,
            escalated_to_id=escalated_to.id if escalated_to is not None else None,
        )
    )
    workflow_event(workflow.subject_type, obj, action)


def timeline(workflow: Workflow, obj, *related: tuple[Workflow, Sequence[int]]) -> Sequence[WorkflowEvent]:
    """obj's events, and those of related objects (workflow, ids) in the same order of time."""
    condition = (WorkflowEvent.subject_type == workflow.subject_type) & (WorkflowEvent.subject_id == obj.id)
    for other, ids in related:
        if ids:
            condition |= (WorkflowEvent.subject_type == other.subject_type) & WorkflowEvent.subject_id.in_(ids)
    return db.session.scalars(
        db.select(WorkflowEvent)
        .where(condition)
        .options(db.joinedload(WorkflowEvent.actor))
        .order_by(WorkflowEvent.id)
    ).all()
