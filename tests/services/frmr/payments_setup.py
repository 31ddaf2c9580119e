"""Arranging a medical worker's payments in tests: rows straight in the table, committed."""

from __future__ import annotations

from datetime import date

from sqlmodel import Session

from gosapp.models.accounts import User
from gosapp.models.frmr_payments import WorkerPayment, WorkerPaymentStatus, WorkerPaymentType

SALARY, BONUS, DUTY, OMS = (
    WorkerPaymentType.SALARY,
    WorkerPaymentType.BONUS,
    WorkerPaymentType.DUTY,
    WorkerPaymentType.OMS,
)
ACCRUED, PAID, CANCELLED = (
    WorkerPaymentStatus.ACCRUED,
    WorkerPaymentStatus.PAID,
    WorkerPaymentStatus.CANCELLED,
)


def pay(
    session: Session,
    worker: User,
    month: date,
    amount: int,
    kind: WorkerPaymentType = SALARY,
    status: WorkerPaymentStatus = PAID,
    text: str = "",
) -> WorkerPayment:
    """One payment of ``worker`` for ``month`` (kopecks); a paid one was paid on the 5th after."""
    paid_on = date(month.year + month.month // 12, month.month % 12 + 1, 5)
    row = WorkerPayment(
        worker_id=worker.id,
        period=month,
        paid_on=paid_on if status == PAID else None,
        amount=amount,
        type=kind,
        status=status,
        employer="ГБУЗ «ГКБ № 52»",
        description=text,
    )
    session.add(row)
    session.commit()
    return row


def a_year(session: Session, worker: User) -> None:
    """2026: salary 80 000 ₽ monthly (December accrued), ОМС 10 000 ₽ in March, a quarter's
    stimulating 25 000 ₽ in March and a cancelled one of 30 000 ₽, duties 12 600 ₽ in May."""
    for month in range(1, 13):
        pay(session, worker, date(2026, month, 1), 8_000_000, SALARY,
            ACCRUED if month == 12 else PAID, f"Оклад за {month:02d}.2026")  # fmt: skip
    pay(session, worker, date(2026, 3, 1), 1_000_000, OMS, PAID, "Диспансеризация")
    pay(session, worker, date(2026, 3, 1), 2_500_000, BONUS, PAID, "За квартал")
    pay(session, worker, date(2026, 3, 1), 3_000_000, BONUS, CANCELLED, "Ошибка")
    pay(session, worker, date(2026, 5, 1), 1_260_000, DUTY, ACCRUED, "Дежурства: 3 смены")
