"""Saving a draft's contents while the applicant types (autosave).

Only the applicant's own draft changes, and only through a conditional UPDATE
(``WHERE status = 'draft'``): a draft submitted or withdrawn from another tab is not
overwritten, the caller gets AlreadyProcessed. The payload is checked with the type's lenient
``draft_payload``; the full check happens at «Подать» (``workflow.submit_draft``).

The request pages' own forms keep and edit drafts too: ``keep_draft`` («Сохранить черновик»),
``draft_form`` («Изменить» fills the form) and ``submit_edited``.
"""

from __future__ import annotations

import json
from datetime import datetime

from sqlalchemy import CursorResult, update
from sqlmodel import Session, col, select

from gosapp.models.accounts import User, utcnow
from gosapp.models.requests import Request, RequestStatus
from gosapp.services.common.audit import Actor
from gosapp.services.requests import catalog, events, lookup, revisions, workflow
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


def draft_form(session: Session, request_id: object, user: User) -> tuple[Request, dict[str, str]]:
    """The user's own draft and its fields as the form shows them («Изменить»): every value
    a string, none for fields the draft leaves empty. Not a draft (any more): AlreadyProcessed."""
    request = lookup.own_request(session, user, request_id)
    if request.status != RequestStatus.DRAFT:
        raise AlreadyProcessed(RequestStatus(request.status))
    payload = json.loads(request.payload)
    return request, {k: "" if v is None else str(v) for k, v in payload.items()}


def keep_draft(
    *,
    session: Session,
    user: User,
    type_code: str,
    data: dict,
    actor: Actor,
    request_id: object = "",
    document_ids: list[int] = (),  # type: ignore[assignment]
) -> Request:
    """«Сохранить черновик»: a new draft of ``type_code``, or the user's draft ``request_id``
    with ``data`` and the new files. Checked leniently: the full check comes at «Подать»."""
    if not request_id:
        return workflow.create(
            session=session,
            applicant=user,
            type_code=type_code,
            data=data,
            actor=actor,
            document_ids=document_ids,
            submit=False,
        )
    request = save_draft(session=session, request_id=request_id, user=user, data=data)
    events.attach(
        session=session, request=request, user=user, document_ids=document_ids, now=utcnow()
    )
    return request


def submit_edited(
    *,
    session: Session,
    user: User,
    request_id: object,
    data: dict,
    actor: Actor,
    document_ids: list[int] = (),  # type: ignore[assignment]
) -> Request:
    """«Отправить заявление» of a draft being edited: its fields replaced (fully checked) and
    the draft submitted, in one transaction."""
    revisions.revise(
        session=session,
        request_id=request_id,
        user=user,
        data=data,
        actor=actor,
        seen_status=RequestStatus.DRAFT,
        document_ids=document_ids,
    )
    return workflow.submit_draft(session=session, request_id=request_id, user=user, actor=actor)
