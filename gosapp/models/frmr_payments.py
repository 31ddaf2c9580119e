"""A medical worker's payments from the employer (seed 003 «Финансы → Выплаты»): salary,
stimulating payments, on-call duties and ОМС money, month by month.

A row is one payment for one month (``period``, always the first day of that month) in
kopecks; ``paid_on`` is set once it is paid. The page reads a worker's months in a range, so
``(worker_id, period)`` is indexed.
"""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import Index, String
from sqlmodel import Field, SQLModel

from gosapp.models.accounts import utcnow


class WorkerPaymentType(StrEnum):
    """зарплата / стимулирующая / за дежурства / ОМС."""

    SALARY = "salary"
    BONUS = "bonus"
    DUTY = "duty"
    OMS = "oms"


class WorkerPaymentStatus(StrEnum):
    """начислена → выплачена, or отменена (a cancelled one never counts in the totals)."""

    ACCRUED = "accrued"
    PAID = "paid"
    CANCELLED = "cancelled"


class WorkerPayment(SQLModel, table=True):
    """One payment to a medical worker for one month. Amounts are kopecks."""

    __table_args__ = (Index("ix_workerpayment_worker_period", "worker_id", "period"),)

    id: int = Field(default=None, primary_key=True)  # None only until flush
    worker_id: int = Field(foreign_key="user.id", ondelete="CASCADE")
    period: date  # the first day of the month the payment is for
    paid_on: date | None = None
    amount: int  # kopecks
    type: WorkerPaymentType = Field(sa_type=String(12))
    status: WorkerPaymentStatus = Field(default=WorkerPaymentStatus.ACCRUED, sa_type=String(12))
    employer: str = Field(max_length=200)
    description: str = Field(default="", max_length=200)
    created_at: datetime = Field(default_factory=utcnow)


__all__ = ["WorkerPayment", "WorkerPaymentStatus", "WorkerPaymentType"]
