"""The staff back office (SPEC §5): queues of requests by type, the request as staff see it, and
the staff actions, all passed to the request engine.

Every function re-checks the caller's roles itself: the pages call them from public event
handlers that any client can invoke with any arguments. Staff never see their own requests
here (they may not process them, and internal comments about them are not for their eyes).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import case, func
from sqlmodel import Session, select

from gosapp.models.accounts import PassportChange, Role, User, utcnow
from gosapp.models.requests import (
    Document,
    DocumentKind,
    EventKind,
    Request,
    RequestEvent,
    RequestStatus,
)
from gosapp.services.common.audit import Actor, record
from gosapp.services.common.errors import Invalid, NotAllowed, NotFound
from gosapp.services.common.validation import format_snils
from gosapp.services.common.workdays import local_date
from gosapp.services.identity.account_security import display_time
from gosapp.services.identity.accounts import roles_of
from gosapp.services.medical import certificates
from gosapp.services.profile import passport_check
from gosapp.services.profile.personal_data import format_phone
from gosapp.services.requests import catalog, history, support, workflow
from gosapp.services.requests.types import RequestType

S = RequestStatus
STAFF_ROLES = (Role.REGISTRAR, Role.ADMIN)
PAGE_SIZE = 50
TIMELINE_LIMIT = 150
STAFF_ACTIONS = ("claim", "ask_info", "approve", "reject", "complete")
WRITE_ACTIONS = ("comment", "message")  # staff-only note, message to the applicant
ALL_TYPES = "all"
STATUS_FILTERS = {
    "open": "Открытые",
    **{s.value: workflow.STATUS_LABELS[s] for s in S if s != S.DRAFT},
    "all": "Все",
}
ASSIGNEE_ME, ASSIGNEE_OTHER, ASSIGNEE_NONE = "вы", "другой сотрудник", "не назначено"

# Russian labels of payload keys; a payload model's own ``Field(title=...)`` wins over these.
PAYLOAD_LABELS = {
    "category": "Категория",
    "subject": "Тема",
    "text": "Текст обращения",
    "purpose": "Цель",
    "period_from": "Период с",
    "period_to": "Период по",
    "delivery": "Способ получения",
}
VALUE_LABELS = {"category": support.CATEGORIES, "delivery": certificates.DELIVERY}
HIDDEN_KEYS = {"change_id"}  # internal ids; the passport change is shown in full instead
_ISO_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")


def require_staff(session: Session, user: User) -> set[Role]:
    """The caller's roles, or NotAllowed when they hold no back-office role."""
    held = roles_of(session, user.id)
    if not held & set(STAFF_ROLES):
        raise NotAllowed()
    return held


def staff_types(held: set[Role]) -> list[RequestType]:
    """The request types a holder of ``held`` may process."""
    return [t for t in catalog.all_types() if held & set(t.staff_roles)]


# --- queues --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class QueuePage:
    """One page of a queue, as display strings."""

    rows: list[dict]
    total: int
    page: int
    pages: int


def queue_counts(*, session: Session, user: User, today: date | None = None) -> list[dict]:
    """Each processable type with its open and overdue counts (for the queue selector)."""
    types = staff_types(require_staff(session, user))
    today = today or local_date(utcnow())
    overdue = case((Request.due_on < today, 1), else_=0)
    counts = {
        code: (total, late or 0)
        for code, total, late in session.exec(
            select(Request.type_code, func.count(), func.sum(overdue))
            .where(*_open_of(user, [t.code for t in types]))
            .group_by(Request.type_code)
        )
    }
    rows = []
    for t in types:
        total, late = counts.get(t.code, (0, 0))
        rows.append({"code": t.code, "title": t.title, "open": total, "overdue": late})
    return rows


def _open_of(user: User, codes: list[str]) -> list:
    return [
        Request.type_code.in_(codes),
        Request.status.in_(workflow.OPEN_STATUSES),
        Request.applicant_id != user.id,
    ]


def queue(
    *,
    session: Session,
    user: User,
    type_code: str = ALL_TYPES,
    status: str = "open",
    mine: bool = False,
    page: int = 1,
    today: date | None = None,
) -> QueuePage:
    """Requests of one type (or all the caller's types), nearest deadline first, one page."""
    types = staff_types(require_staff(session, user))
    conditions = [
        Request.type_code.in_(_type_codes(types, type_code)),
        Request.status.in_(_statuses(status)),
        Request.applicant_id != user.id,
    ]
    if mine:
        conditions.append(Request.assignee_id == user.id)
    total = session.exec(select(func.count()).select_from(Request).where(*conditions)).one()
    pages = max(1, -(-total // PAGE_SIZE))
    page = min(max(1, _as_int(page, 1)), pages)
    rows = session.exec(
        select(Request)
        .where(*conditions)
        .order_by(Request.due_on.asc().nulls_last(), Request.submitted_at, Request.id)
        .offset((page - 1) * PAGE_SIZE)
        .limit(PAGE_SIZE)
    ).all()
    today = today or local_date(utcnow())
    replied = applicant_spoke_last(session, [r.id for r in rows])
    return QueuePage(
        [_queue_row(r, user, today, r.id in replied) for r in rows], total, page, pages
    )


def applicant_spoke_last(session: Session, request_ids: list[int]) -> set[int]:
    """The requests whose latest word is the applicant's message or answer after they were
    submitted: staff owe them a reply (staff notes and attachments do not count)."""
    if not request_ids:
        return set()
    talk = (EventKind.MESSAGE, EventKind.STATUS)
    latest = (
        select(func.max(RequestEvent.id))
        .where(RequestEvent.request_id.in_(request_ids), RequestEvent.kind.in_(talk))
        .group_by(RequestEvent.request_id)
    )
    events = session.exec(select(RequestEvent).where(RequestEvent.id.in_(latest))).all()
    return {
        e.request_id
        for e in events
        if e.actor_role == "applicant" and e.to_status not in (S.SUBMITTED, S.WITHDRAWN)
    }


def _type_codes(types: list[RequestType], type_code: str) -> list[str]:
    codes = [t.code for t in types]
    if not type_code or type_code == ALL_TYPES:
        return codes
    if type_code not in codes:
        raise Invalid("type", "Выберите вид заявления из списка")
    return [type_code]


def _statuses(status: str) -> tuple[RequestStatus, ...]:
    if status == "open":
        return workflow.OPEN_STATUSES
    if status == "all":
        return tuple(s for s in S if s != S.DRAFT)
    if status not in STATUS_FILTERS:
        raise Invalid("status", "Выберите статус из списка")
    return (S(status),)


def _queue_row(request: Request, user: User, today: date, replied: bool) -> dict:
    return {
        "id": request.id,
        "number": request.number,
        "type": catalog.get(request.type_code).title,
        "summary": request.summary,
        "submitted": display_time(request.submitted_at) if request.submitted_at else "",
        "status": workflow.STATUS_LABELS[S(request.status)],
        "status_code": S(request.status).value,
        "deadline": short_deadline(request.due_on),
        "overdue": workflow.is_overdue(request, today),
        "assignee": assignee_label(request, user),
        "replied": replied,
    }


def short_deadline(due_on: date | None) -> str:
    """«до 24.11.2026», or "" without a deadline."""
    return f"до {due_on:%d.%m.%Y}" if due_on else ""


def assignee_label(request: Request, user: User) -> str:
    """Who holds the request, as the back office says it (never a colleague's name)."""
    if request.assignee_id is None:
        return ASSIGNEE_NONE
    return ASSIGNEE_ME if request.assignee_id == user.id else ASSIGNEE_OTHER


# --- one request ---------------------------------------------------------------------------------


def visible_request(session: Session, user: User, request_id: object) -> Request:
    """A request the staff member may open: their type, and not their own."""
    require_staff(session, user)
    request = workflow.staff_request(session, user, _as_id(request_id))
    if request.applicant_id == user.id:
        raise NotAllowed("Сотрудник не может рассматривать собственное заявление")
    if request.status == S.DRAFT:
        raise NotFound(workflow.REQUEST_NOT_FOUND)
    return request


def request_detail(
    *, session: Session, user: User, request_id: object, actor: Actor, today: date | None = None
) -> dict:
    """Everything the request page shows a staff member; the view itself is audited."""
    request = visible_request(session, user, request_id)
    today = today or local_date(utcnow())
    rtype = catalog.get(request.type_code)
    held = roles_of(session, user.id)
    record(
        session=session,
        actor=Actor(user.id, staff_role_name(held), actor.ip, actor.user_agent),
        action="staff.request.view",
        object_type="request",
        object_id=request.number,
    )
    return {
        "header": _header(request, rtype, user, today),
        "applicant": _applicant(session.get(User, request.applicant_id)),
        "payload": _payload_rows(session, request, rtype),
        "documents": _documents(session, request),
        "timeline": _timeline(session, request),
        "actions": available_actions(session, request, user),
    }


def _header(request: Request, rtype: RequestType, user: User, today: date) -> dict:
    return {
        "id": str(request.id),
        "number": request.number,
        "type": rtype.title,
        "summary": request.summary,
        "status": S(request.status).value,
        "status_label": workflow.STATUS_LABELS[S(request.status)],
        "submitted": display_time(request.submitted_at) if request.submitted_at else "",
        "deadline": short_deadline(request.due_on),
        "overdue": "1" if workflow.is_overdue(request, today) else "",
        "assignee": assignee_label(request, user),
    }


def _applicant(user: User) -> list[dict[str, str]]:
    name = " ".join(p for p in (user.last_name, user.first_name, user.patronymic) if p)
    return [
        {"label": "ФИО", "value": name},
        {"label": "Дата рождения", "value": f"{user.birth_date:%d.%m.%Y}"},
        {"label": "Телефон", "value": format_phone(user.phone)},
        {"label": "E-mail", "value": user.email},
        {"label": "СНИЛС", "value": format_snils(user.snils) if user.snils else "не указан"},
    ]


def _payload_rows(session: Session, request: Request, rtype: RequestType) -> list[dict]:
    payload = workflow.payload_of(request)
    rows = render_payload(payload, rtype)
    if rtype.code == passport_check.TYPE_CODE:
        rows += _passport_rows(session, request, payload.get("change_id"))
    return rows


def render_payload(payload: dict, rtype: RequestType | None = None) -> list[dict[str, str]]:
    """A payload as label/value pairs: the model's field title, our label, or the key."""
    fields = rtype.payload.model_fields if rtype else {}
    return [
        {"label": _label(key, fields), "value": display_value(key, value)}
        for key, value in payload.items()
        if key not in HIDDEN_KEYS
    ]


def _label(key: str, fields: dict) -> str:
    title = getattr(fields.get(key), "title", None)
    return title or PAYLOAD_LABELS.get(key, key)


def display_value(key: str, value: object) -> str:
    """One payload value as text: choices by their Russian names, dates as ДД.ММ.ГГГГ."""
    if value is None or value == "" or value == []:
        return "—"
    if isinstance(value, bool):
        return "да" if value else "нет"
    if isinstance(value, list):
        return ", ".join(display_value(key, v) for v in value)
    if isinstance(value, dict):
        return "; ".join(
            f"{PAYLOAD_LABELS.get(k, k)}: {display_value(k, v)}" for k, v in value.items()
        )
    mapped = VALUE_LABELS.get(key, {}).get(str(value))
    if mapped:
        return mapped
    iso = _ISO_DATE.match(str(value))
    return f"{iso[3]}.{iso[2]}.{iso[1]}" if iso else str(value)


def _passport_rows(session: Session, request: Request, change_id: object) -> list[dict]:
    """What a passport check is about: the new data submitted, and the data in the profile."""
    applicant = session.get(User, request.applicant_id)
    change = session.get(PassportChange, change_id) if isinstance(change_id, int) else None
    rows = []
    if change is not None and change.user_id == applicant.id:
        new = (change.series, change.number, change.issued_on, change.issuer, change.division_code)
        rows.append({"label": "Новые паспортные данные", "value": _passport_text(*new)})
    current = (
        applicant.passport_series,
        applicant.passport_number,
        applicant.passport_issued_on,
        applicant.passport_issuer,
        applicant.passport_division_code,
    )
    rows.append({"label": "Паспорт в профиле", "value": _passport_text(*current) or "не указан"})
    return rows


def _passport_text(series, number, issued_on, issuer, division) -> str:
    if not (series and number):
        return ""
    issued = f", выдан {issued_on:%d.%m.%Y}" if issued_on else ""
    return f"{series} {number}{issued}, {issuer}, код подразделения {division}"


def _documents(session: Session, request: Request) -> list[dict[str, str]]:
    rows = session.exec(
        select(Document).where(Document.request_id == request.id).order_by(Document.id)
    )
    return [
        {
            "id": str(d.id),
            "name": d.original_name,
            "size": file_size(d.size),
            "kind": "выдан порталом" if d.kind == DocumentKind.ISSUED else "загружен",
            "added": display_time(d.created_at),
            "href": f"/api/documents/{d.id}",
        }
        for d in rows
    ]


def file_size(size: int) -> str:
    """«850 КБ», «1,2 МБ»."""
    if size < 1024 * 1024:
        return f"{max(1, round(size / 1024))} КБ"
    return f"{size / 1024 / 1024:.1f} МБ".replace(".", ",")


def _timeline(session: Session, request: Request) -> list[dict[str, str]]:
    """The timeline with internal comments; actors by role only, even for staff."""
    entries = workflow.timeline(session, request, for_staff=True)
    return history.trim_timeline(history.timeline_items(entries), limit=TIMELINE_LIMIT)


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


# --- acting --------------------------------------------------------------------------------------


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
    if seen_status not in {s.value for s in S}:
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


def staff_role_name(held: set[Role]) -> str:
    """The role a staff member acts in, for the audit log."""
    return Role.ADMIN.value if Role.ADMIN in held else Role.REGISTRAR.value


def _as_id(value: object) -> int:
    try:
        number = int(str(value))
    except ValueError:
        raise NotFound(workflow.REQUEST_NOT_FOUND) from None
    if number <= 0 or number > 2**62:
        raise NotFound(workflow.REQUEST_NOT_FOUND)
    return number


def _as_int(value: object, default: int) -> int:
    try:
        return int(str(value))
    except ValueError:
        return default
