"""Held slots as rows: inserting one (the unique index decides who gets a slot) and giving
holds back. Shared by booking and the waiting list; flushes, never commits."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import update
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col

from gosapp.models.scheduling import Appointment, AppointmentStatus
from gosapp.services.common.errors import DomainError

A = AppointmentStatus


class SlotTaken(DomainError):
    """Somebody else holds or booked the slot first."""

    def __init__(self) -> None:
        super().__init__("Это время уже занято — выберите другой слот")


def insert_live(session: Session, row: Appointment, now: datetime) -> None:
    """Insert a held visit, or raise ``SlotTaken`` when the slot has a live one already.

    A hold on the slot that ran out is marked expired first, so it no longer blocks the index;
    the insert runs in a savepoint, so losing the race leaves the caller's transaction usable.
    """
    session.execute(
        update(Appointment)
        .where(
            col(Appointment.resource_id) == row.resource_id,
            col(Appointment.starts_at) == row.starts_at,
            col(Appointment.status) == A.HELD,
            col(Appointment.hold_expires_at) <= now,
        )
        .values(status=A.EXPIRED)
    )
    try:
        with session.begin_nested():
            session.add(row)
            session.flush()
    except IntegrityError:
        raise SlotTaken() from None


def release_all(session: Session, patient_id: int) -> None:
    """A patient holds one slot at a time: a new pick gives the previous one back (offers from
    the waiting list stay theirs until they run out or are declined)."""
    session.execute(
        update(Appointment)
        .where(
            col(Appointment.patient_id) == patient_id,
            col(Appointment.status) == A.HELD,
            col(Appointment.waitlist_entry_id).is_(None),
        )
        .values(status=A.EXPIRED)
    )


def release(session: Session, patient_id: int, appointment_id: int) -> bool:
    """Give one held slot back; False when it was not the patient's live hold."""
    done = session.execute(
        update(Appointment)
        .where(
            col(Appointment.id) == appointment_id,
            col(Appointment.patient_id) == patient_id,
            col(Appointment.status) == A.HELD,
        )
        .values(status=A.EXPIRED)
    )
    return done.rowcount == 1  # type: ignore[attr-defined]
