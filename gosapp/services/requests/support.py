"""Support tickets (SPEC §2.6): a request type with a message thread in both directions.

Questions are answered within 1 working day, complex cases within 5. The applicant keeps
writing in the same ticket until it is closed instead of opening a new one.
"""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, Field, field_validator
from sqlmodel import Session

from gosapp import routes
from gosapp.models.accounts import AccountLevel, User
from gosapp.models.requests import EventKind, Request, RequestStatus
from gosapp.services.common.audit import Actor
from gosapp.services.common.errors import NotFound
from gosapp.services.identity.roles import ROLE_LABELS
from gosapp.services.requests import lookup, timeline, workflow
from gosapp.services.requests.types import ActionWording, RequestType

TYPE_CODE = "support"
CATEGORIES = {
    "technical": "Техническая проблема",
    "information": "Запрос информации",
    "suggestion": "Предложение",
    "complaint": "Жалоба",
}
QUICK_CATEGORIES = ("information", "suggestion")  # answered within 1 working day


class SupportPayload(BaseModel):
    """The ticket's first message."""

    category: Literal["technical", "information", "suggestion", "complaint"] = Field(
        title="Категория", json_schema_extra={"choices": {**CATEGORIES}}
    )
    subject: str = Field(min_length=1, max_length=200, title="Тема")
    text: str = Field(min_length=1, max_length=4000, title="Текст обращения")

    @field_validator("subject", "text", mode="before")
    @classmethod
    def _stripped(cls, value: object) -> object:
        return value.strip() if isinstance(value, str) else value


class SupportDraft(BaseModel):
    """What «Сохранить черновик» keeps: the ticket as typed so far (checked at «Подать»)."""

    category: Literal["", "technical", "information", "suggestion", "complaint"] = ""
    subject: str = Field(default="", max_length=200)
    text: str = Field(default="", max_length=4000)


def _summary(payload: SupportPayload | SupportDraft) -> str:
    return f"{CATEGORIES.get(payload.category, 'Без темы')}: {payload.subject}"


TYPES = (
    RequestType(
        code=TYPE_CODE,
        title="Обращение в поддержку",
        cabinet="account",
        payload=SupportPayload,
        deadline_days=lambda p: 1 if p.category in QUICK_CATEGORIES else 5,
        max_documents=5,
        summary=_summary,
        draft_payload=SupportDraft,
        page=routes.SUPPORT,
        level=AccountLevel.BASIC,  # SPEC §1: support is open to every account
        deadline_word="ответ",
        short="Обращение",
        status_phrases={"approved": "решено", "rejected": "отклонено", "completed": "закрыто"},
        # A ticket is answered, not granted: staff mark it solved.
        wording={
            "approve": ActionWording(
                "Решено", "Отметить обращение решённым?", "Обращение отмечено решённым"
            )
        },
    ),
)


def own_ticket(session: Session, user: User, request_id: object) -> Request:
    """The user's own support ticket; anything else (another type, someone else's, not a
    number) looks exactly like a missing one."""
    request = lookup.own_request(session, user, request_id)
    if request.type_code != TYPE_CODE:
        raise NotFound(lookup.REQUEST_NOT_FOUND)
    return request


def post_message(
    *,
    session: Session,
    user: User,
    request_id: object,
    text: str,
    actor: Actor,
    document_ids: list[int] = (),  # type: ignore[assignment]
    now: datetime | None = None,
) -> Request:
    """The applicant writes in their own ticket. While staff wait for a clarification the
    message is the answer and the ticket goes back to work; otherwise it joins the thread
    (a closed ticket refuses: a new question needs a new ticket)."""
    ticket = own_ticket(session, user, request_id)
    if ticket.status == RequestStatus.NEEDS_INFO:
        return workflow.transition(
            session=session,
            request_id=ticket.id,
            action="answer",
            user=user,
            actor=actor,
            text=text,
            document_ids=document_ids,
            seen_status=RequestStatus.NEEDS_INFO,
            now=now,
        )
    workflow.add_message(
        session=session,
        request_id=ticket.id,
        user=user,
        text=text,
        actor=actor,
        document_ids=document_ids,
        now=now,
    )
    return ticket


def thread(*, session: Session, user: User, request_id: object) -> list[dict[str, str]]:
    """The ticket's thread as display dicts: the applicant's own text first (what they wrote
    when opening it), then its timeline (messages both ways, status changes, files); staff
    appear by role only and their internal notes never."""
    ticket = own_ticket(session, user, request_id)
    entries = [first_message(ticket), *timeline.timeline(session, ticket, for_staff=False)]
    return timeline.trim_timeline(timeline.timeline_items(entries))


def first_message(ticket: Request) -> timeline.TimelineEntry:
    """The text the ticket was opened with, as the thread's first message."""
    payload = SupportPayload.model_validate_json(ticket.payload)
    return timeline.TimelineEntry(
        at=ticket.submitted_at or ticket.created_at,
        kind=EventKind.MESSAGE.value,
        actor=ROLE_LABELS["applicant"],
        status="",
        text=payload.text,
        document_id=None,
        document_name="",
    )
