"""The staff actions (SPEC §5), all passed to the request engine: which ones a staff member may
take now, how each reads for a request type, and carrying them out."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Session

from gosapp.models.accounts import Role, User
from gosapp.models.requests import Request, RequestStatus
from gosapp.services.backoffice.access import visible_request
from gosapp.services.common.audit import Actor
from gosapp.services.common.errors import NotAllowed
from gosapp.services.identity.roles import roles_of
from gosapp.services.requests import catalog, workflow
from gosapp.services.requests.types import ActionWording, RequestType

STAFF_ACTIONS = ("claim", "ask_info", "approve", "reject", "complete")
WRITE_ACTIONS = ("comment", "message")  # staff-only note, message to the applicant

# The back office's words; a request type may reword any action (RequestType.wording).
WORDING = {
    "claim": ActionWording("Взять в работу", "", "Заявление взято в работу"),
    "ask_info": ActionWording(
        "Запросить уточнение", "Запросить уточнение", "Запрос уточнения отправлен"
    ),
    "approve": ActionWording("Одобрить", "Одобрить заявление?", "Заявление одобрено"),
    "reject": ActionWording("Отклонить", "Отклонить заявление?", "Заявление отклонено"),
    "complete": ActionWording("Завершить", "Завершить заявление?", "Заявление завершено"),
    "message": ActionWording("Сообщение заявителю", "Сообщение заявителю", "Сообщение отправлено"),
    "comment": ActionWording(
        "Комментарий (виден только сотрудникам)",
        "Комментарий для сотрудников",
        "Комментарий сохранён",
    ),
}


def wording(rtype: RequestType) -> dict[str, dict[str, str]]:
    """Every staff action's button, dialog question and toast for requests of ``rtype``."""
    words = {**WORDING, **rtype.wording}
    return {action: dict(words[action]._asdict()) for action in WORDING}


def available_actions(session: Session, request: Request, user: User) -> list[str]:
    """The actions the engine would accept from ``user`` now (the page shows only these)."""
    held = roles_of(session, user.id) & set(catalog.get(request.type_code).staff_roles)
    free = request.assignee_id in (None, user.id) or Role.ADMIN in held
    actions = [
        name
        for name in STAFF_ACTIONS
        if request.status in workflow.TRANSITIONS[name].sources and (name == "claim" or free)
    ]
    if request.status not in workflow.FINAL_STATUSES and free:
        actions += list(WRITE_ACTIONS)
    return actions


def no_action_reason(session: Session, request: Request, user: User) -> str:
    """Why ``user`` can do nothing with the request now, in one sentence; "" when some action
    is available (the page then shows the buttons instead)."""
    if request.applicant_id == user.id:
        return "Это ваше собственное заявление: его рассматривает другой сотрудник"
    if not roles_of(session, user.id) & set(catalog.get(request.type_code).staff_roles):
        return "Заявления этого вида рассматривают другие сотрудники"
    if available_actions(session, request, user):
        return ""
    if request.status == RequestStatus.WITHDRAWN:
        return "Заявитель отозвал заявление"
    if request.status in workflow.FINAL_STATUSES:
        return "Заявление уже решено"
    if request.assignee_id not in (None, user.id):
        return "Заявление взял в работу другой сотрудник"
    return "В этом статусе действий нет"


def perform(
    *,
    session: Session,
    user: User,
    request_id: object,
    action: str,
    seen_status: str,
    actor: Actor,
    text: str = "",
    now: datetime | None = None,
) -> Request:
    """A staff transition through the engine; ``seen_status`` is what the page showed, so a
    decision taken meanwhile by someone else raises AlreadyProcessed instead of being undone."""
    if action not in STAFF_ACTIONS:
        raise NotAllowed()
    request = visible_request(session, user, request_id)
    if seen_status not in {s.value for s in RequestStatus}:
        raise NotAllowed("Обновите страницу и повторите действие")
    return workflow.transition(
        session=session,
        request_id=request.id,
        action=action,
        user=user,
        actor=actor,
        text=str(text or ""),
        seen_status=seen_status,
        now=now,
    )


def write(
    *,
    session: Session,
    user: User,
    request_id: object,
    text: str,
    internal: bool,
    actor: Actor,
    now: datetime | None = None,
) -> None:
    """A staff-only comment (``internal``) or a message to the applicant."""
    request = visible_request(session, user, request_id)
    workflow.add_message(
        session=session,
        request_id=request.id,
        user=user,
        text=str(text or ""),
        actor=actor,
        internal=bool(internal),
        now=now,
    )
