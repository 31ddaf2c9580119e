"""Visits for the «Мои записи», calendar and reminder tests: booked the way patients book, or
written straight in for the statuses only staff and time produce (состоялся, неявка)."""

from datetime import datetime, timedelta

from sqlmodel import Session

from gosapp.models.scheduling import Appointment, AppointmentStatus, Resource
from gosapp.services.scheduling import booking
from tests.services.scheduling.setup import ACTOR, MONDAY

_numbers = iter(range(900001, 999999))


def book(session: Session, patient, doctor: Resource, starts: datetime, now=MONDAY):
    """Hold and confirm a slot as the patient would."""
    held = booking.hold(
        session=session,
        patient=patient,
        resource_id=doctor.id,
        starts_at=starts,
        service_code="consultation",
        actor=ACTOR,
        now=now,
    )
    return booking.confirm(
        session=session, patient=patient, appointment_id=held.id, actor=ACTOR, now=now
    )


def visit(
    session: Session,
    patient,
    doctor: Resource,
    starts: datetime,
    status: AppointmentStatus,
    number: str | None = "auto",
    cancelled_by: str = "",
) -> Appointment:
    """A visit in any status, as staff marking or time would leave it."""
    row = Appointment(
        number=f"ЗП-2026-{next(_numbers)}" if number == "auto" else number,
        resource_id=doctor.id,
        patient_id=patient.id,
        specialty_id=doctor.specialty_id,
        starts_at=starts,
        ends_at=starts + timedelta(minutes=20),
        status=status,
        booked_at=starts - timedelta(days=3),
        cancelled_at=starts - timedelta(days=1) if status == "cancelled" else None,
        cancelled_by=cancelled_by,
    )
    session.add(row)
    session.flush()
    return row
