"""Demo payments for the demo medical workers (issue 16 item 5): a year of them — the monthly
salary and ОМС money, quarterly stimulating payments, on-call duties in some months — paid
up to last month, this month's accrued, and one stimulating payment cancelled and accrued
again. Dates are relative to today so the demo keeps its shape. Idempotent: a worker who has
any payment is left alone. (medic@ is not a medical worker yet: their application waits.)
"""

from __future__ import annotations

from datetime import date, datetime

from sqlmodel import Session, select

from gosapp.models.accounts import User, utcnow
from gosapp.models.frmr import MedicalWorkerProfile
from gosapp.models.frmr_payments import WorkerPayment, WorkerPaymentStatus, WorkerPaymentType
from gosapp.services.common.months import first_of, month_title, shift
from gosapp.services.common.workdays import local_date
from gosapp.services.demo.portfolio import _doctors

EMPLOYER = "ГБУЗ «ГКБ № 52»"
MONTHS = 12
SALARY = 7_850_000  # kopecks: 78 500,00 ₽
PAY_DAY = 5  # of the next month
CANCELLED = "Начислена с ошибкой в коэффициенте, пересчитана"


def seed_worker_payments(*, session: Session, now: datetime | None = None) -> int:
    """A year of payments for each demo medical worker who has none; how many rows."""
    today = local_date(now or utcnow())
    created = 0
    for worker in _doctors(session):
        if session.exec(select(WorkerPayment).where(WorkerPayment.worker_id == worker.id)).first():
            continue
        employer = _employer(session, worker)
        for back in range(MONTHS - 1, -1, -1):
            rows = _month(worker, employer, shift(first_of(today), -back), today)
            session.add_all(rows)
            created += len(rows)
    session.flush()
    return created


def _employer(session: Session, worker: User) -> str:
    profile = session.exec(
        select(MedicalWorkerProfile).where(MedicalWorkerProfile.user_id == worker.id)
    ).first()
    return profile.employer_name if profile else EMPLOYER


def _month(worker: User, employer: str, month: date, today: date) -> list[WorkerPayment]:
    """One month's payments: salary and ОМС always, duties in two months of three, the
    stimulating payment at the end of a quarter."""
    title = month_title(month.year, month.month).lower()
    items = [
        (WorkerPaymentType.SALARY, SALARY + (month.month % 3) * 35_000, f"Оклад за {title}"),
        (WorkerPaymentType.OMS, 1_200_000 + month.month * 45_000, "Диспансеризация по ОМС"),
    ]
    if month.month % 3 != 1:
        shifts = 2 + month.month % 3
        items.append((WorkerPaymentType.DUTY, shifts * 420_000, f"Дежурства: {shifts} смены"))
    if month.month % 3 == 0:
        items.append((WorkerPaymentType.BONUS, 2_500_000, "Стимулирующая выплата за квартал"))
    pay_on = shift(month, 1).replace(day=PAY_DAY)
    paid = pay_on <= today
    rows = [
        _payment(worker, employer, month, kind, amount, text, pay_on if paid else None)
        for kind, amount, text in items
    ]
    if month.month % 3 == 0 and paid and shift(month, 6) > first_of(today):
        rows.append(_payment(worker, employer, month, WorkerPaymentType.BONUS, 2_750_000,
                             CANCELLED, None, WorkerPaymentStatus.CANCELLED))  # fmt: skip
    return rows


def _payment(
    worker: User,
    employer: str,
    month: date,
    kind: WorkerPaymentType,
    amount: int,
    text: str,
    paid_on: date | None,
    status: WorkerPaymentStatus | None = None,
) -> WorkerPayment:
    if status is None:
        status = WorkerPaymentStatus.PAID if paid_on else WorkerPaymentStatus.ACCRUED
    return WorkerPayment(
        worker_id=worker.id,
        period=month,
        paid_on=paid_on,
        amount=amount,
        type=kind,
        status=status,
        employer=employer,
        description=text,
    )
