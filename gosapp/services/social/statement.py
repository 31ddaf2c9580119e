"""The payments statement: CSV for Excel and a PDF of the chosen period, both audited
(``szn.payments.export``). Same filter and owner rule as the page (``payments.payments``)."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Session

from gosapp.models.accounts import User, utcnow
from gosapp.services.common.audit import Actor, record
from gosapp.services.common.csv_export import csv_bytes
from gosapp.services.common.display import full_name
from gosapp.services.common.pdf import table_report
from gosapp.services.social import payments
from gosapp.services.social.payments import PaymentFilter, PaymentRow

COLUMNS = [
    ("Вид выплаты", 2.4),
    ("Период", 1.8),
    ("Сумма", 1.2),
    ("Статус", 1.1),
    ("№ операции", 1.4),
    ("Дата", 1.0),
]


def _cells(row: PaymentRow) -> list[str]:
    return [row.kind, row.period, row.amount, row.status, row.operation, row.paid_on or row.pay_on]


def _audit(session: Session, user: User, actor: Actor, kind: str, count: int) -> None:
    record(
        session=session,
        actor=actor,
        action="szn.payments.export",
        object_type="user",
        object_id=user.id,
        details=f"{kind}, {count} rows",
    )


def export_csv(*, session: Session, user: User, filters: PaymentFilter, actor: Actor) -> bytes:
    """The filtered payments as CSV for Excel."""
    rows = payments.payments(session=session, user=user, filters=filters)
    _audit(session, user, actor, "csv", len(rows))
    return csv_bytes([name for name, _ in COLUMNS], [_cells(r) for r in rows])


def _period(filters: PaymentFilter) -> str:
    start = filters.date_from.strftime(payments.DATE_FORMAT) if filters.date_from else "начала"
    end = filters.date_to.strftime(payments.DATE_FORMAT) if filters.date_to else "сегодня"
    return f"за период с {start} по {end}"


def export_pdf(
    *,
    session: Session,
    user: User,
    filters: PaymentFilter,
    actor: Actor,
    now: datetime | None = None,
) -> bytes:
    """The statement of the chosen period as a PDF table (Cyrillic font, every page headed)."""
    rows = payments.payments(session=session, user=user, filters=filters)
    _audit(session, user, actor, "pdf", len(rows))
    return table_report(
        title="Выписка о выплатах",
        subtitle=f"{full_name(user)}, {_period(filters)}. Выплат: {len(rows)}.",
        columns=COLUMNS,
        rows=[_cells(r) for r in rows],
        landscape=True,
        created_at=now or utcnow(),
    )
