"""API keys of the laboratories that post results to ``/api/v1/lab-results`` (SPEC §6).

One key per laboratory, ``lab_<prefix>_<secret>``: the prefix (8 hex digits) is stored as it is
so that keys can be told apart in lists and found without scanning; the whole key is stored only
as its keyed hash (``identity.tokens``), so a copy of the table authenticates nobody. The key
exists in clear only in the answer to ``create`` / ``rotate`` — the CLI prints it once.
Rotating replaces the hash in place (the old key stops working at once and the laboratory keeps
its results); revoking stops the key until the laboratory is given a new one by ``rotate``.
Functions flush but never commit: the caller owns the transaction.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session, col, select

from gosapp.models.accounts import utcnow
from gosapp.models.labs import Laboratory
from gosapp.services.common.audit import Actor, record
from gosapp.services.common.errors import Invalid, NotFound
from gosapp.services.identity import tokens

KEY_PREFIX = "lab"
PREFIX_BYTES = 4  # 8 hex digits
NAME_MAX = 160
NAME_TAKEN = "Лаборатория с таким названием уже есть"
NO_SUCH_LAB = "Нет лаборатории с таким названием"


@dataclass(frozen=True)
class LabKeyInfo:
    """A laboratory as ``gosapp lab-key list`` shows it: never the key itself."""

    name: str
    key_prefix: str
    created_at: datetime
    revoked_at: datetime | None

    @property
    def active(self) -> bool:
        """Whether the laboratory's key works."""
        return self.revoked_at is None


def new_key() -> tuple[str, str]:
    """A fresh ``(prefix, key)``: 32 bytes of CSPRNG secret behind a short public prefix."""
    prefix = secrets.token_hex(PREFIX_BYTES)
    return prefix, f"{KEY_PREFIX}_{prefix}_{tokens.new_token()}"


def prefix_of(key: str) -> str | None:
    """The public prefix of a well-formed key, else None (then nothing is looked up)."""
    head, _, rest = key.partition("_")
    prefix, _, secret = rest.partition("_")
    if head != KEY_PREFIX or len(prefix) != 2 * PREFIX_BYTES or not secret:
        return None
    if any(c not in "0123456789abcdef" for c in prefix):
        return None
    return prefix


def create(*, session: Session, name: str, actor: Actor) -> tuple[Laboratory, str]:
    """A new laboratory with its key; the key is returned once and stored only hashed."""
    clean = " ".join(name.split())
    if not clean or len(clean) > NAME_MAX:
        raise Invalid("name", f"Название лаборатории: от 1 до {NAME_MAX} символов")
    if _find(session, clean) is not None:
        raise Invalid("name", NAME_TAKEN)
    prefix, key = new_key()
    lab = Laboratory(name=clean, key_prefix=prefix, key_hash=tokens.token_hash(key))
    session.add(lab)
    session.flush()
    _audit(session, actor, "lab_key.create", lab)
    return lab, key


def rotate(*, session: Session, name: str, actor: Actor) -> str:
    """A new key for the laboratory (the old one stops working; a revoked lab works again)."""
    lab = _existing(session, name)
    lab.key_prefix, key = new_key()
    lab.key_hash = tokens.token_hash(key)
    lab.revoked_at = None
    session.add(lab)
    session.flush()
    _audit(session, actor, "lab_key.rotate", lab)
    return key


def revoke(*, session: Session, name: str, actor: Actor) -> bool:
    """Stop the laboratory's key; False when it was already revoked."""
    lab = _existing(session, name)
    if lab.revoked_at is not None:
        return False
    lab.revoked_at = utcnow()
    session.add(lab)
    session.flush()
    _audit(session, actor, "lab_key.revoke", lab)
    return True


def list_labs(*, session: Session) -> list[LabKeyInfo]:
    """Every laboratory by name, with its key's prefix and state."""
    rows = session.exec(select(Laboratory).order_by(col(Laboratory.name))).all()
    return [LabKeyInfo(r.name, r.key_prefix, r.created_at, r.revoked_at) for r in rows]


def authenticate(*, session: Session, key: str) -> Laboratory | None:
    """The laboratory whose live key ``key`` is; None for anything else.

    Found by the public prefix, then the keyed hash is compared in constant time.
    """
    prefix = prefix_of(key)
    if prefix is None:
        return None
    candidates = session.exec(
        select(Laboratory).where(
            col(Laboratory.key_prefix) == prefix, col(Laboratory.revoked_at).is_(None)
        )
    ).all()
    return next((lab for lab in candidates if tokens.matches(key, lab.key_hash)), None)


def install(*, session: Session, name: str, key: str) -> Laboratory:
    """A laboratory with exactly this key (demo data only: its key is public)."""
    prefix = prefix_of(key)
    if prefix is None:
        raise ValueError("not a laboratory key")
    lab = _find(session, name) or Laboratory(name=name)
    lab.key_prefix, lab.key_hash, lab.revoked_at = prefix, tokens.token_hash(key), None
    session.add(lab)
    session.flush()
    return lab


def _find(session: Session, name: str) -> Laboratory | None:
    return session.exec(select(Laboratory).where(col(Laboratory.name) == name)).first()


def _existing(session: Session, name: str) -> Laboratory:
    lab = _find(session, " ".join(name.split()))
    if lab is None:
        raise NotFound(NO_SUCH_LAB)
    return lab


def _audit(session: Session, actor: Actor, action: str, lab: Laboratory) -> None:
    record(session=session, actor=actor, action=action, object_type="laboratory", object_id=lab.id)
