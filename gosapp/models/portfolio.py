"""The medical worker's portfolio (SPEC §3): documents a doctor keeps with the register —
diplomas, certificates, licences — each a record with numbered versions of its scans.

A version's review is a request of the engine (``services/frmr/portfolio_review``): the
version points at that request, and its status («на проверке», «подтверждён», «отклонён») and
the rejection reason are read from the request, never stored twice, so the engine's
conditional UPDATE is the one place a decision is taken.
"""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import String, UniqueConstraint
from sqlmodel import Field, SQLModel

from gosapp.models.accounts import utcnow


class PortfolioType(StrEnum):
    """The kinds of documents a portfolio holds (SPEC §3)."""

    DIPLOMA = "diploma"
    DIPLOMA_SUPPLEMENT = "diploma_supplement"
    SPECIALIST_CERTIFICATE = "specialist_certificate"
    ACCREDITATION = "accreditation"
    ADVANCED_TRAINING = "advanced_training"
    LICENSE = "license"
    EMPLOYMENT_BOOK = "employment_book"
    OTHER = "other"


class PortfolioRecord(SQLModel, table=True):
    """One document of a doctor's portfolio: what it is, and whether it is archived.

    ``expiry_notice`` is the smallest expiry threshold (90, 30 or 7 days) already notified for
    the current ``valid_until``; the expiry job claims the next one with a conditional UPDATE.
    """

    id: int = Field(default=None, primary_key=True)  # None only until flush: see __init__
    owner_id: int = Field(foreign_key="user.id", index=True, ondelete="CASCADE")
    doc_type: PortfolioType = Field(sa_type=String(24))
    number: str = Field(max_length=60)
    issued_on: date
    issuer: str = Field(max_length=200)
    valid_until: date | None = Field(default=None, index=True)
    archived: bool = False
    expiry_notice: int | None = None
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)


class PortfolioVersion(SQLModel, table=True):
    """One uploaded version of a record's files and the request that verifies it. The files
    are the documents attached to that request; ``document_id`` is the first (the preview)."""

    __table_args__ = (UniqueConstraint("record_id", "version_no"),)

    id: int = Field(default=None, primary_key=True)  # None only until flush: see __init__
    record_id: int = Field(foreign_key="portfoliorecord.id", index=True, ondelete="CASCADE")
    version_no: int
    document_id: int = Field(foreign_key="document.id")
    request_id: int = Field(foreign_key="request.id", unique=True, ondelete="CASCADE")
    created_at: datetime = Field(default_factory=utcnow)


__all__ = ["PortfolioRecord", "PortfolioType", "PortfolioVersion"]
