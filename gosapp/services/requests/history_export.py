"""Exports of the citizen's request history: CSV for Excel and a PDF table, both audited.

The rows are ``history.export_rows``: the same filter and the same ``applicant_id`` rule as the
page, capped at ``history.EXPORT_CAP``.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from sqlmodel import Session

from gosapp.models.accounts import User, utcnow
from gosapp.models.requests import RequestStatus
from gosapp.services.common.audit import Actor, record
from gosapp.services.common.csv_export import csv_bytes
from gosapp.services.common.display import full_name
from gosapp.services.common.pdf import table_report
from gosapp.services.identity.account_security import display_time
from gosapp.services.requests import history
from gosapp.services.requests.history import EXPORT_CAP, SORTS, HistoryFilter, HistoryRow
from gosapp.services.requests.workflow import STATUS_LABELS

EXPORT_COLUMNS = [
    ("Номер", 1.5),
    ("Дата подачи", 1.2),
    ("Вид обращения", 2.4),
    ("Статус", 1.2),
    ("Срок", 1.6),
    ("Файлов", 0.7),
]


def export_csv(*, session: Session, user: User, filters: HistoryFilter, actor: Actor) -> bytes:
    """The filtered history as CSV for Excel (audited as ``history.export``/csv)."""
    rows = history.export_rows(session=session, user_id=user.id, filters=filters)
    _audit(session, user, actor, "csv")
    return csv_bytes([header for header, _ in EXPORT_COLUMNS], [_cells(row) for row in rows])


def export_pdf(
    *,
    session: Session,
    user: User,
    filters: HistoryFilter,
    actor: Actor,
    now: datetime | None = None,
) -> bytes:
    """The filtered history as a PDF table (audited as ``history.export``/pdf)."""
    now = now or utcnow()
    filters = filters.normalised()
    rows = history.export_rows(session=session, user_id=user.id, filters=filters)
    _audit(session, user, actor, "pdf")
    return table_report(
        title="История обращений",
        subtitle=_subtitle(user, filters, len(rows), now),
        columns=EXPORT_COLUMNS,
        rows=[_cells(row) for row in rows],
        landscape=True,
        created_at=now,
    )


def describe(filters: HistoryFilter) -> str:
    """The filter in words, for the PDF heading: «с 01.11.2026, статус: Подано, …»."""
    parts = []
    if filters.date_from:
        parts.append(f"с {filters.date_from:%d.%m.%Y}")
    if filters.date_to:
        parts.append(f"по {filters.date_to:%d.%m.%Y}")
    if filters.type_code:
        parts.append(f"вид: {history.type_title(filters.type_code)}")
    if filters.status:
        parts.append(f"статус: {STATUS_LABELS[RequestStatus(filters.status)]}")
    order = "по убыванию" if filters.descending else "по возрастанию"
    parts.append(f"сортировка {SORTS[filters.sort]}, {order}")
    return ", ".join(parts)


def _cells(row: HistoryRow) -> list[str]:
    deadline = f"{row.deadline} (просрочено)" if row.overdue else row.deadline
    return [
        row.number,
        row.created,
        row.type_title,
        row.status_label,
        deadline,
        str(row.attachments),
    ]


def _subtitle(user: User, filters: HistoryFilter, count: int, now: datetime) -> str:
    name = full_name(user)
    capped = f" (показаны первые {EXPORT_CAP})" if count >= EXPORT_CAP else ""
    return (
        f"{name}. Отбор: {describe(filters)}. Записей: {count}{capped}. "
        f"Сформировано {display_time(now)}."
    )


def _audit(session: Session, user: User, actor: Actor, kind: str) -> None:
    record(
        session=session,
        actor=replace(actor, user_id=user.id, role=actor.role or "citizen"),
        action="history.export",
        object_type="user",
        object_id=user.id,
        details=kind,
    )
