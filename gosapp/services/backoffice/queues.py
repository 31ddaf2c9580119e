"""The back-office queues (SPEC §5): requests of the caller's types, nearest deadline first,
with open and overdue counts per type and a mark where the applicant spoke last."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import case, func
from sqlmodel import Session, col, select

from gosapp.models.accounts import User, utcnow
from gosapp.models.requests import EventKind, Request, RequestEvent, RequestStatus
from gosapp.services.backoffice.access import staff_types
from gosapp.services.common.display import display_time, full_name
from gosapp.services.common.errors import Invalid
from gosapp.services.common.workdays import local_date
from gosapp.services.identity.roles import require_staff
from gosapp.services.requests import catalog, workflow
from gosapp.services.requests.types import RequestType

PAGE_SIZE = 50
ALL_TYPES = "all"
STATUS_FILTERS = {
    "open": "Открытые",
    **{s.value: workflow.STATUS_LABELS[s] for s in RequestStatus if s != RequestStatus.DRAFT},
    "all": "Все",
}
ASSIGNEE_ME, ASSIGNEE_OTHER, ASSIGNEE_NONE = "вы", "другой сотрудник", "не назначено"


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
    overdue = case((col(Request.due_on) < today, 1), else_=0)
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
        col(Request.type_code).in_(codes),
        col(Request.status).in_(workflow.OPEN_STATUSES),
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
        col(Request.type_code).in_(_type_codes(types, type_code)),
        col(Request.status).in_(_statuses(status)),
        Request.applicant_id != user.id,
    ]
    if mine:
        conditions.append(Request.assignee_id == user.id)
    total = session.exec(select(func.count()).select_from(Request).where(*conditions)).one()
    pages = max(1, -(-total // PAGE_SIZE))
    page = min(max(1, _as_int(page, 1)), pages)
    rows = session.exec(
        select(Request, User)
        .join(User, col(User.id) == Request.applicant_id)
        .where(*conditions)
        .order_by(
            col(Request.due_on).asc().nulls_last(), col(Request.submitted_at), col(Request.id)
        )
        .offset((page - 1) * PAGE_SIZE)
        .limit(PAGE_SIZE)
    ).all()
    today = today or local_date(utcnow())
    replied = applicant_spoke_last(session, [r.id for r, _ in rows])
    return QueuePage(
        [_queue_row(r, who, user, today, r.id in replied) for r, who in rows], total, page, pages
    )


def applicant_spoke_last(session: Session, request_ids: list[int]) -> set[int]:
    """The requests whose latest word is the applicant's message or answer after they were
    submitted: staff owe them a reply (staff notes and attachments do not count)."""
    if not request_ids:
        return set()
    talk = (EventKind.MESSAGE, EventKind.STATUS)
    latest = (
        select(func.max(RequestEvent.id))
        .where(col(RequestEvent.request_id).in_(request_ids), col(RequestEvent.kind).in_(talk))
        .group_by(col(RequestEvent.request_id))
    )
    events = session.exec(select(RequestEvent).where(col(RequestEvent.id).in_(latest))).all()
    quiet = (RequestStatus.SUBMITTED, RequestStatus.WITHDRAWN)
    return {
        e.request_id for e in events if e.actor_role == "applicant" and e.to_status not in quiet
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
        return tuple(s for s in RequestStatus if s != RequestStatus.DRAFT)
    if status not in STATUS_FILTERS:
        raise Invalid("status", "Выберите статус из списка")
    return (RequestStatus(status),)


def _queue_row(request: Request, applicant: User, user: User, today: date, replied: bool) -> dict:
    status = RequestStatus(request.status)
    return {
        "id": request.id,
        "number": request.number,
        "applicant": full_name(applicant),
        "type": catalog.get(request.type_code).title,
        "summary": request.summary,
        "submitted": display_time(request.submitted_at) if request.submitted_at else "",
        "status": workflow.STATUS_LABELS[status],
        "status_code": status.value,
        "deadline": workflow.due_date_label(request),
        "overdue": workflow.is_overdue(request, today),
        "assignee": assignee_label(request, user),
        "replied": replied,
    }


def assignee_label(request: Request, user: User) -> str:
    """Who holds the request, as the back office says it (never a colleague's name)."""
    if request.assignee_id is None:
        return ASSIGNEE_NONE
    return ASSIGNEE_ME if request.assignee_id == user.id else ASSIGNEE_OTHER


def _as_int(value: object, default: int) -> int:
    try:
        return int(str(value))
    except ValueError:
        return default
