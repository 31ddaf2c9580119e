"""The applicant's view of their own requests of some types (certificates, support): cards with
status, deadline, what staff asked, and whatever links the request type adds (the issued
certificate, say) through ``RequestType.card_extras``. The full timeline is on /history."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlmodel import Session, col, select

from gosapp.models.accounts import User
from gosapp.models.requests import EventKind, Request, RequestEvent, RequestStatus
from gosapp.services.requests import catalog, workflow
from gosapp.services.requests.types import CardLink

CARD_LIMIT = 30
QUESTION_PREVIEW = 600  # characters of a staff question on a card (the timeline has it all)


@dataclass
class RequestCard:
    """One request as its applicant's card shows it (``id`` is a string: it builds element ids
    and travels back in events as text)."""

    id: str
    number: str
    title: str
    summary: str
    status: str
    status_label: str
    deadline: str
    question: str = ""  # the open staff question, shortened
    needs_answer: bool = False
    can_withdraw: bool = False
    can_submit: bool = False  # a draft: «Подать»
    can_write: bool = False  # not closed yet: the applicant may still write in it
    links: list[CardLink] = field(default_factory=list)


def cards(*, session: Session, user: User, type_codes: list[str]) -> list[RequestCard]:
    """The user's latest requests of ``type_codes``, newest first."""
    rows = session.exec(
        select(Request)
        .where(Request.applicant_id == user.id, col(Request.type_code).in_(type_codes))
        .order_by(col(Request.created_at).desc(), col(Request.id).desc())
        .limit(CARD_LIMIT)
    ).all()
    return [_card(session, row) for row in rows]


def _card(session: Session, request: Request) -> RequestCard:
    rtype = catalog.get(request.type_code)
    status = RequestStatus(request.status)
    return RequestCard(
        id=str(request.id),
        number=request.number,
        title=rtype.title,
        summary=request.summary,
        status=status.value,
        status_label=workflow.STATUS_LABELS[status],
        deadline=workflow.deadline_label(request),
        question=_staff_question(session, request),
        needs_answer=status == RequestStatus.NEEDS_INFO,
        can_withdraw=status in workflow.TRANSITIONS["withdraw"].sources,
        can_submit=status in workflow.TRANSITIONS["submit"].sources,
        can_write=status not in workflow.FINAL_STATUSES,
        links=rtype.card_extras(session, request) if rtype.card_extras else [],
    )


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
        .order_by(col(RequestEvent.id).desc())
    ).first()
    text = text or ""
    return text if len(text) <= QUESTION_PREVIEW else text[: QUESTION_PREVIEW - 1] + "…"
