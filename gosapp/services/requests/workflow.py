"""The request engine (SPEC §5): one state machine for everything citizens submit.

Every change appends a RequestEvent; the request row changes only its status/assignee, and only
through a conditional UPDATE (``WHERE status = <what the actor saw>``), so when two people act
at once exactly one wins and the other is told the request was already processed.

Beside it: ``numbering`` (yearly numbers), ``lookup`` (finding a request for whoever asks),
``events`` (appending events, attaching documents) and ``timeline`` (reading the events back).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime
from typing import Literal

from sqlalchemy import update
from sqlmodel import Session, select

from gosapp.models.accounts import Role, User, utcnow
from gosapp.models.requests import (
    EventKind,
    Request,
    RequestEvent,
    RequestStatus,
)
from gosapp.services.common import workdays
from gosapp.services.common.audit import Actor, record
from gosapp.services.common.display import short_deadline
from gosapp.services.common.errors import DomainError, Invalid, NotAllowed
from gosapp.services.identity.levels import require_level
from gosapp.services.identity.roles import acting_role, roles_of
from gosapp.services.requests import catalog, events, lookup, notices, numbering
from gosapp.services.requests.types import RequestType

S = RequestStatus
STATUS_LABELS = {
    S.DRAFT: "Черновик",
    S.SUBMITTED: "Подано",
    S.IN_PROGRESS: "В обработке",
    S.NEEDS_INFO: "Требует уточнения",
    S.APPROVED: "Одобрено",
    S.REJECTED: "Отклонено",
    S.COMPLETED: "Завершено",
    S.WITHDRAWN: "Отозвано",
}
OPEN_STATUSES = (S.SUBMITTED, S.IN_PROGRESS, S.NEEDS_INFO)
FINAL_STATUSES = (S.COMPLETED, S.WITHDRAWN)
MAX_TEXT = 4000


class AlreadyProcessed(DomainError):
    """Someone else changed the request first; the page shows stale data."""

    def __init__(self, status: RequestStatus):
        super().__init__(
            f"Заявление уже обработано: сейчас его статус «{STATUS_LABELS[status]}». "
            "Обновите страницу."
        )


@dataclass(frozen=True)
class Transition:
    """Who may move a request from ``sources`` to ``target``; ``needs_text`` is the message
    shown when the action requires a comment and none was given."""

    sources: tuple[RequestStatus, ...]
    target: RequestStatus
    by: Literal["applicant", "staff"]
    needs_text: str = ""


TRANSITIONS: dict[str, Transition] = {
    "submit": Transition((S.DRAFT,), S.SUBMITTED, "applicant"),
    "withdraw": Transition((S.DRAFT, *OPEN_STATUSES), S.WITHDRAWN, "applicant"),
    "claim": Transition((S.SUBMITTED,), S.IN_PROGRESS, "staff"),
    "ask_info": Transition(
        (S.IN_PROGRESS,), S.NEEDS_INFO, "staff", "Напишите, что заявителю нужно уточнить"
    ),
    "answer": Transition(
        (S.NEEDS_INFO,), S.IN_PROGRESS, "applicant", "Напишите ответ или приложите файл"
    ),
    "approve": Transition((S.IN_PROGRESS,), S.APPROVED, "staff"),
    "reject": Transition((S.IN_PROGRESS,), S.REJECTED, "staff", "Укажите причину отказа"),
    "complete": Transition((S.APPROVED, S.REJECTED), S.COMPLETED, "staff"),
    # a rejected request fixed and sent again (types with ``resubmittable``; see ``revisions``)
    "resubmit": Transition((S.REJECTED,), S.SUBMITTED, "applicant"),
}


# --- creating and submitting ---------------------------------------------------------------------


def create(
    *,
    session: Session,
    applicant: User,
    type_code: str,
    data: dict,
    actor: Actor,
    document_ids: list[int] = (),  # type: ignore[assignment]
    submit: bool = True,
    now: datetime | None = None,
) -> Request:
    """A new request of ``type_code`` (submitted at once unless ``submit`` is False).

    Raises InvalidForm for a bad payload, DomainError for bad or missing documents, and
    NotAllowed when the applicant's account is below the type's level.
    """
    now = now or utcnow()
    rtype = catalog.get(type_code)
    require_level(applicant, rtype.level, rtype.title)
    payload = rtype.parse(data) if submit else rtype.parse_draft(data)
    request = Request(
        number=numbering.next_number(session, "ОБР", now),
        type_code=rtype.code,
        applicant_id=applicant.id,
        payload=payload.model_dump_json(),
        summary=rtype.summary(payload)[:300],
        created_at=now,
        updated_at=now,
    )
    session.add(request)
    session.flush()
    events.append_event(
        session, request, EventKind.STATUS, applicant.id, "applicant", now, to=S.DRAFT
    )
    events.attach(
        session=session, request=request, user=applicant, document_ids=document_ids, now=now
    )
    if submit:
        transition(
            session=session,
            request_id=request.id,
            action="submit",
            user=applicant,
            actor=actor,
            now=now,
        )
    record(
        session=session,
        actor=actor,
        action=f"request.create.{rtype.code}",
        object_type="request",
        object_id=request.number,
    )
    return request


def submit_draft(
    *,
    session: Session,
    request_id: object,
    user: User,
    actor: Actor,
    now: datetime | None = None,
) -> Request:
    """Submit the user's own draft («Подать»): the engine's draft → submitted transition,
    so the deadline starts, staff see it and the level is checked again. A request that is
    no longer a draft (submitted from another tab, withdrawn) raises AlreadyProcessed;
    someone else's is NotFound, like any request the user cannot see."""
    return transition(
        session=session,
        request_id=request_id,
        action="submit",
        user=user,
        actor=actor,
        seen_status=S.DRAFT,
        now=now,
    )


# --- the state machine ---------------------------------------------------------------------------


def transition(
    *,
    session: Session,
    request_id: object,
    action: str,
    user: User,
    actor: Actor,
    text: str = "",
    document_ids: list[int] = (),  # type: ignore[assignment]
    seen_status: RequestStatus | str | None = None,
    now: datetime | None = None,
) -> Request:
    """Apply ``action`` to the request as ``user``; every rule is checked here, whoever calls.

    ``seen_status`` is the status the user's page showed: if the request moved on since,
    AlreadyProcessed is raised instead of acting on stale information.
    """
    now = now or utcnow()
    rule = TRANSITIONS.get(action)
    if rule is None:
        raise NotAllowed()
    request = lookup.find_request(session, user, request_id)
    rtype = catalog.get(request.type_code)
    role = _role_for(session, user, request, rtype, rule)
    if action == "resubmit" and not rtype.resubmittable:
        raise NotAllowed()
    if action in ("submit", "resubmit"):  # a draft kept from before a level was required
        require_level(user, rtype.level, rtype.title)
    expected = RequestStatus(seen_status) if seen_status else RequestStatus(request.status)
    if request.status != expected:
        raise AlreadyProcessed(RequestStatus(request.status))
    if expected not in rule.sources:
        raise NotAllowed(f"Это действие недоступно в статусе «{STATUS_LABELS[expected]}»")
    text = _clean_text(text)
    if rule.needs_text and not text and not (action == "answer" and document_ids):
        raise Invalid("text", rule.needs_text)
    _switch(session, request, expected, rule.target, user, action, now)
    events.attach(session=session, request=request, user=user, document_ids=document_ids, now=now)
    outcome = _run_outcome(session, request, rtype, actor, now) if action == "approve" else ""
    event_text = "\n".join(part for part in (text, outcome) if part)
    events.append_event(
        session, request, EventKind.STATUS, user.id, role, now,
        source=expected, to=rule.target, text=event_text,
    )  # fmt: skip
    _notify(session, request, rule, action, event_text)
    record(
        session=session,
        actor=Actor(user.id, role, actor.ip, actor.user_agent),
        action=f"request.{action}",
        object_type="request",
        object_id=request.number,
    )
    return request


def _role_for(
    session: Session, user: User, request: Request, rtype: RequestType, rule: Transition
) -> str:
    """The role ``user`` acts in, or NotAllowed/NotFound. Applicants never learn that someone
    else's request exists; staff never process their own requests."""
    if rule.by == "applicant":
        if request.applicant_id != user.id:
            raise lookup.denied(session, user, request.id)
        return "applicant"
    held = roles_of(session, user.id) & set(rtype.staff_roles)
    if not held:
        if request.applicant_id == user.id:
            raise NotAllowed()
        raise lookup.denied(session, user, request.id)
    if request.applicant_id == user.id:
        raise NotAllowed("Сотрудник не может рассматривать собственное заявление")
    is_admin = Role.ADMIN in held
    taken_by_other = request.assignee_id not in (user.id, None)
    if rule.sources != (S.SUBMITTED,) and taken_by_other and not is_admin:
        raise NotAllowed("Заявление в работе у другого сотрудника")
    return acting_role(held).value


def _notify(session, request, rule: Transition, action: str, event_text: str) -> None:
    """Staff's actions tell the applicant (with the text); the applicant's tell the assignee."""
    if rule.by == "staff":
        notices.notify_applicant(session, request, rule.target, event_text)
        return
    notices.notify_applicant(session, request, rule.target, "")
    fixed = action == "resubmit"
    news = "заявитель исправил заявление" if fixed else "заявитель ответил на вопрос"
    notices.notify_assignee(session, request, news)


def _switch(session, request, source, target, user, action, now) -> None:
    """The conditional UPDATE: only one of two concurrent actors finds the row unchanged."""
    values: dict = {"status": target, "updated_at": now}
    if action == "claim":
        values["assignee_id"] = user.id
    if target == S.SUBMITTED:
        values["submitted_at"] = now
        rtype = catalog.get(request.type_code)
        values["due_on"] = rtype.due_on(rtype.parse(json.loads(request.payload)), now)
        values["decided_at"] = None  # a resubmitted request awaits a new decision
    if target in (S.APPROVED, S.REJECTED):
        values["decided_at"] = now
    changed = session.execute(
        update(Request)
        .where(Request.id == request.id, Request.status == source)
        .values(**values)
        .execution_options(synchronize_session=False)
    )
    if changed.rowcount != 1:
        now_status = session.exec(select(Request.status).where(Request.id == request.id)).one()
        raise AlreadyProcessed(RequestStatus(now_status))
    session.refresh(request)


def _run_outcome(session, request, rtype: RequestType, actor: Actor, now) -> str:
    if rtype.on_approve is None:
        return ""
    payload = rtype.parse(json.loads(request.payload))
    return rtype.on_approve(session, request, payload, actor, now)


# --- messages ------------------------------------------------------------------------------------


def add_message(
    *,
    session: Session,
    request_id: object,
    user: User,
    text: str,
    actor: Actor,
    document_ids: list[int] = (),  # type: ignore[assignment]
    internal: bool = False,
    now: datetime | None = None,
) -> RequestEvent | None:
    """A message in the request's thread (both directions), or a staff-only ``internal`` note;
    None when only documents were sent (each of them gets its own timeline entry).

    An applicant's message on a request awaiting clarification is their answer: use
    ``transition(action="answer")`` for that; here the status never changes.
    """
    now = now or utcnow()
    request = lookup.find_request(session, user, request_id)
    rtype = catalog.get(request.type_code)
    is_applicant = request.applicant_id == user.id
    if is_applicant and not internal:
        role = "applicant"
    else:
        role = _role_for(session, user, request, rtype, TRANSITIONS["complete"])
    if request.status in FINAL_STATUSES:
        raise NotAllowed("Заявление закрыто — создайте новое обращение")
    text = _clean_text(text)
    if not text and not document_ids:
        raise Invalid("text", "Напишите сообщение")
    events.attach(session=session, request=request, user=user, document_ids=document_ids, now=now)
    kind = EventKind.COMMENT if internal else EventKind.MESSAGE
    event = (
        events.append_event(session, request, kind, user.id, role, now, text=text) if text else None
    )
    if role == "applicant":
        notices.notify_assignee(session, request, "новое сообщение заявителя")
    elif not internal:
        notices.notify_applicant(session, request, None, text)
    record(
        session=session,
        actor=Actor(user.id, role, actor.ip, actor.user_agent),
        action="request.comment" if internal else "request.message",
        object_type="request",
        object_id=request.number,
    )
    return event


# --- reading -------------------------------------------------------------------------------------


def payload_of(request: Request) -> dict:
    """The request's typed payload as plain data (for display)."""
    return json.loads(request.payload)


def deadline_label(request: Request) -> str:
    """«решение до 24.11.2026» (or the type's word: «ответ до …» for support) while the request
    waits for a decision; "" before submission and once it is decided, closed or withdrawn."""
    if request.due_on is None or request.status not in OPEN_STATUSES:
        return ""
    return workdays.format_deadline(request.due_on, catalog.get(request.type_code).deadline_word)


def due_date_label(request: Request) -> str:
    """«до 24.11.2026» (the back office's short form) while a decision is due; "" for a draft
    and once the request is decided, closed or withdrawn (its old due date no longer binds)."""
    return short_deadline(request.due_on) if request.status in OPEN_STATUSES else ""


def is_overdue(request: Request, today: date) -> bool:
    """An open request past its decision date."""
    return request.status in OPEN_STATUSES and request.due_on is not None and request.due_on < today


# --- internals -----------------------------------------------------------------------------------


def _clean_text(text: str) -> str:
    text = (text or "").strip()
    if len(text) > MAX_TEXT:
        raise Invalid("text", f"Сообщение длиннее {MAX_TEXT} символов")
    return text
