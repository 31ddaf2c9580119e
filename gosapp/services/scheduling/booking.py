"""The booking policy (SPEC §2.1): hold a slot, confirm it, cancel, reschedule.

A slot is never booked twice because the database says so: holding inserts a row that the
partial unique index ``uq_appointment_live_slot`` admits once per live slot, inside a savepoint,
so the loser gets «слот уже занят» and its transaction goes on. Every later change is one
conditional UPDATE (``WHERE status = <what was seen>``). The patient's own rules (one future
visit per specialty, no overlaps, one hold at a time) count or release rows before writing, so
hold, confirm and reschedule run under ``serialize(patient)``: two tabs of one patient queue
instead of both passing the count.

Functions flush but never commit: the caller owns the transaction (``db.transaction()``).
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import update
from sqlmodel import Session, col, select

from gosapp import routes
from gosapp.db import serialize
from gosapp.models.accounts import AccountLevel, User, utcnow
from gosapp.models.scheduling import Appointment, AppointmentStatus, Resource
from gosapp.services.common.audit import Actor, record
from gosapp.services.common.errors import DomainError, NotFound
from gosapp.services.identity.levels import require_level
from gosapp.services.notifications.inbox import notify
from gosapp.services.requests.numbering import next_number
from gosapp.services.scheduling import calendar, holds, waitlist
from gosapp.services.scheduling.display import visit_time

A = AppointmentStatus
HOLD = timedelta(minutes=5)
CHANGE_CLOSES = timedelta(hours=2)  # cancel or reschedule up to two hours before the visit
NUMBER_PREFIX = "ЗП"
SERVICE = "Запись к врачу"


class HoldExpired(DomainError):
    """The five minutes to confirm ran out (or the hold was released)."""

    def __init__(self) -> None:
        super().__init__("Время на подтверждение истекло, слот освобождён. Выберите время снова")


class PolicyViolation(DomainError):
    """A rule of the booking policy forbids this; the message says which and what to do."""


def hold(
    *,
    session: Session,
    patient: User,
    resource_id: int,
    starts_at: datetime,
    service_code: str,
    actor: Actor,
    rescheduling: int | None = None,
    now: datetime | None = None,
) -> Appointment:
    """Hold a free slot for ``patient`` for five minutes (their earlier hold is released).

    ``rescheduling`` names the visit this slot is to replace: its own specialty and time do
    not count against the new one.
    """
    now = now or utcnow()
    require_level(patient, AccountLevel.STANDARD, SERVICE)
    # Two picks of one patient at once (two tabs) queue here: otherwise, on PostgreSQL, neither
    # release_all sees the other's uncommitted hold and the patient ends up blocking two slots.
    serialize(session, f"patient:{patient.id}")
    resource = _resource(session, resource_id)
    try:
        slot = calendar.bookable_slot(session, resource.id, starts_at, now)
    except LookupError:
        raise PolicyViolation("Запись на это время недоступна: выберите другой слот") from None
    _check_rules(
        session, patient, resource, slot.starts_utc, slot.ends.astimezone(UTC), now, rescheduling
    )
    holds.release_all(session, patient.id)
    row = Appointment(
        resource_id=resource.id,
        patient_id=patient.id,
        specialty_id=resource.specialty_id,
        service_code=service_code,
        starts_at=slot.starts_utc,
        ends_at=slot.ends.astimezone(UTC),
        hold_expires_at=now + HOLD,
    )
    holds.insert_live(session, row, now)
    record(
        session=session,
        actor=actor,
        action="appointment.hold",
        object_type="appointment",
        object_id=row.id,
    )
    return row


def confirm(
    *,
    session: Session,
    patient: User,
    appointment_id: int,
    actor: Actor,
    complaint: str = "",
    now: datetime | None = None,
) -> Appointment:
    """Turn the patient's live hold into a visit with a number (ЗП-2026-000123)."""
    now = now or utcnow()
    serialize(session, f"patient:{patient.id}")
    row = _own_hold(session, patient, appointment_id, now)
    resource = _resource(session, row.resource_id)
    _check_rules(session, patient, resource, row.starts_at, row.ends_at, now, exclude=row.id)
    _schedule(session, row, now, complaint)
    waitlist.mark_booked(session, row)
    record(
        session=session,
        actor=actor,
        action="appointment.book",
        object_type="appointment",
        object_id=row.number,
    )
    notify(
        session=session,
        user=patient,
        title=f"Запись {row.number} подтверждена",
        body=f"{resource.name}, {visit_time(session, row)}",
        link=routes.my_appointment(row.number),
    )
    return row


def release(*, session: Session, patient: User, appointment_id: int) -> None:
    """Give a held slot back (a step back, or «Отказаться» from a waiting-list offer)."""
    holds.release(session, patient.id, appointment_id)


def cancel(
    *,
    session: Session,
    patient: User,
    appointment_id: int,
    actor: Actor,
    now: datetime | None = None,
) -> Appointment:
    """Cancel the patient's own visit, up to two hours before it; the slot is offered to the
    waiting list."""
    now = now or utcnow()
    row = _own_visit(session, patient, appointment_id, now)
    _cancel(session, row, now, by="patient")
    record(
        session=session,
        actor=actor,
        action="appointment.cancel",
        object_type="appointment",
        object_id=row.number,
    )
    waitlist.offer_freed_slot(session, row.resource_id, row.starts_at, now)
    return row


def reschedule(
    *,
    session: Session,
    patient: User,
    appointment_id: int,
    hold_id: int,
    actor: Actor,
    now: datetime | None = None,
) -> Appointment:
    """Move a visit to the slot the patient holds: the new one taken and the old one freed in
    this one transaction. The number stays with the visit."""
    now = now or utcnow()
    serialize(session, f"patient:{patient.id}")
    old = _own_visit(session, patient, appointment_id, now)
    new = _own_hold(session, patient, hold_id, now)
    resource = _resource(session, new.resource_id)
    _check_rules(session, patient, resource, new.starts_at, new.ends_at, now, exclude=old.id)
    number = old.number
    _cancel(session, old, now, by="reschedule")
    new.rescheduled_from_id = old.id
    _schedule(session, new, now, old.complaint, number=number)
    record(
        session=session,
        actor=actor,
        action="appointment.reschedule",
        object_type="appointment",
        object_id=new.number,
    )
    waitlist.offer_freed_slot(session, old.resource_id, old.starts_at, now)
    return new


# --- rules and row changes --------------------------------------------------------------------


def _resource(session: Session, resource_id: int) -> Resource:
    resource = session.get(Resource, resource_id)
    if resource is None or not resource.active:
        raise NotFound("Врач или окно приёма не найдены")
    return resource


def _check_rules(
    session: Session,
    patient: User,
    resource: Resource,
    starts_at: datetime,
    ends_at: datetime,
    now: datetime,
    exclude: int | None = None,
) -> None:
    """One future visit per specialty, and no two visits of the patient at the same time."""
    mine = select(Appointment).where(
        col(Appointment.patient_id) == patient.id,
        col(Appointment.status) == A.SCHEDULED,
        col(Appointment.id) != (exclude or 0),
    )
    if resource.specialty_id is not None:
        same = session.exec(
            mine.where(
                col(Appointment.specialty_id) == resource.specialty_id,
                col(Appointment.starts_at) > now,
            )
        ).first()
        if same is not None:
            raise PolicyViolation(
                f"У вас уже есть запись {same.number} к этому специалисту на "
                f"{visit_time(session, same)}. Перенесите или отмените её в «Моих записях»"
            )
    overlapping = session.exec(
        mine.where(col(Appointment.starts_at) < ends_at, col(Appointment.ends_at) > starts_at)
    ).first()
    if overlapping is not None:
        raise PolicyViolation(
            f"На это время у вас уже есть запись {overlapping.number}: выберите другое время"
        )


def _own_hold(session: Session, patient: User, hold_id: int, now: datetime) -> Appointment:
    row = session.get(Appointment, hold_id)
    if row is None or row.patient_id != patient.id:
        raise NotFound("Запись не найдена")
    if row.status != A.HELD or row.hold_expires_at is None or row.hold_expires_at <= now:
        raise HoldExpired()
    return row


def _own_visit(session: Session, patient: User, visit_id: int, now: datetime) -> Appointment:
    row = session.get(Appointment, visit_id)
    if row is None or row.patient_id != patient.id:
        raise NotFound("Запись не найдена")
    if row.status != A.SCHEDULED:
        raise PolicyViolation("Запись уже отменена или прошла")
    if row.starts_at - now < CHANGE_CLOSES:
        raise PolicyViolation(
            "Отменить или перенести запись можно не позднее чем за 2 часа до приёма. "
            "Позвоните в регистратуру"
        )
    return row


def _schedule(
    session: Session, row: Appointment, now: datetime, complaint: str, number: str | None = None
) -> None:
    """held → scheduled, only while the hold is live (the conditional UPDATE decides)."""
    number = number or next_number(session, NUMBER_PREFIX, now)
    done = session.execute(
        update(Appointment)
        .where(
            col(Appointment.id) == row.id,
            col(Appointment.status) == A.HELD,
            col(Appointment.hold_expires_at) > now,
        )
        .values(
            status=A.SCHEDULED,
            number=number,
            booked_at=now,
            hold_expires_at=None,
            complaint=complaint.strip()[:500],
            rescheduled_from_id=row.rescheduled_from_id,
        )
    )
    if done.rowcount != 1:  # type: ignore[attr-defined]
        raise HoldExpired()
    session.refresh(row)


def _cancel(session: Session, row: Appointment, now: datetime, by: str) -> None:
    """scheduled → cancelled in one conditional UPDATE; a concurrent change fails it clearly.

    A rescheduled visit hands its number on to the new slot, so the number keeps naming the
    visit the patient has (and its calendar entry, whose UID is built from it).
    """
    if by == "reschedule":
        row.number = None
        session.add(row)
        session.flush()
    done = session.execute(
        update(Appointment)
        .where(col(Appointment.id) == row.id, col(Appointment.status) == A.SCHEDULED)
        .values(status=A.CANCELLED, cancelled_at=now, cancelled_by=by)
    )
    if done.rowcount != 1:  # type: ignore[attr-defined]
        raise PolicyViolation("Запись уже изменилась: обновите страницу")
    session.refresh(row)
