"""The medical worker's payments (issue 16 item 5, seed 003 «Финансы → Выплаты»): the
payments of a range of months with totals per month and per type, for the page and for the
CSV / PDF statement (``payments_export``).

Every read starts from ``require_worker`` and reads only ``worker_id == user.id``; anyone
without the doctor role gets NotFound, as if the section did not exist.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import TypeVar

from sqlmodel import Session, col, select

from gosapp.models.accounts import User
from gosapp.models.frmr_payments import WorkerPayment, WorkerPaymentStatus, WorkerPaymentType
from gosapp.services.common.errors import NotFound
from gosapp.services.common.money import rubles
from gosapp.services.common.months import MonthRange, first_of, month_title, parse_range, shift
from gosapp.services.frmr.portfolio import is_doctor

TYPE_LABELS = {
    WorkerPaymentType.SALARY: "Зарплата",
    WorkerPaymentType.BONUS: "Стимулирующая",
    WorkerPaymentType.DUTY: "За дежурства",
    WorkerPaymentType.OMS: "ОМС",
}
STATUS_LABELS = {
    WorkerPaymentStatus.ACCRUED: "Начислена",
    WorkerPaymentStatus.PAID: "Выплачена",
    WorkerPaymentStatus.CANCELLED: "Отменена",
}
NOT_FOUND = "Раздел «Выплаты» доступен только медицинским работникам"
LONGEST = 36  # months in one range: three years fit on one page and in one statement
DEFAULT_MONTHS = 12
K = TypeVar("K")


def require_worker(session: Session, user: User) -> None:
    """NotFound unless ``user`` is a medical worker (holds the doctor role)."""
    if not is_doctor(session, user):
        raise NotFound(NOT_FOUND)


def default_range(today: date) -> MonthRange:
    """The last twelve months, this one included."""
    end = first_of(today)
    return MonthRange(shift(end, 1 - DEFAULT_MONTHS), end)


def parse_period(query: object, today: date) -> MonthRange:
    """The range of the address (``?from=2026-01&to=2026-12``); Invalid explains a bad one."""
    return parse_range(query, default_range(today), LONGEST)


@dataclass(frozen=True)
class PaymentRow:
    """One payment, every value already text for the page and the statement."""

    id: str
    period: str
    type: str
    type_code: str
    amount: str
    paid_on: str
    status: str
    status_code: str
    employer: str
    description: str


@dataclass(frozen=True)
class Total:
    """A line of totals: what it is for, accrued (paid included) and paid, as text."""

    label: str
    accrued: str
    paid: str


@dataclass
class Statement:
    """The range's payments (newest month first) and their totals; cancelled ones are listed
    but never counted."""

    period: MonthRange
    rows: list[PaymentRow] = field(default_factory=list)
    by_month: list[Total] = field(default_factory=list)
    by_type: list[Total] = field(default_factory=list)
    accrued: str = rubles(0)
    paid: str = rubles(0)
    waiting: str = rubles(0)


def row_of(payment: WorkerPayment) -> PaymentRow:
    """One payment as text."""
    return PaymentRow(
        id=str(payment.id),
        period=month_title(payment.period.year, payment.period.month),
        type=TYPE_LABELS[WorkerPaymentType(payment.type)],
        type_code=str(payment.type),
        amount=rubles(payment.amount),
        paid_on=payment.paid_on.strftime("%d.%m.%Y") if payment.paid_on else "",
        status=STATUS_LABELS[WorkerPaymentStatus(payment.status)],
        status_code=str(payment.status),
        employer=payment.employer,
        description=payment.description,
    )


def _sums(found: list[WorkerPayment], key: Callable[[WorkerPayment], K]) -> dict[K, list[int]]:
    """Per ``key(payment)``: [accrued, paid] in kopecks, cancelled payments left out."""
    sums: dict[K, list[int]] = {}
    for p in found:
        if p.status == WorkerPaymentStatus.CANCELLED:
            continue
        pair = sums.setdefault(key(p), [0, 0])
        pair[0] += p.amount
        pair[1] += p.amount if p.status == WorkerPaymentStatus.PAID else 0
    return sums


def own_payments(session: Session, user: User, period: MonthRange) -> list[WorkerPayment]:
    """The worker's payments of the range, newest month first (checked: a medical worker)."""
    require_worker(session, user)
    query = (
        select(WorkerPayment)
        .where(WorkerPayment.worker_id == user.id)
        .where(WorkerPayment.period >= period.start, WorkerPayment.period <= period.end)
        .order_by(col(WorkerPayment.period).desc(), col(WorkerPayment.id))
    )
    return list(session.exec(query))


def statement(*, session: Session, user: User, period: MonthRange) -> Statement:
    """The worker's own payments of ``period`` with the totals per month and per type."""
    found = own_payments(session, user, period)
    months = _sums(found, lambda p: p.period)
    types = _sums(found, lambda p: WorkerPaymentType(p.type))
    accrued = sum(pair[0] for pair in months.values())
    paid = sum(pair[1] for pair in months.values())
    return Statement(
        period=period,
        rows=[row_of(p) for p in found],
        by_month=[
            Total(month_title(m.year, m.month), rubles(a), rubles(p))
            for m, (a, p) in months.items()
        ],
        by_type=[
            Total(label, rubles(types.get(kind, [0, 0])[0]), rubles(types.get(kind, [0, 0])[1]))
            for kind, label in TYPE_LABELS.items()
        ],
        accrued=rubles(accrued),
        paid=rubles(paid),
        waiting=rubles(accrued - paid),
    )
