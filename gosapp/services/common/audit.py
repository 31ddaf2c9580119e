"""Writing the append-only audit log. Callers pass no secrets, codes or medical values."""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session

from gosapp.models.audit import AuditEvent


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
