"""A request's timeline: its events in order, as the viewer may see them, and the display
dicts the timeline component takes (trimmed to what one page var may hold).

Entries name roles («Регистратор»), never staff members; staff-only comments reach staff only.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session, col, select

from gosapp.models.accounts import User
from gosapp.models.requests import Document, EventKind, Request, RequestEvent, RequestStatus
from gosapp.services.identity.account_security import display_time
from gosapp.services.identity.roles import ROLE_LABELS
from gosapp.services.requests import lookup
from gosapp.services.requests.workflow import STATUS_LABELS

TIMELINE_LIMIT = 200  # entries pushed to the page at once (SPEC §7: at most 200 rows an event)
TIMELINE_BUDGET = 60_000  # bytes of one timeline var (SPEC §7: no state var over 64 KB)


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
    """The request's events in order; staff-only comments only ``for_staff``.

    Creating the draft is not a step: the timeline tells what happened once it was submitted
    (documents attached to a draft still appear, they go with the submission).
    """
    became_draft = (col(RequestEvent.kind) == EventKind.STATUS) & (
        col(RequestEvent.to_status) == RequestStatus.DRAFT
    )
    query = (
        select(RequestEvent, Document)
        .join(Document, col(RequestEvent.document_id) == col(Document.id), isouter=True)
        .where(RequestEvent.request_id == request.id, ~became_draft)
        .order_by(col(RequestEvent.at), col(RequestEvent.id))
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


def request_timeline(
    *, session: Session, user: User, request_id: object, limit: int = TIMELINE_LIMIT
) -> list[dict[str, str]]:
    """The timeline of the user's own request as display dicts (see ``timeline_items``),
    trimmed to ``limit`` entries (see ``trim_timeline``).

    Someone else's request, or an id that is not a number, is NotFound; staff-only comments
    never appear.
    """
    request = lookup.own_request(session, user, request_id)
    entries = timeline(session, request, for_staff=False)
    return trim_timeline(timeline_items(entries), limit=limit)


def trim_timeline(
    items: list[dict[str, str]], *, limit: int = TIMELINE_LIMIT, budget: int = TIMELINE_BUDGET
) -> list[dict[str, str]]:
    """A long timeline as the page can hold it: the first entry (how it started), a line
    saying how many were skipped, and the latest entries that fit in ``limit`` rows and
    ``budget`` bytes."""
    if len(items) <= limit and _size(items) <= budget:
        return items
    room = budget - _size(items[:1]) - 200  # the note's share
    latest: list[dict[str, str]] = []
    for item in reversed(items[1:]):
        room -= _size([item])
        if len(latest) >= max(0, limit - 2) or room < 0:
            break
        latest.append(item)
    skipped = len(items) - 1 - len(latest)
    note = {
        "at": "",
        "actor": ROLE_LABELS["system"],
        "status": "",
        "text": f"… пропущено событий: {skipped}",
        "document_id": "",
        "document_name": "",
        "kind": "status",
    }
    return [items[0], note, *reversed(latest)]


def _size(items: list[dict[str, str]]) -> int:
    """Bytes of ``items`` as the browser receives them (JSON, UTF-8)."""
    return len(json.dumps(items, ensure_ascii=False).encode())


def timeline_items(entries: list[TimelineEntry]) -> list[dict[str, str]]:
    """Timeline entries as the timeline component takes them: all strings, ``at`` as
    «22.11.2026 14:05» in the portal's time zone, ``document_id`` "" when there is none."""
    return [
        {
            "at": display_time(entry.at),
            "actor": entry.actor,
            "status": entry.status,
            "text": entry.text,
            "document_id": str(entry.document_id) if entry.document_id else "",
            "document_name": entry.document_name,
            "kind": entry.kind,
        }
        for entry in entries
    ]
