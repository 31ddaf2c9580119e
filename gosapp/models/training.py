"""Training programmes for medical workers (SPEC §3, issue 16 item 4): the catalogue and the
doctors' enrolments.

``seats_taken`` is only ever changed by conditional UPDATEs (``seats_taken < seats`` to take a
seat), so concurrent enrolments never overbook. The partial unique index
``uq_trainingenrolment_live`` admits one live (enrolled, waiting or finished) enrolment per
doctor and programme; a cancelled one does not count, so a doctor may enrol again.
"""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import Index, String, text
from sqlmodel import Field, SQLModel

from gosapp.models.accounts import utcnow


class TrainingKind(StrEnum):
    """The form of a programme (the keys match the НМО activity kinds)."""

    COURSE = "course"  # an online course
    WEBINAR = "webinar"
    SEMINAR = "seminar"


class EnrolmentStatus(StrEnum):
    """Where a doctor's enrolment is."""

    ENROLLED = "enrolled"
    WAITING = "waiting"
    CANCELLED = "cancelled"
    FINISHED = "finished"


LIVE_STATUSES = ("enrolled", "waiting", "finished")


class TrainingProgramme(SQLModel, table=True):
    """One programme of the catalogue; ``search_text`` is the casefolded title and provider
    (SQLite's lower() leaves Cyrillic alone, so the text filter matches this column)."""

    __table_args__ = (Index("ix_trainingprogramme_starts_id", "starts_on", "id"),)

    id: int = Field(default=None, primary_key=True)  # None only until flush
    title: str = Field(max_length=200)
    provider: str = Field(max_length=200)
    kind: TrainingKind = Field(sa_type=String(16))
    starts_on: date
    ends_on: date
    hours: int
    points: int
    seats: int
    seats_taken: int = 0
    region: str = Field(max_length=80, index=True)
    specialty_id: int | None = Field(default=None, foreign_key="specialty.id")
    search_text: str = Field(default="", max_length=420)
    created_at: datetime = Field(default_factory=utcnow)


class TrainingEnrolment(SQLModel, table=True):
    """A doctor's place (or place in the queue) on a programme. ``activity_id`` is the НМО
    record created when the doctor finished the programme (awaiting its certificate)."""

    __table_args__ = (
        Index(
            "uq_trainingenrolment_live",
            "programme_id",
            "user_id",
            unique=True,
            sqlite_where=text("status IN ('enrolled', 'waiting', 'finished')"),
            postgresql_where=text("status IN ('enrolled', 'waiting', 'finished')"),
        ),
        Index("ix_trainingenrolment_queue", "programme_id", "status", "id"),
    )

    id: int = Field(default=None, primary_key=True)  # None only until flush
    programme_id: int = Field(foreign_key="trainingprogramme.id", ondelete="CASCADE")
    user_id: int = Field(foreign_key="user.id", index=True, ondelete="CASCADE")
    status: EnrolmentStatus = Field(default=EnrolmentStatus.ENROLLED, sa_type=String(12))
    activity_id: int | None = Field(default=None, foreign_key="nmoactivity.id", ondelete="SET NULL")
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)


__all__ = [
    "LIVE_STATUSES",
    "EnrolmentStatus",
    "TrainingEnrolment",
    "TrainingKind",
    "TrainingProgramme",
]
