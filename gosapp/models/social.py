"""The social-protection cabinet (СЗН, SPEC §4): the citizen's connection to it (with the
consent to personal-data processing) and the payments it makes.

Allowance applications are requests of the engine (``services/social/allowance``); a payment
created by an approval points at its request, and ``(request_id, period_from)`` is unique so a
schedule can never be written twice.
"""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import Column, String, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

from gosapp.models.accounts import utcnow


class SznConnection(SQLModel, table=True):
    """A citizen who connected the СЗН cabinet: the consent text version they accepted and when."""

    id: int = Field(default=None, primary_key=True)  # None only until flush: see __init__
    user_id: int = Field(foreign_key="user.id", unique=True, ondelete="CASCADE")
    consent_version: str = Field(max_length=20)
    consented_at: datetime = Field(default_factory=utcnow)


class PaymentStatus(StrEnum):
    """в обработке → назначена → перечислена, or отказ (with the reason and what to fix)."""

    PROCESSING = "processing"
    ASSIGNED = "assigned"
    PAID = "paid"
    REFUSED = "refused"


class Payment(SQLModel, table=True):
    """One payment to a citizen for one period. Amounts are kopecks. ``calculation`` is JSON:
    a list of rows ``{"kind": "base"|"coefficient"|"deduction", "label", "value"}``."""

    __table_args__ = (UniqueConstraint("request_id", "period_from"),)

    id: int = Field(default=None, primary_key=True)  # None only until flush: see __init__
    user_id: int = Field(foreign_key="user.id", index=True, ondelete="CASCADE")
    kind: str = Field(max_length=40, index=True)  # an allowance code, see services/social
    period_from: date = Field(index=True)
    period_to: date
    amount: int  # kopecks
    status: PaymentStatus = Field(default=PaymentStatus.PROCESSING, sa_type=String(12))
    refusal_reason: str = Field(default="", max_length=500)
    refusal_fix: str = Field(default="", max_length=500)
    operation_number: str = Field(default="", max_length=40)
    paid_on: date | None = None
    pay_on: date | None = None  # the scheduled payment date
    calculation: str = Field(default="[]", sa_column=Column(Text, nullable=False))
    request_id: int | None = Field(
        default=None, foreign_key="request.id", index=True, ondelete="SET NULL"
    )
    created_at: datetime = Field(default_factory=utcnow)
