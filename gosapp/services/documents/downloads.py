"""Who may download a stored document, and the audit of downloads.

The owner always; for a document attached to a request also its applicant and back-office
staff. A missing document and someone else's look the same (NotFound), and both are audited.
"""

from __future__ import annotations

from sqlmodel import Session

from gosapp.models.requests import Document, Request
from gosapp.services.common.audit import Actor, access_denied, record
from gosapp.services.common.errors import NotFound
from gosapp.services.common.validation import parse_id
from gosapp.services.documents.storage import NOT_FOUND_MESSAGE
from gosapp.services.identity.roles import BACK_OFFICE_ROLES, roles_of


def can_download(session: Session, user_id: int, document: Document) -> bool:
    """The owner; for a document attached to a request also its applicant and staff."""
    if document.owner_id == user_id:
        return True
    if document.request_id is None:
        return False
    request = session.get(Request, document.request_id)
    if request is not None and request.applicant_id == user_id:
        return True
    return bool(roles_of(session, user_id) & BACK_OFFICE_ROLES)


def document_for_download(
    *, session: Session, user_id: int, document_id: object, actor: Actor
) -> Document:
    """The document if ``user_id`` may download it; other people's downloads are audited.

    A missing document and someone else's look the same (NotFound); both are audited as
    ``access.denied`` (rate-limited, committed at once). An id that is not one is NotFound.
    """
    number = parse_id(document_id, NOT_FOUND_MESSAGE)
    document = session.get(Document, number)
    if document is None or not can_download(session, user_id, document):
        access_denied(session=session, actor=actor, object_type="document", object_id=number)
        raise NotFound(NOT_FOUND_MESSAGE)
    if document.owner_id != user_id:
        record(
            session=session,
            actor=actor,
            action="document.download",
            object_type="document",
            object_id=number,
        )
    return document
