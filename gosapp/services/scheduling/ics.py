"""Visits as iCalendar (RFC 5545) with ``icalendar``: one visit's ``.ics`` file and the
patient's personal feed.

A visit's UID is built from its number (``ЗП-2027-000123@gosapp``), and the number stays with
the visit when it is moved, so a calendar that imported the file or follows the feed updates
the one entry it has. ``SEQUENCE`` grows with every change (booking, cancellation), so the
newer copy wins. A cancelled visit's own file says ``METHOD:CANCEL`` and ``STATUS:CANCELLED``:
importing it removes or strikes out the entry. Times carry the clinic's zone (``TZID`` with its
VTIMEZONE), so a phone in another zone still shows the right moment.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from icalendar import Calendar, Event
from sqlmodel import Session, col, select

from gosapp.models.accounts import User, utcnow
from gosapp.models.registry import Clinic, Specialty
from gosapp.models.scheduling import Appointment, AppointmentStatus, Resource

A = AppointmentStatus
PRODID = "-//Госпортал здоровья//Мои записи//RU"
UID_DOMAIN = "gosapp"
SHOWN = (A.SCHEDULED, A.COMPLETED, A.NO_SHOW, A.CANCELLED)  # visits with a calendar entry
FEED_PAST = timedelta(days=30)
FEED_NAME = "Приёмы у врача — Госпортал здоровья"

Row = tuple[Appointment, Resource, Clinic, Specialty | None]


def uid(number: str) -> str:
    """The stable UID of visit ``number``."""
    return f"{number}@{UID_DOMAIN}"


def own_visit(*, session: Session, patient: User, appointment_id: int) -> Row | None:
    """The patient's own visit that has a calendar entry, with its doctor, clinic and
    specialty; None for anyone else's, a hold, or a number handed on to a rescheduled visit."""
    row = session.exec(_query().where(col(Appointment.id) == appointment_id)).first()
    if row is None or row[0].patient_id != patient.id:
        return None
    return row


def visit_file(row: Row, now: datetime | None = None) -> bytes:
    """One visit's ``.ics``: ``METHOD:CANCEL`` when it was cancelled, else ``PUBLISH``."""
    cancelled = row[0].status == A.CANCELLED
    return _calendar([row], "CANCEL" if cancelled else "PUBLISH", now or utcnow())


def feed_file(*, session: Session, patient: User, now: datetime | None = None) -> bytes:
    """The personal feed: the patient's visits of the last 30 days and all future ones."""
    now = now or utcnow()
    rows = session.exec(
        _query()
        .where(
            col(Appointment.patient_id) == patient.id,
            col(Appointment.starts_at) >= now - FEED_PAST,
        )
        .order_by(col(Appointment.starts_at))
    ).all()
    return _calendar(list(rows), "PUBLISH", now, name=FEED_NAME)


def file_name(row: Row) -> str:
    """``ЗП-2027-000123.ics``."""
    return f"{row[0].number}.ics"


def _query():
    return (
        select(Appointment, Resource, Clinic, Specialty)
        .join(Resource, col(Resource.id) == Appointment.resource_id)
        .join(Clinic, col(Clinic.id) == Resource.clinic_id)
        .outerjoin(Specialty, col(Specialty.id) == Appointment.specialty_id)
        .where(col(Appointment.status).in_(SHOWN), col(Appointment.number).is_not(None))
    )


def _calendar(rows: Sequence[Row], method: str, now: datetime, name: str = "") -> bytes:
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", method)
    if name:
        calendar.add("x-wr-calname", name)
    for row in rows:
        calendar.add_component(_event(row, now))
    if rows:
        first = min(_aware(r[0].starts_at) for r in rows).date() - timedelta(days=1)
        last = max(_aware(r[0].ends_at) for r in rows).date() + timedelta(days=1)
        calendar.add_missing_timezones(first_date=first, last_date=last)
    return calendar.to_ical()


def _event(row: Row, now: datetime) -> Event:
    visit, resource, clinic, specialty = row
    zone = ZoneInfo(clinic.timezone)
    event = Event()
    event.add("uid", uid(visit.number or ""))
    event.add("dtstamp", now.astimezone(UTC))
    event.add("dtstart", _aware(visit.starts_at).astimezone(zone))
    event.add("dtend", _aware(visit.ends_at).astimezone(zone))
    event.add("summary", f"Приём: {_specialty(specialty)}, {resource.name}")
    event.add("location", clinic.address)
    event.add("description", _description(visit, resource, clinic))
    event.add("sequence", _sequence(visit))
    cancelled = visit.status == A.CANCELLED
    event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    event.add("transp", "TRANSPARENT" if cancelled else "OPAQUE")
    return event


def _specialty(specialty: Specialty | None) -> str:
    return specialty.name.lower() if specialty else "запись"


def _description(visit: Appointment, resource: Resource, clinic: Clinic) -> str:
    lines = [f"Запись {visit.number}", clinic.name]
    if resource.room:
        lines.append(f"Кабинет {resource.room}")
    if clinic.phone:
        lines.append(f"Регистратура: {clinic.phone}")
    return "\n".join(lines)


def _sequence(visit: Appointment) -> int:
    """Grows with each change: the time of the latest one, in minutes since 2020."""
    changed = visit.cancelled_at or visit.booked_at or visit.created_at
    epoch = datetime(2020, 1, 1, tzinfo=UTC)
    return max(0, int((_aware(changed) - epoch).total_seconds() // 60))


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
