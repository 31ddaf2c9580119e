"""The waiting list (SPEC §2.1): when a matching slot frees up, the first patient in line gets
it held for 15 minutes and a notification; if they let it run out or decline, the next one.

Offers are held visits with ``waitlist_entry_id`` set, so the same unique index guards them.
``expire_offers`` is the background job's step: it claims each run-out offer with one
conditional UPDATE, so two workers never pass one slot on twice.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import exists, func, or_, update
from sqlalchemy.orm import aliased
from sqlmodel import Session, col, select

from gosapp import routes
from gosapp.models.accounts import User, utcnow
from gosapp.models.scheduling import (
    Appointment,
    AppointmentStatus,
    Resource,
    WaitlistEntry,
    WaitlistStatus,
)
from gosapp.services.common.audit import Actor, record
from gosapp.services.common.errors import Invalid, NotFound
from gosapp.services.notifications.inbox import notify
from gosapp.services.scheduling import calendar, holds
from gosapp.services.scheduling.display import local_time, zone_of

A, W = AppointmentStatus, WaitlistStatus
OFFER_HOLD = timedelta(minutes=15)


def join(
    *,
    session: Session,
    patient: User,
    specialty_id: int,
    actor: Actor,
    resource_id: int | None = None,
    first_day: date | None = None,
    last_day: date | None = None,
) -> WaitlistEntry:
    """Put the patient in line for a specialty (optionally one doctor and a date range); an
    earlier wish for the same specialty is replaced."""
    if first_day and last_day and last_day < first_day:
        raise Invalid("last_day", "Дата «по» раньше даты «с»")
    session.execute(
        update(WaitlistEntry)
        .where(
            col(WaitlistEntry.patient_id) == patient.id,
            col(WaitlistEntry.specialty_id) == specialty_id,
            col(WaitlistEntry.status) == W.WAITING,
        )
        .values(status=W.CANCELLED)
    )
    entry = WaitlistEntry(
        patient_id=patient.id,
        specialty_id=specialty_id,
        resource_id=resource_id,
        first_day=first_day,
        last_day=last_day,
    )
    session.add(entry)
    session.flush()
    record(
        session=session,
        actor=actor,
        action="waitlist.join",
        object_type="waitlist",
        object_id=entry.id,
    )
    return entry


def leave(*, session: Session, patient: User, entry_id: int) -> None:
    """Take the patient's own entry off the list."""
    done = session.execute(
        update(WaitlistEntry)
        .where(
            col(WaitlistEntry.id) == entry_id,
            col(WaitlistEntry.patient_id) == patient.id,
            col(WaitlistEntry.status).in_([W.WAITING, W.OFFERED]),
        )
        .values(status=W.CANCELLED)
    )
    if done.rowcount != 1:  # type: ignore[attr-defined]
        raise NotFound("Заявка в листе ожидания не найдена")


def entries(session: Session, patient: User) -> list[WaitlistEntry]:
    """The patient's live entries, oldest first."""
    return list(
        session.exec(
            select(WaitlistEntry)
            .where(
                col(WaitlistEntry.patient_id) == patient.id,
                col(WaitlistEntry.status).in_([W.WAITING, W.OFFERED]),
            )
            .order_by(col(WaitlistEntry.created_at))
        )
    )


def offer_freed_slot(
    session: Session, resource_id: int, starts_at: datetime, now: datetime
) -> Appointment | None:
    """Hold a slot that just freed up for the first matching patient in line and tell them.

    Patients who were already offered this slot are skipped; nothing happens when the slot is
    too close to book or somebody took it meanwhile.
    """
    resource = session.get(Resource, resource_id)
    if resource is None or resource.specialty_id is None:
        return None
    if starts_at - now < calendar.BOOKING_CLOSES:
        return None
    zone = zone_of(session, resource_id)
    for entry in _candidates(session, resource, starts_at, zone):
        offer = Appointment(
            resource_id=resource_id,
            patient_id=entry.patient_id,
            specialty_id=resource.specialty_id,
            starts_at=starts_at,
            ends_at=_ends(session, resource_id, starts_at, now),
            hold_expires_at=now + OFFER_HOLD,
            waitlist_entry_id=entry.id,
        )
        try:
            holds.insert_live(session, offer, now)
        except holds.SlotTaken:
            return None
        entry.status = W.OFFERED
        session.add(entry)
        _tell(session, entry, resource, offer, zone)
        return offer
    return None


def _candidates(
    session: Session, resource: Resource, starts_at: datetime, zone: str
) -> list[WaitlistEntry]:
    """Waiting entries this slot fits, first come first served, minus those offered it before."""
    day = starts_at.astimezone(ZoneInfo(zone)).date()
    offered_before = select(Appointment.waitlist_entry_id).where(
        col(Appointment.resource_id) == resource.id,
        col(Appointment.starts_at) == starts_at,
        col(Appointment.waitlist_entry_id).is_not(None),
    )
    return list(
        session.exec(
            select(WaitlistEntry)
            .where(
                col(WaitlistEntry.status) == W.WAITING,
                col(WaitlistEntry.specialty_id) == resource.specialty_id,
                or_(
                    col(WaitlistEntry.resource_id).is_(None),
                    col(WaitlistEntry.resource_id) == resource.id,
                ),
                or_(col(WaitlistEntry.first_day).is_(None), col(WaitlistEntry.first_day) <= day),
                or_(col(WaitlistEntry.last_day).is_(None), col(WaitlistEntry.last_day) >= day),
                col(WaitlistEntry.id).not_in(offered_before),
            )
            .order_by(col(WaitlistEntry.created_at), col(WaitlistEntry.id))
            .limit(20)
        )
    )


def _ends(session: Session, resource_id: int, starts_at: datetime, now: datetime) -> datetime:
    """The end of the slot starting at ``starts_at`` per the schedule (20 minutes if unknown)."""
    try:
        return calendar.bookable_slot(session, resource_id, starts_at, now).ends
    except LookupError:
        return starts_at + timedelta(minutes=20)


def _tell(
    session: Session, entry: WaitlistEntry, resource: Resource, offer: Appointment, zone: str
) -> None:
    patient = session.get(User, entry.patient_id)
    if patient is None:
        return
    notify(
        session=session,
        user=patient,
        title="Освободилось время приёма",
        body=(
            f"{resource.name}, {local_time(offer.starts_at, zone)}. Время удерживается за вами "
            "15 минут: подтвердите запись в «Моих записях»."
        ),
        link=routes.MY_APPOINTMENTS,
    )


def mark_booked(session: Session, visit: Appointment) -> None:
    """The offer became a visit: the entry has done its job."""
    if visit.waitlist_entry_id is not None:
        session.execute(
            update(WaitlistEntry)
            .where(col(WaitlistEntry.id) == visit.waitlist_entry_id)
            .values(status=W.BOOKED)
        )


def expire_offers(session: Session, now: datetime | None = None) -> int:
    """Pass each run-out or declined offer on to the next patient in line; returns how many.

    Each entry is claimed by one conditional UPDATE (offered → waiting), so when two workers run
    this at once, each offer is passed on by exactly one of them.
    """
    now = now or utcnow()
    # The subqueries read their own alias of the visits table: sharing the outer query's
    # ``Appointment`` would correlate it away (SQLAlchemy then finds no FROM at all).
    held, offers = aliased(Appointment), aliased(Appointment)
    live_offer = (
        exists()
        .where(
            col(held.waitlist_entry_id) == WaitlistEntry.id,
            col(held.status) == A.HELD,
            col(held.hold_expires_at) > now,
        )
        .correlate(WaitlistEntry)
    )
    latest_offer = (
        select(func.max(offers.id))
        .where(col(offers.waitlist_entry_id) == WaitlistEntry.id)
        .correlate(WaitlistEntry)
        .scalar_subquery()
    )
    stale = session.exec(
        select(WaitlistEntry.id, Appointment.id, Appointment.resource_id, Appointment.starts_at)
        .join(Appointment, col(Appointment.id) == latest_offer)
        .where(col(WaitlistEntry.status) == W.OFFERED, ~live_offer)
    ).all()
    passed = 0
    for entry_id, offer_id, resource_id, starts_at in stale:
        claimed = session.execute(
            update(WaitlistEntry)
            .where(col(WaitlistEntry.id) == entry_id, col(WaitlistEntry.status) == W.OFFERED)
            .values(status=W.WAITING)
        )
        if claimed.rowcount != 1:  # type: ignore[attr-defined]
            continue
        session.execute(
            update(Appointment)
            .where(col(Appointment.id) == offer_id, col(Appointment.status) == A.HELD)
            .values(status=A.EXPIRED)
        )
        offer_freed_slot(session, resource_id, starts_at, now)
        passed += 1
    return passed
