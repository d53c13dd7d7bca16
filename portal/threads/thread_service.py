"""Message threads: the written record between employer and AD (a notice, an "ik twijfel" question),
and employer and WSP (a refill request).

There is no function to edit or delete a message, on purpose: the thread is the archive.
"""
from __future__ import annotations

from collections.abc import Sequence

from flask_babel import gettext as _
from sqlalchemy import and_, func, select

from portal.auth.permissions import Forbidden, is_visible, thread_scope
from portal.extensions import db
from portal.models import ContractEndNotice, EarlyQuestion, Message, MessageRead, RefillRequest
from portal.notifications import messages as mail
from portal.workflows import InputRejected

MAX_LENGTH = 4000
MODELS: dict[str, type[ContractEndNotice] | type[RefillRequest] | type[EarlyQuestion]] = {
    "notice": ContractEndNotice, "refill": RefillRequest, "question": EarlyQuestion,
}


def check_may_use_thread(user, subject_type: str, subject) -> None:
    scope = thread_scope(user, subject_type)
    if scope is None or not is_visible(scope, subject):
        raise Forbidden("thread")


def thread(subject_type: str, subject) -> Sequence[Message]:
    return db.session.scalars(
        select(Message)
        .where(Message.subject_type == subject_type, Message.subject_id == subject.id)
        .options(db.joinedload(Message.author))
        .order_by(Message.id)
    ).all()


def post_message(author, subject_type: str, subject, body: str) -> Message:
    check_may_use_thread(author, subject_type, subject)
    body = body.strip()
    if not body:
        raise InputRejected({"body": _("Schrijf een bericht.")})
    if len(body) > MAX_LENGTH:
        raise InputRejected({"body": _("Gebruik hoogstens %(limit)s tekens.", limit=MAX_LENGTH)})
    message = Message(subject_type=subject_type, subject_id=subject.id, author_id=author.id, body=body)
    db.session.add(message)
    db.session.flush()
    _set_read(author, subject_type, subject.id, message.id)
    mail.new_message(subject_type, subject, author)
    db.session.flush()
    return message


def _set_read(user, subject_type: str, subject_id: int, message_id: int) -> None:
    mark = db.session.scalar(
        select(MessageRead).where(
            MessageRead.user_id == user.id, MessageRead.subject_type == subject_type,
            MessageRead.subject_id == subject_id,
        )
    )
    if mark is None:
        db.session.add(MessageRead(user_id=user.id, subject_type=subject_type, subject_id=subject_id,
                                   last_read_message_id=message_id))
    elif mark.last_read_message_id < message_id:
        mark.last_read_message_id = message_id


def mark_read(user, subject_type: str, subject, shown: Sequence[Message]) -> None:
    """The user has seen the thread up to its last message."""
    if shown and thread_scope(user, subject_type) is not None:
        _set_read(user, subject_type, subject.id, shown[-1].id)


def unread_count(user, subject_type: str) -> int:
    """Messages from others, in threads this user may use, newer than what they last read."""
    query = unread_select(user, subject_type)
    return 0 if query is None else db.session.scalar(query)


def unread_select(user, subject_type: str):
    """unread_count as a select (None: no threads of this kind), for combining into one query.
    A team lead's count is of their own work, not of every notice of the team they may open."""
    scope = thread_scope(user, subject_type, own_only=True)
    if scope is None:
        return None
    model = MODELS[subject_type]
    visible_ids = scope.with_only_columns(model.id).scalar_subquery()
    return (
        select(func.count(Message.id))
        .outerjoin(
            MessageRead,
            and_(
                MessageRead.user_id == user.id,
                MessageRead.subject_type == Message.subject_type,
                MessageRead.subject_id == Message.subject_id,
            ),
        )
        .where(
            Message.subject_type == subject_type,
            Message.subject_id.in_(visible_ids),
            Message.author_id != user.id,
            Message.id > func.coalesce(MessageRead.last_read_message_id, 0),
        )
    )


def unread_in_thread(user_id: int, subject_type: str, subject_id_column):
    """The number of messages `user_id` has not read in one thread, as a correlated subquery for a
    list row (the AD's inbox shows it per notice): one statement for the whole page."""
    # Tied to the message's own thread: the list's column sits two levels up, and SQLAlchemy only
    # correlates with the enclosing select, so naming it here read every thread's mark (an error
    # on PostgreSQL as soon as the user had read two threads).
    read = (
        select(MessageRead.last_read_message_id)
        .where(MessageRead.user_id == user_id, MessageRead.subject_type == Message.subject_type,
               MessageRead.subject_id == Message.subject_id)
        .scalar_subquery()
    )
    return (
        select(func.count(Message.id))
        .where(Message.subject_type == subject_type, Message.subject_id == subject_id_column,
               Message.author_id != user_id, Message.id > func.coalesce(read, 0))
        .scalar_subquery()
    )


def last_message_at(subject_type: str, subject_id_column):
    """When the last message of a thread was written, as a correlated subquery for a list row."""
    return (
        select(func.max(Message.created_at))
        .where(Message.subject_type == subject_type, Message.subject_id == subject_id_column)
        .scalar_subquery()
    )
