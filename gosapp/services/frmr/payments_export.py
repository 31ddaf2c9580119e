"""The medical worker's payments statement: CSV for Excel and a PDF of the chosen months, both
audited (``frmr.payments.export``). Same range and owner rule as the page
(``payments.statement``)."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Session

from gosapp.models.accounts import User, utcnow
from gosapp.services.common import pdf
from gosapp.services.common.audit import Actor, record
from gosapp.services.common.csv_export import csv_bytes
from gosapp.services.common.display import full_name
from gosapp.services.common.months import MonthRange
from gosapp.services.frmr import payments
from gosapp.services.frmr.payments import PaymentRow, Statement

COLUMNS = [
    ("Месяц", 1.3),
    ("Вид выплаты", 1.3),
    ("Сумма", 1.2),
    ("Дата выплаты", 1.1),
    ("Статус", 1.0),
    ("Работодатель", 2.2),
    ("Описание", 2.2),
]
SUMS = [("Начислено", 1.5), ("Выплачено", 1.5)]


def _cells(row: PaymentRow) -> list[str]:
    return [row.period, row.type, row.amount, row.paid_on, row.status, row.employer,
            row.description]  # fmt: skip


def _statement(session: Session, user: User, period: MonthRange, actor: Actor, kind: str):
    found = payments.statement(session=session, user=user, period=period)
    record(
        session=session,
        actor=actor,
        action="frmr.payments.export",
        object_type="user",
        object_id=user.id,
        details=f"{kind}, {period.title}, {len(found.rows)} rows",
    )
    return found


def export_csv(*, session: Session, user: User, period: MonthRange, actor: Actor) -> bytes:
    """The range's payments as CSV for Excel (UTF-8 with BOM, «;»)."""
    found = _statement(session, user, period, actor, "csv")
    return csv_bytes([name for name, _ in COLUMNS], [_cells(r) for r in found.rows])


def _totals(document: pdf.PortalPDF, found: Statement) -> None:
    """Per type (with the period's total), then per month."""
    by_type = [[t.label, t.accrued, t.paid] for t in found.by_type]
    by_type.append(["Всего за период", found.accrued, found.paid])
    pdf.report_table(document, [("Вид выплаты", 2.0), *SUMS], by_type)
    document.ln(4)
    by_month = [[t.label, t.accrued, t.paid] for t in found.by_month]
    pdf.report_table(document, [("Месяц", 2.0), *SUMS], by_month)


def export_pdf(
    *,
    session: Session,
    user: User,
    period: MonthRange,
    actor: Actor,
    now: datetime | None = None,
) -> bytes:
    """The statement of the range as a PDF: the payments, then the totals (Cyrillic font)."""
    found = _statement(session, user, period, actor, "pdf")
    title = "Выписка о выплатах медицинскому работнику"
    document = pdf.document(title, landscape=True, created_at=now or utcnow())
    document.add_page()
    subtitle = f"{full_name(user)}, {found.period.title}. Выплат: {len(found.rows)}."
    pdf.report_heading(document, title, subtitle)
    if not found.rows:
        document.cell(0, 8, "Выплат за эти месяцы нет.", new_x="LMARGIN", new_y="NEXT")
        return bytes(document.output())
    pdf.report_table(document, COLUMNS, [_cells(r) for r in found.rows])
    document.ln(6)
    pdf.report_heading(document, "Итоги", "Отменённые выплаты в итоги не входят.")
    _totals(document, found)
    return bytes(document.output())
