"""Personal links and codes for the employee of a notice.

Why the code can be printed again: the "Wat gebeurt er nu?" PDF may be downloaded more than
once (a lost letter, the AD printing it again), so it must show the same link and code each
time, while the database keeps only hashes. Each link stores a random `seed`; the token and the
code are HMACs of that seed under the application's SECRET_KEY, and the stored hashes are a
SHA-256 of the token and a keyed HMAC of the code. A copy of the database alone gives neither
(the secret lives in the environment) and cannot be brute-forced offline; a slow password hash
would add nothing, since whoever has the secret and the seed can derive the code anyway. A
changed SECRET_KEY makes old links stop working: the PDF then says to ask the AD, who issues a
new link (the old one is revoked at once).
"""
from __future__ import annotations

import hashlib
import hmac
import secrets

from flask import current_app
from sqlalchemy import select, update

from portal.extensions import db
from portal.models import EmployeeAccessLink, utcnow

# No 0/O, 1/I/L: letters and digits that cannot be mistaken for each other on paper.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 8
TOKEN_LENGTH = 20


def _derive(seed: str, purpose: str) -> bytes:
    key = current_app.config["SECRET_KEY"].encode()
    return hmac.new(key, f"employee-access:{purpose}:{seed}".encode(), hashlib.sha256).digest()


def _symbols(digest: bytes, length: int) -> str:
    number = int.from_bytes(digest, "big")  # 256 bits: far more than the symbols use, so no bias to speak of
    symbols = []
    for _ in range(length):
        number, index = divmod(number, len(CODE_ALPHABET))
        symbols.append(CODE_ALPHABET[index])
    return "".join(symbols)


def token_of(link: EmployeeAccessLink) -> str:
    """20 symbols (about 99 bits), lower case: short enough to type from the letter."""
    return _symbols(_derive(link.seed, "token"), TOKEN_LENGTH).lower()


def code_of(link: EmployeeAccessLink) -> str:
    return _symbols(_derive(link.seed, "code"), CODE_LENGTH)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def code_hash(code: str) -> str:
    return _derive(code, "code-hash").hex()


def normalise_code(typed: str) -> str:
    """What people type: lower case, spaces or a dash in the middle ("abcd-efgh")."""
    return "".join(ch for ch in typed.upper() if ch.isalnum())


def code_matches(link: EmployeeAccessLink, typed: str) -> bool:
    return hmac.compare_digest(link.code_hash, code_hash(normalise_code(typed)[:CODE_LENGTH * 2]))


def active_link(notice) -> EmployeeAccessLink | None:
    return db.session.scalar(
        select(EmployeeAccessLink)
        .where(EmployeeAccessLink.notice_id == notice.id, EmployeeAccessLink.revoked_at.is_(None))
        .order_by(EmployeeAccessLink.id.desc())
        .limit(1)
    )


def issue_link(notice, actor=None, *, new_notice: bool = False) -> EmployeeAccessLink:
    """A new link and code for the notice's employee; any earlier link stops working now.
    new_notice: the notice was made in this transaction, so it has no earlier link to revoke."""
    if not new_notice:
        db.session.execute(
            update(EmployeeAccessLink)
            .where(EmployeeAccessLink.notice_id == notice.id, EmployeeAccessLink.revoked_at.is_(None))
            .values(revoked_at=utcnow())
            .execution_options(synchronize_session=False)
        )
    link = EmployeeAccessLink(notice_id=notice.id, seed=secrets.token_hex(32),
                              created_by_id=actor.id if actor is not None else None, failed_attempts=0)
    link.token_hash = token_hash(token_of(link))
    link.code_hash = code_hash(code_of(link))
    db.session.add(link)
    db.session.flush()
    return link


def find_by_token(token: str) -> EmployeeAccessLink | None:
    """The link the token names, revoked or not (the page says which); None for anything else."""
    if not token or len(token) > 64:
        return None
    typed = token.strip().lower()
    return db.session.scalar(select(EmployeeAccessLink).where(EmployeeAccessLink.token_hash == token_hash(typed)))


def printable(notice) -> tuple[str, str] | None:
    """(url path token, code) for the letter, or None when no usable link exists (the PDF then
    tells the employee to ask the AD). Checked against the stored hash: see the module text."""
    link = active_link(notice)
    if link is None or link.is_blocked or not notice.is_open:
        return None
    code = code_of(link)
    if link.token_hash != token_hash(token_of(link)) or link.code_hash != code_hash(code):
        return None
    return token_of(link), code
