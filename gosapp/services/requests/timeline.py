"""A request's timeline: its events in order, as the viewer may see them.

Entries name roles («Регистратор»), never staff members; staff-only comments reach staff only.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session, select

from gosapp.models.requests import Document, EventKind, Request, RequestEvent, RequestStatus
from gosapp.services.identity.roles import ROLE_LABELS
from gosapp.services.requests.workflow import STATUS_LABELS


@dataclass(frozen=True)
class TimelineEntry:
    """One line of a request's timeline as the viewer may see it (roles, never staff names)."""

    at: datetime
    kind: str
    actor: str
    status: str
    text: str
    document_id: int | None
    document_name: str


def timeline(session: Session, request: Request, *, for_staff: bool = False) -> list[TimelineEntry]:
    """The request's events in order; staff-only comments only ``for_staff``."""
    query = (
        select(RequestEvent, Document)
        .join(Document, RequestEvent.document_id == Document.id, isouter=True)
        .where(RequestEvent.request_id == request.id)
        .order_by(RequestEvent.at, RequestEvent.id)
    )
    if not for_staff:
        query = query.where(RequestEvent.kind != EventKind.COMMENT)
    return [
        TimelineEntry(
            at=event.at,
            kind=str(event.kind),
            actor=ROLE_LABELS.get(event.actor_role, event.actor_role),
            status=STATUS_LABELS[RequestStatus(event.to_status)] if event.to_status else "",
            text=event.text,
            document_id=document.id if document else None,
            document_name=document.original_name if document else "",
        )
        for event, document in session.exec(query)
    ]
