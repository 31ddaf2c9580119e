"""Appointments (SPEC §2.1): bookable resources, their weekly templates and exceptions, visits,
the waiting list and the personal calendar feed.

Times: templates and exceptions are in the institution's local time (``Clinic.timezone``);
``Appointment.starts_at``/``ends_at`` are UTC. Free slots are computed from the templates, never
stored; a slot exists in the database only once someone holds or books it, and the partial
unique index ``uq_appointment_live_slot`` lets at most one live (held or scheduled) visit per
resource and start time exist, whatever the concurrency.
"""

from __future__ import annotations

from datetime import date, datetime, time
from enum import StrEnum

from sqlalchemy import Index, String, text
from sqlmodel import Field, SQLModel

from gosapp.models.accounts import utcnow


class ResourceKind(StrEnum):
    """Who is booked: a doctor at a clinic, or a window of a social-protection office."""

    DOCTOR = "doctor"
    OFFICE_WINDOW = "office_window"


class Resource(SQLModel, table=True):
    """Something with a schedule that patients book: a doctor's reception at one clinic, or an
    office window. A doctor working at two clinics is two resources."""

    id: int = Field(default=None, primary_key=True)  # None only until flush: see __init__
    kind: ResourceKind = Field(default=ResourceKind.DOCTOR, sa_type=String(16))
    clinic_id: int = Field(foreign_key="clinic.id", index=True)
    specialty_id: int | None = Field(default=None, foreign_key="specialty.id", index=True)
    user_id: int | None = Field(default=None, foreign_key="user.id", index=True)  # the doctor
    name: str = Field(max_length=160)  # «Смирнова Анна Викторовна», «Окно 2»
    category: str = Field(default="", max_length=20)  # высшая, первая, вторая or ""
    practising_since: int | None = None  # a year: experience is shown in years
    room: str = Field(default="", max_length=20)
    active: bool = True


class ScheduleTemplate(SQLModel, table=True):
    """One weekday's working hours of a resource, in the institution's local time."""

    id: int = Field(default=None, primary_key=True)  # None only until flush: see __init__
    resource_id: int = Field(foreign_key="resource.id", index=True, ondelete="CASCADE")
    weekday: int  # 0 = Monday … 6 = Sunday
    starts: time
    ends: time
    slot_minutes: int = 20
    break_starts: time | None = None
    break_ends: time | None = None
    room: str = Field(default="", max_length=20)
    works_on_holidays: bool = False  # public holidays are closed unless this says otherwise


class ExceptionKind(StrEnum):
    """Why a template does not apply on some days."""

    VACATION = "vacation"  # отпуск: closed
    SICK_LEAVE = "sick_leave"  # больничный: closed
    EXTRA_DAY = "extra_day"  # дополнительный день: open with its own hours


class ScheduleException(SQLModel, table=True):
    """Days off (``first_day``..``last_day``) or an extra working day with its own hours."""

    id: int = Field(default=None, primary_key=True)  # None only until flush: see __init__
    resource_id: int = Field(foreign_key="resource.id", index=True, ondelete="CASCADE")
    kind: ExceptionKind = Field(sa_type=String(12))
    first_day: date
    last_day: date
    starts: time | None = None  # extra day only
    ends: time | None = None
    slot_minutes: int = 20
    comment: str = Field(default="", max_length=200)


class AppointmentStatus(StrEnum):
    """held (a 5- or 15-minute hold) → scheduled (запланирован) → completed (состоялся) |
    no_show (неявка); cancelled (отменён) by the patient or staff; expired (a hold ran out)."""

    HELD = "held"
    SCHEDULED = "scheduled"
    COMPLETED = "completed"
    NO_SHOW = "no_show"
    CANCELLED = "cancelled"
    EXPIRED = "expired"


LIVE_STATUSES = (AppointmentStatus.HELD, AppointmentStatus.SCHEDULED)


class Appointment(SQLModel, table=True):
    """A hold or a visit. Only the status, the hold's expiry and the reminder marks change, and
    only through conditional updates in ``services.scheduling``."""

    __table_args__ = (
        # One live visit per slot: the database, not Python, keeps a slot from being booked twice.
        Index(
            "uq_appointment_live_slot",
            "resource_id",
            "starts_at",
            unique=True,
            sqlite_where=text("status IN ('held', 'scheduled')"),
            postgresql_where=text("status IN ('held', 'scheduled')"),
        ),
        Index("ix_appointment_patient_status", "patient_id", "status"),
        Index("ix_appointment_status_starts", "status", "starts_at"),
    )

    id: int = Field(default=None, primary_key=True)  # None only until flush: see __init__
    number: str | None = Field(default=None, max_length=20, unique=True)  # ЗП-2026-000123
    resource_id: int = Field(foreign_key="resource.id", index=True)
    patient_id: int = Field(foreign_key="user.id", ondelete="CASCADE")
    specialty_id: int | None = Field(default=None, foreign_key="specialty.id")
    service_code: str = Field(default="consultation", max_length=24)
    starts_at: datetime
    ends_at: datetime
    status: AppointmentStatus = Field(default=AppointmentStatus.HELD, sa_type=String(12))
    hold_expires_at: datetime | None = None
    complaint: str = Field(default="", max_length=500)
    waitlist_entry_id: int | None = Field(default=None, foreign_key="waitlistentry.id")
    rescheduled_from_id: int | None = Field(default=None, foreign_key="appointment.id")
    created_at: datetime = Field(default_factory=utcnow)
    booked_at: datetime | None = None
    cancelled_at: datetime | None = None
    cancelled_by: str = Field(default="", max_length=12)  # patient, staff, doctor, reschedule
    reminded_24h_at: datetime | None = None
    reminded_2h_at: datetime | None = None


class WaitlistStatus(StrEnum):
    """waiting → offered (a slot is held for the patient) → booked; or cancelled."""

    WAITING = "waiting"
    OFFERED = "offered"
    BOOKED = "booked"
    CANCELLED = "cancelled"


class WaitlistEntry(SQLModel, table=True):
    """A patient's wish to be told when a slot of a specialty (a doctor, a date range) frees up."""

    id: int = Field(default=None, primary_key=True)  # None only until flush: see __init__
    patient_id: int = Field(foreign_key="user.id", index=True, ondelete="CASCADE")
    specialty_id: int = Field(foreign_key="specialty.id", index=True)
    resource_id: int | None = Field(default=None, foreign_key="resource.id")
    first_day: date | None = None
    last_day: date | None = None
    status: WaitlistStatus = Field(default=WaitlistStatus.WAITING, sa_type=String(10))
    created_at: datetime = Field(default_factory=utcnow, index=True)


class CalendarFeed(SQLModel, table=True):
    """A personal webcal/ICS feed: the URL carries a secret token; only its keyed hash is kept."""

    id: int = Field(default=None, primary_key=True)  # None only until flush: see __init__
    user_id: int = Field(foreign_key="user.id", unique=True, ondelete="CASCADE")
    token_hash: str = Field(max_length=64, unique=True)
    created_at: datetime = Field(default_factory=utcnow)


__all__ = [
    "LIVE_STATUSES",
    "Appointment",
    "AppointmentStatus",
    "CalendarFeed",
    "ExceptionKind",
    "Resource",
    "ResourceKind",
    "ScheduleException",
    "ScheduleTemplate",
    "WaitlistEntry",
    "WaitlistStatus",
]
