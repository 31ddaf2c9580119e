"""What НМО activities and experience periods share: the caller's staged files (checked by
content and name like portfolio files) and the request that sends a row for checking."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Session

from gosapp.models.accounts import User
from gosapp.models.requests import Document, Request
from gosapp.services.common.audit import Actor
from gosapp.services.common.errors import Invalid, NotFound
from gosapp.services.documents import storage
from gosapp.services.frmr.portfolio import check_names
from gosapp.services.requests import workflow


def staged_files(session: Session, user: User, document_ids: list[int], missing: str):
    """The caller's own staged uploads among ``document_ids`` (at least one), names checked."""
    ids = list(document_ids or [])
    documents = storage.staged_documents(session=session, owner_id=user.id, document_ids=ids)
    if not documents:
        raise Invalid("file", missing)
    if len(documents) != len(set(ids)):
        raise NotFound("Файл не найден — загрузите его заново")
    check_names(documents)
    return documents


def send_for_check(
    session: Session,
    user: User,
    *,
    type_code: str,
    payload: dict,
    documents: list[Document],
    actor: Actor,
    now: datetime,
) -> Request:
    """A submitted request of ``type_code`` carrying ``payload`` and the files."""
    return workflow.create(
        session=session,
        applicant=user,
        type_code=type_code,
        data=payload,
        actor=actor,
        document_ids=[d.id for d in documents],
        now=now,
    )
