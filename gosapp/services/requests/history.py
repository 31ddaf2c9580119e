"""The citizen's request history (SPEC §2.5): one journal of everything they submitted.

Only the signed-in user's own requests are ever read here: every query starts from
``Request.applicant_id == user_id``, and a timeline is opened through ``lookup.own_request``
(``timeline.request_timeline``), so someone else's request looks exactly like a missing one.
Filter values come from clients (the page's selects, the export links' query string) and are
checked here. The CSV and PDF exports of the list are ``history_export``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass, replace
from datetime import date, timedelta

from sqlalchemy import case, func
from sqlmodel import Session, col, select

from gosapp import routes
from gosapp.models.accounts import utcnow
from gosapp.models.requests import Document, Request, RequestStatus
from gosapp.services.common import workdays
from gosapp.services.common.display import display_time, local_midnight_utc
from gosapp.services.common.errors import Invalid, NotFound
from gosapp.services.common.validation import parse_date
from gosapp.services.identity.accounts import InvalidForm
from gosapp.services.requests import catalog, workflow
from gosapp.services.requests.workflow import (
    STATUS_LABELS,
)

PAGE_SIZE = 10
MAX_PAGE_SIZE = 50
EXPORT_CAP = 5000
QUERY_KEYS = ("date_from", "date_to", "type", "status", "sort", "dir")
SORTS = {"date": "по дате", "number": "по номеру", "status": "по статусу"}
# Statuses sort in the order a request lives through them, not alphabetically.
_STATUS_RANK = case(
    {status.value: rank for rank, status in enumerate(RequestStatus)},
    value=Request.status,
    else_=len(RequestStatus),
)


@dataclass(frozen=True)
class HistoryFilter:
    """What the user asked to see; dates are calendar days in the portal's time zone."""

    date_from: date | None = None
    date_to: date | None = None
    type_code: str = ""
    status: str = ""
    sort: str = "date"
    descending: bool = True

    def normalised(self) -> HistoryFilter:
        """Unknown type, status or sort values dropped (they can only come from a tampered
        client); swapped dates are put in order."""
        known_types = {t.code for t in catalog.all_types()}
        fixed = replace(
            self,
            type_code=self.type_code if self.type_code in known_types else "",
            status=self.status if self.status in set(RequestStatus) else "",
            sort=self.sort if self.sort in SORTS else "date",
            descending=bool(self.descending),
        )
        if fixed.date_from and fixed.date_to and fixed.date_to < fixed.date_from:
            fixed = replace(fixed, date_from=fixed.date_to, date_to=fixed.date_from)
        return fixed

    def as_query(self) -> dict[str, str]:
        """The filter as query-string values (what ``parse_filters`` reads back)."""
        values = {
            "date_from": self.date_from.isoformat() if self.date_from else "",
            "date_to": self.date_to.isoformat() if self.date_to else "",
            "type": self.type_code,
            "status": self.status,
            "sort": self.sort,
            "dir": "desc" if self.descending else "asc",
        }
        return {key: value for key, value in values.items() if value}


def parse_filters(raw: Mapping[str, object]) -> HistoryFilter:
    """A filter from client strings (keys as in ``HistoryFilter.as_query``).

    Bad dates raise InvalidForm with a Russian message per field; an unknown type, status or
    sort is ignored.
    """
    text = {key: str(raw.get(key) or "").strip()[:40] for key in QUERY_KEYS}
    errors: dict[str, str] = {}
    bounds: dict[str, date | None] = {}
    for name in ("date_from", "date_to"):
        try:
            bounds[name] = parse_date(text[name], name) if text[name] else None
        except Invalid as exc:
            errors[name] = exc.message
    date_from, date_to = bounds.get("date_from"), bounds.get("date_to")
    if date_from and date_to and date_to < date_from:
        errors["date_to"] = "Дата «по» раньше даты «с»"
    if errors:
        raise InvalidForm(errors)
    return HistoryFilter(
        date_from=bounds["date_from"],
        date_to=bounds["date_to"],
        type_code=text["type"],
        status=text["status"],
        sort=text["sort"] or "date",
        descending=text["dir"] != "asc",
    ).normalised()


@dataclass(frozen=True)
class HistoryRow:
    """One request as the history lists it (display strings only, no payload)."""

    id: int
    number: str
    created: str
    type_code: str
    type_title: str
    status: str
    status_label: str
    deadline: str
    overdue: bool
    attachments: int
    # a draft: where its type's page shows it with «Подать» ("" for other requests)
    continue_href: str = ""

    def display(self) -> dict[str, str]:
        """The row as a dict of strings for a page var (``overdue`` is "1" or "")."""
        values = asdict(self)
        values["overdue"] = "1" if self.overdue else ""
        return {key: str(value) for key, value in values.items()}


def list_requests(
    *,
    session: Session,
    user_id: int,
    filters: HistoryFilter,
    page: int = 1,
    page_size: int = PAGE_SIZE,
    today: date | None = None,
) -> tuple[list[HistoryRow], int]:
    """One page of the user's own requests matching ``filters`` and the total count.

    ``page`` is clamped to the pages there are (see ``clamp_page``), so a stale page number
    after a narrower filter still shows the last page instead of nothing.
    """
    filters = filters.normalised()
    page_size = max(1, min(int(page_size), MAX_PAGE_SIZE))
    conditions = _conditions(user_id, filters)
    total = session.exec(select(func.count()).select_from(Request).where(*conditions)).one()
    page = clamp_page(page, total, page_size)
    rows = _rows(session, conditions, filters, (page - 1) * page_size, page_size, today)
    return rows, total


def page_count(total: int, page_size: int = PAGE_SIZE) -> int:
    """How many pages ``total`` rows fill (at least one, the empty page)."""
    return max(1, -(-int(total) // max(1, int(page_size))))


def clamp_page(page: object, total: int, page_size: int = PAGE_SIZE) -> int:
    """A client's page number made valid: an integer from 1 to the last page."""
    try:
        number = int(page)  # type: ignore[call-overload]
    except (TypeError, ValueError):
        number = 1
    return max(1, min(number, page_count(total, page_size)))


def export_rows(
    *, session: Session, user_id: int, filters: HistoryFilter, cap: int = EXPORT_CAP
) -> list[HistoryRow]:
    """Every row of the filtered list (up to ``cap``) for CSV/PDF exports."""
    filters = filters.normalised()
    conditions = _conditions(user_id, filters)
    return _rows(session, conditions, filters, 0, max(1, min(int(cap), EXPORT_CAP)), None)


def own_request_id(*, session: Session, user_id: int, number: str) -> int | None:
    """The id of the user's own request with ``number`` (deep links), or None."""
    return session.exec(
        select(Request.id).where(
            Request.applicant_id == user_id, Request.number == str(number).strip()[:20]
        )
    ).first()


def page_of(
    *,
    session: Session,
    user_id: int,
    filters: HistoryFilter,
    request_id: int,
    page_size: int = PAGE_SIZE,
) -> int | None:
    """The page of the filtered list the user's request ``request_id`` is on (None: not in it),
    so a deep link opens it wherever it is. Reads ids only, in the list's own order."""
    filters = filters.normalised()
    page_size = max(1, min(int(page_size), MAX_PAGE_SIZE))
    ids = session.exec(
        select(Request.id).where(*_conditions(user_id, filters)).order_by(*_order(filters))
    ).all()
    try:
        return ids.index(int(request_id)) // page_size + 1
    except ValueError:
        return None


def _conditions(user_id: int, filters: HistoryFilter) -> list:
    conditions = [Request.applicant_id == int(user_id)]
    if filters.date_from:
        conditions.append(Request.created_at >= local_midnight_utc(filters.date_from))
    if filters.date_to:
        next_day = filters.date_to + timedelta(days=1)
        conditions.append(Request.created_at < local_midnight_utc(next_day))
    if filters.type_code:
        conditions.append(Request.type_code == filters.type_code)
    if filters.status:
        conditions.append(Request.status == filters.status)
    return conditions


def _order(filters: HistoryFilter) -> list:
    key = {"date": Request.created_at, "number": Request.number, "status": _STATUS_RANK}
    first = key[filters.sort]
    if filters.sort == "status":  # within one status, the newest first
        return [first.desc() if filters.descending else first.asc(), col(Request.created_at).desc()]
    tie = col(Request.id).desc() if filters.descending else col(Request.id).asc()
    return [first.desc() if filters.descending else first.asc(), tie]


def _rows(session, conditions, filters, offset, limit, today) -> list[HistoryRow]:
    attachments = (
        select(func.count(col(Document.id)))
        .where(Document.request_id == Request.id)
        .correlate(Request)
        .scalar_subquery()
    )
    found = session.exec(
        select(Request, attachments)
        .where(*conditions)
        .order_by(*_order(filters))
        .offset(offset)
        .limit(limit)
    ).all()
    today = today or workdays.local_date(utcnow())
    return [_row(request, count, today) for request, count in found]


def _row(request: Request, attachments: int, today: date) -> HistoryRow:
    status = RequestStatus(request.status)
    return HistoryRow(
        id=request.id,
        number=request.number,
        created=display_time(request.created_at),
        type_code=request.type_code,
        type_title=type_title(request.type_code),
        status=status.value,
        status_label=STATUS_LABELS[status],
        deadline=workflow.deadline_label(request),
        overdue=workflow.is_overdue(request, today),
        attachments=int(attachments or 0),
        continue_href=_continue_href(request, status),
    )


def _continue_href(request: Request, status: RequestStatus) -> str:
    """«Продолжить» of a draft: its card on the type's own page (``?open=``), or "" when the
    request is not a draft or its type has no page besides the history."""
    if status != RequestStatus.DRAFT:
        return ""
    try:
        page = catalog.get(request.type_code).page
    except NotFound:
        return ""
    return "" if page == routes.HISTORY else routes.open_on(page, request.number)


def type_title(code: str) -> str:
    """The type's title; the bare code for a type no longer offered."""
    try:
        return catalog.get(code).title
    except NotFound:
        return code


def type_choices() -> list[tuple[str, str]]:
    """(code, title) of every request type, for the type filter."""
    return [(t.code, t.title) for t in catalog.all_types()]


def status_choices() -> list[tuple[str, str]]:
    """(code, label) of every status, in lifecycle order, for the status filter."""
    return [(status.value, STATUS_LABELS[status]) for status in RequestStatus]
