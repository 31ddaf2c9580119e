"""Social-protection benefits (льготы, SPEC §4): what a citizen is entitled to, on what basis,
for how long, and the request that verified it.

A benefit row is created when the citizen asks for it («Добавить льготу» or «Продлить»), with
``status`` "pending"; the verification request's approval turns it "active" (one conditional
UPDATE inside the engine's approval transaction). «Истекает» and «истекла» are not stored: they
follow from ``valid_to`` and today's date; «отклонена» follows from the request's decision.
"""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import String
from sqlmodel import Field, SQLModel

from gosapp.models.accounts import utcnow


class BenefitKind(StrEnum):
    """The benefit catalogue (a small one: the categories the demo and SPEC name)."""

    LABOUR_VETERAN = "labour_veteran"
    LARGE_FAMILY = "large_family"
    DISABILITY = "disability"
    LOW_INCOME = "low_income"


class BenefitStatus(StrEnum):
    """What is stored; the page's «истекает»/«истекла»/«отклонена» are derived."""

    PENDING = "pending"
    ACTIVE = "active"


class Benefit(SQLModel, table=True):
    """One benefit of one citizen.

    ``expiry_notice`` is the narrowest threshold (60, 30 or 7 days) already notified for the
    current ``valid_to``; the expiry job claims the next one with a conditional UPDATE.
    ``renewed_from_id`` is the benefit this one renews (one click on «Продлить»).
    """

    id: int = Field(default=None, primary_key=True)  # None only until flush: see __init__
    owner_id: int = Field(foreign_key="user.id", index=True, ondelete="CASCADE")
    kind: BenefitKind = Field(sa_type=String(24))
    basis: str = Field(max_length=300)
    valid_from: date
    valid_to: date | None = Field(default=None, index=True)
    status: BenefitStatus = Field(default=BenefitStatus.PENDING, sa_type=String(16))
    request_id: int = Field(foreign_key="request.id", unique=True, ondelete="CASCADE")
    renewed_from_id: int | None = Field(default=None, foreign_key="benefit.id", ondelete="SET NULL")
    expiry_notice: int | None = None
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)


__all__ = ["Benefit", "BenefitKind", "BenefitStatus"]
