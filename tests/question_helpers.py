"""Shared by the "ik twijfel" tests (issue 16.3)."""
from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from portal.extensions import db
from portal.formatting import local_today
from portal.models import EarlyQuestion, OutboxEmail
from portal.questions import question_service as questions
from portal.unit_of_work import unit_of_work

WORRY = "Het werk gaat minder goed sinds de verhuizing naar de nieuwe hal."


def ask(world, employment=None, worry: str = WORRY, employer=None, days_ahead: int = 30) -> EarlyQuestion:
    with unit_of_work():
        question = questions.ask(employer or world.employer_a, employment or world.emp_a1, worry,
                                 local_today() + timedelta(days=days_ahead), local_today())
    return db.session.get(EarlyQuestion, question.id)


def fresh(question: EarlyQuestion) -> EarlyQuestion:
    db.session.expire_all()
    return db.session.get(EarlyQuestion, question.id)


def mails(kind: str | None = None):
    query = select(OutboxEmail).order_by(OutboxEmail.id)
    if kind is not None:
        query = query.where(OutboxEmail.kind == kind)
    return db.session.scalars(query).all()
