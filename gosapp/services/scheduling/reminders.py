"""Visit reminders 24 hours and 2 hours before (SPEC §2.1), through the notifications core
(in the app always, by e-mail/SMS per the patient's preferences).

Each reminder is claimed by one conditional UPDATE that sets its mark only where it is still
empty and the visit still scheduled; only the worker whose UPDATE changed the row sends it, in
the same transaction. So a second worker, or a run after a restart, never sends one twice, a
cancelled visit is never reminded, and a crash before commit loses the claim and the
notification together (the next run sends it). A run that missed the 24-hour moment catches up
while the visit is still more than 2 hours away; within 2 hours only the 2-hour reminder goes
out, and it marks the 24-hour one done as well.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import and_, func, or_, update
from sqlmodel import Session, col, select

from gosapp import routes
from gosapp.models.accounts import User, utcnow
from gosapp.models.registry import Clinic
from gosapp.models.scheduling import Appointment, AppointmentStatus, Resource
from gosapp.services.notifications.inbox import notify
from gosapp.services.scheduling.display import zone_note

A = AppointmentStatus
DAY_BEFORE = timedelta(hours=24)
HOURS_BEFORE = timedelta(hours=2)
BATCH = 200


@dataclass(frozen=True)
class Sent:
    """What one run sent: visit ids reminded 24 h and 2 h ahead."""

    day: tuple[int, ...] = ()
    hours: tuple[int, ...] = ()


def send_due(session: Session, now: datetime | None = None) -> Sent:
    """Claim and send every reminder due at ``now`` (in the caller's transaction)."""
    now = now or utcnow()
    day, hours = [], []
    for visit in _due(session, now):
        if _aware(visit.starts_at) - now <= HOURS_BEFORE:
            if _claim(session, visit.id, now, col(Appointment.reminded_2h_at)):
                _remind(session, visit, now)
                hours.append(visit.id)
        elif _claim(session, visit.id, now, col(Appointment.reminded_24h_at)):
            _remind(session, visit, now)
            day.append(visit.id)
    return Sent(tuple(day), tuple(hours))


def _due(session: Session, now: datetime) -> list[Appointment]:
    """Scheduled visits ahead within 24 hours with a reminder still to send."""
    return list(
        session.exec(
            select(Appointment)
            .where(
                col(Appointment.status) == A.SCHEDULED,
                col(Appointment.starts_at) > now,
                col(Appointment.starts_at) <= now + DAY_BEFORE,
                or_(
                    col(Appointment.reminded_24h_at).is_(None),
                    and_(
                        col(Appointment.reminded_2h_at).is_(None),
                        col(Appointment.starts_at) <= now + HOURS_BEFORE,
                    ),
                ),
            )
            .order_by(col(Appointment.starts_at))
            .limit(BATCH)
        )
    )


def _claim(session: Session, visit_id: int, now: datetime, mark) -> bool:
    """Set ``mark`` (and, for the 2-hour one, the 24-hour one if still empty) where it is
    empty and the visit still scheduled; True for the one caller that changed the row."""
    values: dict = {mark.key: now}
    if mark.key == "reminded_2h_at":
        values["reminded_24h_at"] = func.coalesce(col(Appointment.reminded_24h_at), now)
    done = session.execute(
        update(Appointment)
        .where(
            col(Appointment.id) == visit_id,
            mark.is_(None),
            col(Appointment.status) == A.SCHEDULED,
        )
        .values(**values)
    )
    return done.rowcount == 1  # type: ignore[attr-defined]


def _remind(session: Session, visit: Appointment, now: datetime) -> None:
    patient = session.get(User, visit.patient_id)
    resource = session.get(Resource, visit.resource_id)
    clinic = session.get(Clinic, resource.clinic_id) if resource else None
    if patient is None or resource is None or clinic is None:
        return
    notify(
        session=session,
        user=patient,
        title=reminder_text(visit, resource, clinic, now),
        body=f"Запись {visit.number}. {clinic.short_name or clinic.name}, {clinic.address}.",
        link=routes.my_appointment(visit.number),
    )


def reminder_text(visit: Appointment, resource: Resource, clinic: Clinic, now: datetime) -> str:
    """«Напоминание: приём завтра в 10:30, Смирнова А. В., каб. 212»."""
    zone = ZoneInfo(clinic.timezone)
    starts = _aware(visit.starts_at).astimezone(zone)
    days = (starts.date() - now.astimezone(zone).date()).days
    day = {0: "сегодня", 1: "завтра"}.get(days, f"{starts:%d.%m.%Y}")
    note = zone_note(clinic.timezone)
    parts = [f"Напоминание: приём {day} в {starts:%H:%M}" + (f" ({note})" if note else "")]
    parts.append(initials(resource.name))
    if resource.room:
        parts.append(f"каб. {resource.room}")
    return ", ".join(parts)


def initials(name: str) -> str:
    """«Смирнова Анна Викторовна» → «Смирнова А. В.»; a one-word name («Окно 2») as it is."""
    words = name.split()
    if len(words) < 2 or not all(w[:1].isupper() for w in words):
        return name
    return " ".join([words[0], *(f"{w[0]}." for w in words[1:])])


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
