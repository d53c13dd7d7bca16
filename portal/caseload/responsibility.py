"""Who owns an AD's work on a given day, and who hears when it is late.

The one place that answers this for every kind of AD deadline (notices, contract-end prompts,
and follow-up tasks later), so absence and escalation work the same everywhere:

- the owner is the first one present of: the AD, the backup AD, the AD's team lead;
- a reminder goes to the owner;
- an escalation goes to the next one present after the owner; with nobody left, to the
  region's UWV mailbox, else to functioneel beheer. It never goes back to the owner. (With
  nobody present at all, the reminder and the escalation both go to that mailbox: a team.)

"Present" means an enabled user who is not absent that day.

For a new kind of AD deadline (such as follow-up tasks), in the job that sends its mails:

    r = responsibility_for_employment(employment, local_today())
    recipients, note = r.reminder()      # on the deadline; `note` goes on the timeline
    recipients, note = r.escalation()    # on escalation_date(deadline)
    step = r.further_escalation()        # on further_escalation_date(deadline); None: no rung left
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from portal.models import CaseworkerAssignment, Region, User


@dataclass(frozen=True)
class Escalation:
    """One rung of the ladder: who gets the mail, the timeline note, and the person (if it is one),
    recorded on the event so that the access rules know whom it named."""

    recipients: list[str]
    note: str
    person: User | None = None


@dataclass(frozen=True)
class Responsibility:
    day: date
    ad: User | None
    owner: User | None  # None: nobody of the chain is present
    next_in_line: User | None  # who gets the escalation, when someone does
    region: Region | None
    after_owner: tuple[User, ...] = ()  # everyone present after the owner, in the chain's order

    @property
    def covering_for(self) -> User | None:
        """The absent AD whose work the owner does now (None when the AD is present)."""
        if self.ad is not None and self.owner is not None and self.owner.id != self.ad.id:
            return self.ad
        return None

    def reminder(self) -> tuple[list[str], str]:
        """(addresses, timeline note) for the reminder on the deadline."""
        if self.owner is not None:
            return [self.owner.email], f"aan {self.owner.name}"
        return self._fallback("aan")

    def escalation(self) -> tuple[list[str], str]:
        """(addresses, timeline note) for the escalation after the deadline."""
        step = self.ladder()[0]
        return step.recipients, step.note

    def further_escalation(self) -> Escalation | None:
        """The second escalation, to the rung after the first; None when the first was the last."""
        ladder = self.ladder()
        if len(ladder) < 2:
            return None
        step = ladder[1]
        return Escalation(step.recipients, f"opnieuw {step.note}", step.person)

    def ladder(self) -> list[Escalation]:
        """The rungs of escalation after the owner: people present, the UWV mailbox, functioneel beheer."""
        rungs = [Escalation([p.email], f"naar {self._role_of(p)} {p.name}", p) for p in self.after_owner]
        if self.region is not None and self.region.uwv_email:
            rungs.append(Escalation([self.region.uwv_email],
                                    f"naar de UWV-mailbox van de regio ({self.region.uwv_email})"))
            why = "na de UWV-mailbox van de regio"
        elif rungs:
            why = "de regio heeft geen UWV-mailbox"
        else:
            why = "geen vervanger, teamleider of UWV-mailbox"
        recipients, note = self._admins("naar", why)
        rungs.append(Escalation(recipients, note))
        return rungs

    def _role_of(self, person: User) -> str:
        # The AD comes first in the chain, so the one after the owner is the backup or the team lead.
        return "teamleider" if self.ad is not None and person.id == self.ad.team_lead_id else "vervanger"

    def _fallback(self, word: str) -> tuple[list[str], str]:
        if self.region is not None and self.region.uwv_email:
            return [self.region.uwv_email], f"{word} de UWV-mailbox van de regio ({self.region.uwv_email})"
        return self._admins(word, "geen vervanger, teamleider of UWV-mailbox")

    @staticmethod
    def _admins(word: str, why: str) -> tuple[list[str], str]:
        from portal.notifications.messages import admin_emails  # messages imports this module

        return admin_emails(), f"{word} functioneel beheer: {why}"


def _present(user: User | None, day: date) -> bool:
    return user is not None and user.is_enabled and not user.is_absent_on(day)


def chain_of(assignment: CaseworkerAssignment | None) -> list[User]:
    """The AD, the backup AD and the AD's team lead, each once, in that order."""
    if assignment is None:
        return []
    people: list[User] = []
    for person in (assignment.ad, assignment.backup_ad, assignment.ad.team_lead):
        if person is not None and person.role == "ad" and all(p.id != person.id for p in people):
            people.append(person)
    return people


def responsibility_on(assignment: CaseworkerAssignment | None, region: Region | None, day: date) -> Responsibility:
    """Who owns the work of `assignment` (an employee's current AD and backup) on `day`."""
    chain = chain_of(assignment)
    present = [person for person in chain if _present(person, day)]
    owner = present[0] if present else None
    after_owner = present[1] if len(present) > 1 else None
    return Responsibility(day=day, ad=assignment.ad if assignment else None, owner=owner,
                          next_in_line=after_owner, region=region, after_owner=tuple(present[1:]))


def responsibility_for_employment(employment, day: date) -> Responsibility:
    """responsibility_on for an employment's current assignment and its workplace's region."""
    return responsibility_on(employment.employee.current_assignment, employment.location.region, day)


@dataclass(frozen=True)
class AbsentContact:
    """What the employer is told: "<ad> is afwezig tot <date>; uw contact is <contact>"."""

    ad: User
    absent_until: date
    contact: User | None  # None: nobody of the chain is present


def absent_contacts(assignments, day: date) -> list[AbsentContact]:
    """For the employer's pages: each absent AD among `assignments` once, with who covers."""
    seen: dict[tuple[int, int | None], AbsentContact] = {}
    for assignment in assignments:
        if assignment is None or not assignment.ad.is_absent_on(day):
            continue
        owner = responsibility_on(assignment, None, day).owner
        key = (assignment.ad.id, owner.id if owner else None)
        if key not in seen and assignment.ad.absent_until is not None:
            seen[key] = AbsentContact(assignment.ad, assignment.ad.absent_until, owner)
    return sorted(seen.values(), key=lambda c: (c.ad.name, c.contact.name if c.contact else ""))
