"""The person of the portal on whose behalf a client takes a workflow step.

Workflow steps belong to people: the employer sees which AD read the notice, the region which
adviser holds the request. A client therefore names the person (by e-mail, in the body, never in
the URL); the services then check that person exactly as on the screens.
"""
from __future__ import annotations

from sqlalchemy import func, select

from portal.api.problems import ApiProblem
from portal.auth.permissions import may_act_for
from portal.extensions import db
from portal.models import ApiClient, User

ACTING_FIELD = {"ad": "arbeidsdeskundige", "wsp": "adviseur"}


def acting_user(client: ApiClient, email: str, role: str) -> User:
    user = db.session.scalar(select(User).where(func.lower(User.email) == email.strip().lower()))
    if not may_act_for(client, user, role):
        field = ACTING_FIELD[role]
        raise ApiProblem(422, "Deze persoon kan deze stap niet zetten via deze koppeling.",
                         {field: "Geen actieve gebruiker met deze rol binnen het bereik van de koppeling."})
    return user  # type: ignore[return-value]  # may_act_for refused None
