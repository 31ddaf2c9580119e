"""Saving a draft's contents while the applicant types (autosave).

Only the applicant's own draft changes, and only through a conditional UPDATE
(``WHERE status = 'draft'``): a draft submitted or withdrawn from another tab is not
overwritten, the caller gets AlreadyProcessed. The payload is checked with the type's lenient
``draft_payload``; the full check happens at «Подать» (``workflow.submit_draft``).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CursorResult, update
from sqlmodel import Session, col, select

from gosapp.models.accounts import User, utcnow
from gosapp.models.requests import Request, RequestStatus
from gosapp.services.requests import catalog, lookup
from gosapp.services.requests.workflow import AlreadyProcessed


def save_draft(
    *, session: Session, request_id: object, user: User, data: dict, now: datetime | None = None
) -> Request:
    """Replace the payload of ``user``'s own draft with ``data`` (checked leniently).

    Someone else's request is NotFound, like any request the user cannot see.
    """
    now = now or utcnow()
    request = lookup.own_request(session, user, request_id)
    rtype = catalog.get(request.type_code)
    payload = rtype.parse_draft(data)
    changed: CursorResult = session.execute(  # pyright: ignore[reportAssignmentType]
        update(Request)
        .where(col(Request.id) == request.id, col(Request.status) == RequestStatus.DRAFT)
        .values(
            payload=payload.model_dump_json(),
            summary=rtype.summary(payload)[:300],  # pyright: ignore[reportArgumentType]
            updated_at=now,
        )
        .execution_options(synchronize_session=False)
    )
    if changed.rowcount != 1:
        status = session.exec(select(Request.status).where(Request.id == request.id)).one()
        raise AlreadyProcessed(RequestStatus(status))
    session.refresh(request)
    return request
