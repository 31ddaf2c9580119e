"""The medical worker's career (SPEC §3): continuing-education (НМО) activities, the doctor's
own НМО settings (accreditation date, yearly goal) and work-experience periods.

An activity and a period are each checked by staff through a request of the engine
(``services/frmr/education_review``, ``experience_review``): the row points at its request
and its status is read from that request, never stored twice, so the engine's conditional
UPDATE is the one place a decision is taken (of two staff deciding at once one wins).
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import String
from sqlmodel import Field, SQLModel

from gosapp.models.accounts import utcnow


class NmoActivity(SQLModel, table=True):
    """One completed НМО activity (course, webinar, conference…) and its certificate's check.
    ``document_id`` is the certificate file (the first document of the request). Both are None
    while the activity awaits its certificate (a finished training programme,
    ``services/frmr/training``): such an activity counts no points until a certificate is
    uploaded and verified."""

    id: int = Field(default=None, primary_key=True)  # None only until flush
    owner_id: int = Field(foreign_key="user.id", index=True, ondelete="CASCADE")
    name: str = Field(max_length=200)
    provider: str = Field(max_length=200)
    kind: str = Field(sa_type=String(16))
    started_on: date
    finished_on: date
    hours: int
    points: int
    document_id: int | None = Field(default=None, foreign_key="document.id")
    request_id: int | None = Field(
        default=None, foreign_key="request.id", unique=True, ondelete="CASCADE"
    )
    created_at: datetime = Field(default_factory=utcnow)


class NmoSettings(SQLModel, table=True):
    """What the doctor sets on the НМО page: the accreditation date that starts the 5-year
    cycle (no profile field holds it yet) and a personal yearly goal in points."""

    owner_id: int = Field(foreign_key="user.id", primary_key=True, ondelete="CASCADE")
    accredited_on: date | None = None
    yearly_goal: int | None = None
    updated_at: datetime = Field(default_factory=utcnow)


class ExperiencePeriod(SQLModel, table=True):
    """One period of work: where, as whom, on which contract, from when to when (``ended_on``
    None: «по настоящее время») and whether it counts as medical experience."""

    id: int = Field(default=None, primary_key=True)  # None only until flush
    owner_id: int = Field(foreign_key="user.id", index=True, ondelete="CASCADE")
    organisation: str = Field(max_length=200)
    inn: str = Field(max_length=12)
    position: str = Field(max_length=200)
    contract: str = Field(sa_type=String(12))
    started_on: date
    ended_on: date | None = None
    leaving_reason: str = Field(default="", max_length=200)
    medical: bool = True
    request_id: int = Field(foreign_key="request.id", unique=True, ondelete="CASCADE")
    created_at: datetime = Field(default_factory=utcnow)


__all__ = ["ExperiencePeriod", "NmoActivity", "NmoSettings"]
