"""The medical-worker register (ФРМР, SPEC §3): a doctor's professional profile.

A profile is created once, when the register application is approved (the request engine's
approval hook), and belongs to exactly one user (``user_id`` is unique, so even two approvals
racing cannot make two). The application itself is an ordinary request (``frmr_register``).
"""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import String
from sqlmodel import Field, SQLModel

from gosapp.models.accounts import utcnow


class QualificationCategory(StrEnum):
    """Квалификационная категория; ``none`` when the worker has none yet."""

    NONE = "none"
    SECOND = "second"
    FIRST = "first"
    HIGHEST = "highest"


class MedicalWorkerProfile(SQLModel, table=True):
    """A medical worker's professional profile: the public card patients see when booking
    (name from the account, specialty, category, employer, photo) and the register data."""

    id: int = Field(default=None, primary_key=True)  # None only until flush: see __init__
    user_id: int = Field(foreign_key="user.id", unique=True, ondelete="CASCADE")
    specialty_id: int = Field(foreign_key="specialty.id", index=True)
    sub_specialties: str = Field(default="", max_length=300)
    category: QualificationCategory = Field(default=QualificationCategory.NONE, sa_type=String(10))
    # the end of the category's validity (set by an approved attestation: 5 years), and the
    # validity end the «истекает через год» reminder was already sent for (claimed once)
    category_valid_until: date | None = None
    category_reminded_for: date | None = None
    position: str = Field(max_length=120)
    employer_name: str = Field(max_length=200)
    employer_inn: str = Field(max_length=12)
    employer_ogrn: str = Field(max_length=15)
    licence_number: str = Field(max_length=40)
    about: str = Field(default="", max_length=1000)  # a few public words for patients
    # the resized, metadata-free photo (a portal-issued document), or none: initials instead
    photo_document_id: int | None = Field(
        default=None, foreign_key="document.id", ondelete="SET NULL"
    )
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)


__all__ = ["MedicalWorkerProfile", "QualificationCategory"]
