"""The applicant's view of their own requests of some types (certificates, support): cards with
status, deadline, what staff asked, and the issued certificate if any (all strings; the full
timeline is on /history)."""

from __future__ import annotations

from sqlmodel import Session, select

from gosapp.models.accounts import User
from gosapp.models.requests import EventKind, Request, RequestEvent, RequestStatus
from gosapp.services.medical import certificates
from gosapp.services.requests import catalog, workflow

CARD_LIMIT = 30
QUESTION_PREVIEW = 600  # characters of a staff question on a card (the timeline has it all)


def cards(*, session: Session, user: User, type_codes: list[str]) -> list[dict]:
    """The user's latest requests of ``type_codes`` as display dicts (strings only)."""
    rows = session.exec(
        select(Request)
        .where(Request.applicant_id == user.id, Request.type_code.in_(type_codes))
        .order_by(Request.created_at.desc(), Request.id.desc())
        .limit(CARD_LIMIT)
    ).all()
    return [_card(session, user, row) for row in rows]


def _card(session: Session, user: User, request: Request) -> dict:
    issued = certificates.certificate_for(session, request.id)
    return {
        "id": str(request.id),
        "number": request.number,
        "title": catalog.get(request.type_code).title,
        "summary": request.summary,
        "status": str(request.status),
        "status_label": workflow.STATUS_LABELS[RequestStatus(request.status)],
        "deadline": workflow.deadline_label(request),
        "question": _staff_question(session, request),
        "needs_answer": "1" if request.status == RequestStatus.NEEDS_INFO else "",
        "can_withdraw": "1" if request.status in workflow.TRANSITIONS["withdraw"].sources else "",
        "can_write": "" if request.status in workflow.FINAL_STATUSES else "1",
        "certificate_document": str(issued.document_id) if issued else "",
        "certificate_number": issued.number if issued else "",
        "verify_path": f"/verify/{certificates.verification_slug(issued.number)}" if issued else "",
    }


def _staff_question(session: Session, request: Request) -> str:
    """What staff asked in the latest request for clarification (shown while it is open),
    shortened so thirty cards stay a small page var."""
    if request.status != RequestStatus.NEEDS_INFO:
        return ""
    text = session.exec(
        select(RequestEvent.text)
        .where(
            RequestEvent.request_id == request.id,
            RequestEvent.kind == EventKind.STATUS,
            RequestEvent.to_status == RequestStatus.NEEDS_INFO,
        )
        .order_by(RequestEvent.id.desc())
    ).first()
    text = text or ""
    return text if len(text) <= QUESTION_PREVIEW else text[: QUESTION_PREVIEW - 1] + "…"
