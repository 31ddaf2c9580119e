"""«Мои записи» (SPEC §2.1): the patient's visits, waiting-list offers and entries as the page
shows them, and accepting an offer.

Every query starts from ``Appointment.patient_id == patient.id`` (or the entry's patient): a
patient sees only their own visits. A visit moved to another time hands its number on
(``booking.reschedule``), so the old row — cancelled «by reschedule», without a number — is
not a visit the patient had and is never listed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from sqlalchemy import or_
from sqlmodel import Session, col, select

from gosapp import routes
from gosapp.models.accounts import User, utcnow
from gosapp.models.registry import Clinic, Specialty
from gosapp.models.scheduling import (
    Appointment,
    AppointmentStatus,
    Resource,
    WaitlistEntry,
    WaitlistStatus,
)
from gosapp.services.common.audit import Actor
from gosapp.services.common.display import display_time
from gosapp.services.common.errors import NotFound
from gosapp.services.scheduling import booking, waitlist
from gosapp.services.scheduling.display import zone_note

A, W = AppointmentStatus, WaitlistStatus
STATUS_LABELS = {
    A.SCHEDULED: "Запланирован",
    A.COMPLETED: "Состоялся",
    A.NO_SHOW: "Неявка",
    A.CANCELLED: "Отменён",
    A.HELD: "Ждёт подтверждения",
    A.EXPIRED: "Не подтверждён",
}
UNMARKED = "Ожидает отметки врача"  # a past visit the doctor has not marked yet
PAST_LIMIT = 100


@dataclass
class Visit:
    """One visit as its patient reads it (``id`` is text: it builds element ids and links)."""

    id: str
    number: str
    doctor: str
    specialty: str
    clinic: str
    address: str
    room: str
    when: str  # «12.01.2027 10:30» in the clinic's own time
    zone: str  # «время Владивостока, МСК+7», "" in the portal's zone
    status: str
    status_label: str
    can_cancel: bool
    can_reschedule: bool
    ics: str  # the download link of its .ics file
    reschedule: str  # the slot picker moving this visit


@dataclass
class Offer(Visit):
    """A slot the waiting list holds for the patient, until ``expires``."""

    expires: str = ""  # «до 10:45» in the portal's time
    replaces: str = ""  # the number of the visit of that specialty it would replace


@dataclass
class Waiting:
    """One of the patient's live waiting-list entries."""

    id: str
    specialty: str
    doctor: str  # "" = any doctor
    period: str  # «с 12.01.2027 по 20.01.2027», "" = any day
    since: str
    status_label: str


@dataclass
class MyVisits:
    """Everything «Мои записи» shows."""

    upcoming: list[Visit]
    past: list[Visit]
    offers: list[Offer]
    waiting: list[Waiting]


def my_visits(*, session: Session, patient: User, now: datetime | None = None) -> MyVisits:
    """The patient's upcoming visits (soonest first), past ones (latest first), live offers
    and waiting entries."""
    now = now or utcnow()
    rows = _rows(session, patient.id, now)
    upcoming, past, offers = [], [], []
    for appointment, resource, clinic, specialty in rows:
        visit = _visit(appointment, resource, clinic, specialty, now)
        if appointment.status == A.HELD:
            offers.append(_offer(session, visit, appointment, now))
        elif appointment.status == A.SCHEDULED and _aware(appointment.starts_at) > now:
            upcoming.append(visit)
        else:
            past.append(visit)
    upcoming.reverse()
    return MyVisits(upcoming, past[:PAST_LIMIT], offers, waiting(session=session, patient=patient))


def next_visit(*, session: Session, patient: User, now: datetime | None = None) -> Visit | None:
    """The patient's soonest upcoming visit (the dashboard's «Ближайший приём»)."""
    upcoming = my_visits(session=session, patient=patient, now=now).upcoming
    return upcoming[0] if upcoming else None


def _rows(session: Session, patient_id: int, now: datetime):
    """Visits with a number, plus live waiting-list offers, latest first."""
    live_offer = (
        (col(Appointment.status) == A.HELD)
        & col(Appointment.waitlist_entry_id).is_not(None)
        & (col(Appointment.hold_expires_at) > now)
    )
    shown = [A.SCHEDULED, A.COMPLETED, A.NO_SHOW, A.CANCELLED]
    return session.exec(
        select(Appointment, Resource, Clinic, Specialty)
        .join(Resource, col(Resource.id) == Appointment.resource_id)
        .join(Clinic, col(Clinic.id) == Resource.clinic_id)
        .outerjoin(Specialty, col(Specialty.id) == Appointment.specialty_id)
        .where(
            col(Appointment.patient_id) == patient_id,
            or_(
                col(Appointment.status).in_(shown) & col(Appointment.number).is_not(None),
                live_offer,
            ),
        )
        .order_by(col(Appointment.starts_at).desc(), col(Appointment.id).desc())
    ).all()


def _visit(appointment, resource, clinic, specialty, now: datetime) -> Visit:
    starts = _aware(appointment.starts_at).astimezone(ZoneInfo(clinic.timezone))
    changeable = appointment.status == A.SCHEDULED and (
        _aware(appointment.starts_at) - now >= booking.CHANGE_CLOSES
    )
    past_unmarked = appointment.status == A.SCHEDULED and _aware(appointment.starts_at) <= now
    return Visit(
        id=str(appointment.id),
        number=appointment.number or "",
        doctor=resource.name,
        specialty=specialty.name if specialty else "",
        clinic=clinic.short_name or clinic.name,
        address=clinic.address,
        room=resource.room,
        when=starts.strftime("%d.%m.%Y %H:%M"),
        zone=zone_note(clinic.timezone),
        status=str(appointment.status),
        status_label=UNMARKED if past_unmarked else STATUS_LABELS[A(appointment.status)],
        can_cancel=changeable,
        can_reschedule=changeable,
        ics=routes.appointment_ics(appointment.id),
        reschedule=f"{routes.APPOINTMENTS}?reschedule={appointment.id}",
    )


def _offer(session: Session, visit: Visit, row: Appointment, now: datetime) -> Offer:
    fields = {**visit.__dict__, "can_cancel": False, "can_reschedule": False, "ics": ""}
    expires = row.hold_expires_at or now
    same = _same_specialty_visit(session, row, now)
    return Offer(
        **fields,
        expires="до " + display_time(expires)[-5:],
        replaces=(same.number or "") if same else "",
    )


def waiting(*, session: Session, patient: User) -> list[Waiting]:
    """The patient's live waiting-list entries, oldest first."""
    rows = session.exec(
        select(WaitlistEntry, Specialty, Resource)
        .join(Specialty, col(Specialty.id) == WaitlistEntry.specialty_id)
        .outerjoin(Resource, col(Resource.id) == WaitlistEntry.resource_id)
        .where(
            col(WaitlistEntry.patient_id) == patient.id,
            col(WaitlistEntry.status).in_([W.WAITING, W.OFFERED]),
        )
        .order_by(col(WaitlistEntry.created_at), col(WaitlistEntry.id))
    ).all()
    return [
        Waiting(
            id=str(entry.id),
            specialty=specialty.name,
            doctor=resource.name if resource else "",
            period=_period(entry),
            since=display_time(entry.created_at)[:10],
            status_label="Предложено время" if entry.status == W.OFFERED else "Ожидание",
        )
        for entry, specialty, resource in rows
    ]


def _period(entry: WaitlistEntry) -> str:
    parts = []
    if entry.first_day:
        parts.append(f"с {entry.first_day:%d.%m.%Y}")
    if entry.last_day:
        parts.append(f"по {entry.last_day:%d.%m.%Y}")
    return " ".join(parts)


def _same_specialty_visit(session: Session, offer: Appointment, now: datetime):
    """The patient's future scheduled visit of the offer's specialty, if any."""
    if offer.specialty_id is None:
        return None
    return session.exec(
        select(Appointment).where(
            col(Appointment.patient_id) == offer.patient_id,
            col(Appointment.specialty_id) == offer.specialty_id,
            col(Appointment.status) == A.SCHEDULED,
            col(Appointment.starts_at) > now,
        )
    ).first()


def accept_offer(
    *,
    session: Session,
    patient: User,
    appointment_id: int,
    actor: Actor,
    now: datetime | None = None,
) -> Appointment:
    """«Подтвердить» a waiting-list offer: book it, or — when the patient already has a future
    visit of that specialty (one per specialty) — move that visit to the offered slot."""
    now = now or utcnow()
    offer = session.get(Appointment, appointment_id)
    if offer is None or offer.patient_id != patient.id or offer.waitlist_entry_id is None:
        raise NotFound("Предложение не найдено")
    same = _same_specialty_visit(session, offer, now)
    if same is None:
        return booking.confirm(
            session=session, patient=patient, appointment_id=offer.id, actor=actor, now=now
        )
    moved = booking.reschedule(
        session=session,
        patient=patient,
        appointment_id=same.id,
        hold_id=offer.id,
        actor=actor,
        now=now,
    )
    # booking.reschedule does not know about the waiting list: close the entry here, or the
    # expiry scan would put it back in line.
    waitlist.mark_booked(session, moved)
    return moved


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
