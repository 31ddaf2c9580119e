"""A request's event log: appending an event, and attaching documents (one event each).

Events are only ever appended; what the applicant sees of them is ``timeline``'s business.
"""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Session, col, select

from gosapp.models.accounts import Role, User
from gosapp.models.requests import Document, DocumentKind, EventKind, Request, RequestEvent
from gosapp.services.common.errors import DomainError, NotFound
from gosapp.services.documents import storage
from gosapp.services.identity.roles import acting_role, roles_of
from gosapp.services.requests import catalog


def attach(
    *, session: Session, request: Request, user: User, document_ids, now: datetime
) -> list[Document]:
    """Attach the user's own staged uploads to ``request`` (one timeline entry each)."""
    ids = list(dict.fromkeys(int(i) for i in document_ids))
    if not ids:
        return []
    query = select(Document).where(
        col(Document.id).in_(ids),
        Document.owner_id == user.id,
        col(Document.request_id).is_(None),
        Document.kind == DocumentKind.UPLOAD,
    )
    documents = list(session.exec(query).all())
    if len(documents) != len(ids):
        raise NotFound("Файл не найден — загрузите его заново")
    storage.check_submission(documents)
    already = _document_count(session, request.id)
    if already + len(documents) > catalog.get(request.type_code).max_documents:
        raise DomainError("Слишком много файлов для этого заявления")
    role = "applicant" if user.id == request.applicant_id else _event_role(session, user)
    for document in documents:
        document.request_id = request.id
        session.add(document)
        append_event(session, request, EventKind.DOCUMENT, user.id, role, now, document=document)
    return documents


def append_event(
    session: Session,
    request: Request,
    kind: EventKind,
    actor_id: int | None,
    role: str,
    now: datetime,
    *,
    source=None,
    to=None,
    text: str = "",
    document: Document | None = None,
) -> RequestEvent:
    """Append one event to the request's log (``source``/``to``: a status change)."""
    event = RequestEvent(
        request_id=request.id,
        at=now,
        kind=kind,
        actor_id=actor_id,
        actor_role=role,
        from_status=source or "",
        to_status=to or "",
        text=text,
        document_id=document.id if document else None,
    )
    session.add(event)
    session.flush()
    return event


def _event_role(session: Session, user: User) -> str:
    role = acting_role(roles_of(session, user.id))
    return "applicant" if role == Role.CITIZEN else role.value


def _document_count(session: Session, request_id: int) -> int:
    return len(session.exec(select(Document.id).where(Document.request_id == request_id)).all())
