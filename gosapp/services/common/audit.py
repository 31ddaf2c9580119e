"""Writing the append-only audit log. Callers pass no secrets, codes or medical values."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func
from sqlmodel import Session, select

from gosapp.db import IMMEDIATE, begin_write, serialize
from gosapp.models.accounts import utcnow
from gosapp.models.audit import AuditEvent

ACCESS_DENIED = "access.denied"
DENIED_LIMIT = 20  # audit rows per user and window; probing more ids is not written down
DENIED_WINDOW = timedelta(minutes=10)
DENIED_LIMIT_NOTE = "limit reached: further denials in the next 10 minutes are not logged"


@dataclass(frozen=True)
class Actor:
    """Who acts and from where: the request context every audited service receives."""

    user_id: int | None = None
    role: str = ""
    ip: str = ""
    user_agent: str = ""


ANONYMOUS = Actor()


def record(
    *,
    session: Session,
    actor: Actor,
    action: str,
    object_type: str = "",
    object_id: object = "",
    outcome: str = "ok",
    details: str = "",
) -> AuditEvent:
    """Append one event to the audit log (in the caller's transaction)."""
    event = AuditEvent(
        user_id=actor.user_id,
        role=actor.role,
        action=action,
        object_type=object_type,
        object_id=str(object_id),
        ip=actor.ip[:64],
        user_agent=actor.user_agent[:300],
        outcome=outcome,
        details=details[:1000],
    )
    session.add(event)
    return event


def access_denied(
    *,
    session: Session,
    actor: Actor,
    object_type: str,
    object_id: object,
    now: datetime | None = None,
) -> bool:
    """Audit a signed-in user asking for an object by id that is not theirs (or not there).

    The row holds the object's type and id only, and is committed at once: the caller raises
    NotFound next, which rolls its own transaction back. A caller that was only reading gets a
    write transaction of its own first (so a plain session's uncommitted writes are dropped:
    write inside ``db.transaction()``). At most ``DENIED_LIMIT`` rows per user per
    ``DENIED_WINDOW`` (counted in the database, inside the write lock), so probing ids cannot
    flood the log; the last row allowed says so. Returns whether a row was written.
    """
    if actor.user_id is None:
        return False
    now = now or utcnow()
    _ensure_writing(session)
    serialize(session, f"{ACCESS_DENIED}:{actor.user_id}")
    earlier = _denials_since(session, actor.user_id, now - DENIED_WINDOW)
    if earlier < DENIED_LIMIT:
        event = record(
            session=session,
            actor=actor,
            action=ACCESS_DENIED,
            object_type=object_type,
            object_id=str(object_id)[:64],
            outcome="denied",
            details=DENIED_LIMIT_NOTE if earlier == DENIED_LIMIT - 1 else "",
        )
        event.at = now
    session.commit()
    return earlier < DENIED_LIMIT


def _ensure_writing(session: Session) -> None:
    """Keep the caller's write transaction; turn a read into a write one (BEGIN IMMEDIATE)."""
    writing = session.in_transaction() and session.connection().get_execution_options().get(
        IMMEDIATE, False
    )
    if not writing:
        begin_write(session)


def _denials_since(session: Session, user_id: int, since: datetime) -> int:
    return session.exec(
        select(func.count())
        .select_from(AuditEvent)
        .where(
            AuditEvent.user_id == user_id,
            AuditEvent.action == ACCESS_DENIED,
            AuditEvent.at > since,
        )
    ).one()
