"""Doctors' schedules in the back office (SPEC §5): weekly templates and exceptions.

Registrars and admins only, checked here for every call. A change that removes booked visits
is previewed first (``affected_visits``: a visit is hit when its start is no longer a slot of
the changed schedule, computed with ``calendar.day_slots`` over the days the change touches),
and ``apply`` refuses to cancel any visit the registrar was not shown: a visit booked between
the preview and the save makes it ask again. Each hit visit is cancelled with one conditional
UPDATE and its patient notified; every change is audited.

Functions flush but never commit: the caller owns the transaction.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from sqlalchemy import delete, update
from sqlmodel import Session, col, select

from gosapp import routes
from gosapp.models.accounts import User, utcnow
from gosapp.models.registry import Clinic
from gosapp.models.scheduling import (
    Appointment,
    AppointmentStatus,
    Resource,
    ScheduleException,
    ScheduleTemplate,
)
from gosapp.services.common.audit import Actor, record
from gosapp.services.common.display import full_name
from gosapp.services.common.errors import DomainError, NotFound
from gosapp.services.common.validation import parse_id
from gosapp.services.identity.roles import require_staff
from gosapp.services.notifications.inbox import notify
from gosapp.services.scheduling import calendar
from gosapp.services.scheduling.display import local_time
from gosapp.services.scheduling.schedule_forms import (
    AddException,
    Change,
    DayHours,
    RemoveException,
    SetWeekday,
)

A = AppointmentStatus
RESOURCE_NOT_FOUND = "Врач или окно приёма не найдены"


class Unconfirmed(DomainError):
    """The change now hits visits the registrar has not seen (booked since the preview)."""

    def __init__(self, visits: list[HitVisit]):
        super().__init__("С момента проверки появились новые записи: подтвердите изменение снова")
        self.visits = visits


@dataclass(frozen=True)
class HitVisit:
    """A booked visit the change would cancel, as the confirmation lists it."""

    id: int
    number: str
    when: str  # «12.01.2027 10:00», in the clinic's time
    patient: str


# --- reading ----------------------------------------------------------------------------------


def resource_of(session: Session, user: User, resource_id: object) -> Resource:
    """A resource the back office may edit (any, for registrars and admins)."""
    require_staff(session, user)
    resource = session.get(Resource, parse_id(resource_id, RESOURCE_NOT_FOUND))
    if resource is None:
        raise NotFound(RESOURCE_NOT_FOUND)
    return resource


def templates_of(session: Session, resource_id: int) -> list[ScheduleTemplate]:
    """A resource's weekday templates, Monday first."""
    return list(
        session.exec(
            select(ScheduleTemplate)
            .where(col(ScheduleTemplate.resource_id) == resource_id)
            .order_by(col(ScheduleTemplate.weekday), col(ScheduleTemplate.starts))
        )
    )


def exceptions_of(
    session: Session, resource_id: int, since: date | None = None
) -> list[ScheduleException]:
    """A resource's exceptions (those ending on ``since`` or later), by first day."""
    query = select(ScheduleException).where(col(ScheduleException.resource_id) == resource_id)
    if since is not None:
        query = query.where(col(ScheduleException.last_day) >= since)
    return list(session.exec(query.order_by(col(ScheduleException.first_day))))


def zone_of(session: Session, resource: Resource) -> ZoneInfo:
    """The zone the resource's institution works in."""
    clinic = session.get(Clinic, resource.clinic_id)
    return ZoneInfo(clinic.timezone if clinic else "Europe/Moscow")


def local_today(session: Session, resource: Resource, now: datetime | None = None) -> date:
    """Today in the resource's institution."""
    return (now or utcnow()).astimezone(zone_of(session, resource)).date()


# --- what a change would do -------------------------------------------------------------------


def _changed(
    session: Session, resource: Resource, change: Change
) -> tuple[list[ScheduleTemplate], list[ScheduleException]]:
    """The templates and exceptions as they would be after ``change`` (nothing is written)."""
    templates = templates_of(session, resource.id)
    exceptions = exceptions_of(session, resource.id)
    if isinstance(change, SetWeekday):
        templates = [t for t in templates if t.weekday != change.weekday]
        if change.hours is not None:
            templates.append(_template(resource.id, change.weekday, change.hours))
    elif isinstance(change, AddException):
        exceptions = [*exceptions, _exception(resource.id, change)]
    else:
        exceptions = [e for e in exceptions if e.id != change.exception_id]
    return templates, exceptions


def _touches(session: Session, resource: Resource, change: Change, day: date) -> bool:
    """Whether ``change`` may alter the slots of local ``day``."""
    if isinstance(change, SetWeekday):
        return day.weekday() == change.weekday
    if isinstance(change, AddException):
        return change.first_day <= day <= change.last_day
    removed = session.get(ScheduleException, change.exception_id)
    return removed is not None and removed.first_day <= day <= removed.last_day


def _hit(session: Session, resource: Resource, change: Change, now: datetime) -> list[Appointment]:
    templates, exceptions = _changed(session, resource, change)
    zone = zone_of(session, resource)
    future = session.exec(
        select(Appointment)
        .where(
            col(Appointment.resource_id) == resource.id,
            col(Appointment.status) == A.SCHEDULED,
            col(Appointment.starts_at) > now,
        )
        .order_by(col(Appointment.starts_at))
    ).all()
    hit, slots_by_day = [], {}
    for visit in future:
        local = _utc(visit.starts_at).astimezone(zone)
        if not _touches(session, resource, change, local.date()):
            continue
        if local.date() not in slots_by_day:
            slots = calendar.day_slots(resource.id, templates, exceptions, local.date(), zone)
            slots_by_day[local.date()] = {s.starts for s in slots}
        if local not in slots_by_day[local.date()]:
            hit.append(visit)
    return hit


def affected_visits(
    *,
    session: Session,
    user: User,
    resource_id: object,
    change: Change,
    now: datetime | None = None,
) -> list[HitVisit]:
    """The scheduled future visits ``change`` would cancel, before anything is saved."""
    resource = resource_of(session, user, resource_id)
    _check_change(session, resource, change)
    return [_hit_row(session, v) for v in _hit(session, resource, change, now or utcnow())]


def _hit_row(session: Session, visit: Appointment) -> HitVisit:
    patient = session.get(User, visit.patient_id)
    zone = session.exec(
        select(Clinic.timezone)
        .join(Resource, col(Resource.clinic_id) == Clinic.id)
        .where(col(Resource.id) == visit.resource_id)
    ).one()
    return HitVisit(visit.id, visit.number or "", local_time(visit.starts_at, zone), _name(patient))


def _name(user: User | None) -> str:
    return full_name(user) if user else ""


# --- saving -----------------------------------------------------------------------------------


def apply(
    *,
    session: Session,
    user: User,
    resource_id: object,
    change: Change,
    confirmed: Collection[int],
    actor: Actor,
    now: datetime | None = None,
) -> list[HitVisit]:
    """Save ``change``, cancel the visits it hits and tell their patients; the cancelled visits.

    ``confirmed`` are the ids of the visits the registrar was shown; a hit visit outside them
    raises Unconfirmed (with the new list) and nothing is saved.
    """
    now = now or utcnow()
    resource = resource_of(session, user, resource_id)
    _check_change(session, resource, change)
    hit = _hit(session, resource, change, now)
    if {v.id for v in hit} - set(confirmed):
        raise Unconfirmed([_hit_row(session, v) for v in hit])
    rows = [_hit_row(session, v) for v in hit]
    _save(session, resource, change, actor)
    for visit in hit:
        _cancel(session, resource, visit, actor, now)
    return rows


def _check_change(session: Session, resource: Resource, change: Change) -> None:
    if isinstance(change, RemoveException):
        found = session.get(ScheduleException, change.exception_id)
        if found is None or found.resource_id != resource.id:
            raise NotFound("Исключение не найдено: обновите страницу")


def _save(session: Session, resource: Resource, change: Change, actor: Actor) -> None:
    if isinstance(change, SetWeekday):
        session.execute(
            delete(ScheduleTemplate).where(
                col(ScheduleTemplate.resource_id) == resource.id,
                col(ScheduleTemplate.weekday) == change.weekday,
            )
        )
        if change.hours is not None:
            session.add(_template(resource.id, change.weekday, change.hours))
        action, details = "schedule.template.save", f"weekday={change.weekday}"
    elif isinstance(change, AddException):
        session.add(_exception(resource.id, change))
        action = "schedule.exception.add"
        details = f"{change.kind.value} {change.first_day}..{change.last_day}"
    else:
        session.execute(
            delete(ScheduleException).where(col(ScheduleException.id) == change.exception_id)
        )
        action, details = "schedule.exception.remove", f"exception={change.exception_id}"
    session.flush()
    record(
        session=session,
        actor=actor,
        action=action,
        object_type="resource",
        object_id=resource.id,
        details=details,
    )


def _cancel(
    session: Session, resource: Resource, visit: Appointment, actor: Actor, now: datetime
) -> None:
    """scheduled → cancelled by staff (a visit changed meanwhile is left alone), and notify."""
    done = session.execute(
        update(Appointment)
        .where(col(Appointment.id) == visit.id, col(Appointment.status) == A.SCHEDULED)
        .values(status=A.CANCELLED, cancelled_at=now, cancelled_by="staff")
        .execution_options(synchronize_session=False)
    )
    if done.rowcount != 1:  # type: ignore[attr-defined]
        return
    session.refresh(visit)
    record(
        session=session,
        actor=actor,
        action="appointment.cancel",
        object_type="appointment",
        object_id=visit.number or visit.id,
        details="schedule change",
    )
    patient = session.get(User, visit.patient_id)
    if patient is not None:
        when = local_time(visit.starts_at, zone_of(session, resource).key)
        notify(
            session=session,
            user=patient,
            title=f"Приём {visit.number or ''} отменён".replace("  ", " "),
            body=f"Приём {when} ({resource.name}) отменён из-за изменения расписания, "
            "запишитесь на другое время",
            link=routes.APPOINTMENTS,
        )


def _template(resource_id: int, weekday: int, hours: DayHours) -> ScheduleTemplate:
    return ScheduleTemplate(
        resource_id=resource_id,
        weekday=weekday,
        starts=hours.starts,
        ends=hours.ends,
        slot_minutes=hours.slot_minutes,
        break_starts=hours.break_starts,
        break_ends=hours.break_ends,
        room=hours.room,
        works_on_holidays=hours.works_on_holidays,
    )


def _exception(resource_id: int, change: AddException) -> ScheduleException:
    return ScheduleException(
        resource_id=resource_id,
        kind=change.kind,
        first_day=change.first_day,
        last_day=change.last_day,
        starts=change.starts,
        ends=change.ends,
        slot_minutes=change.slot_minutes,
        comment=change.comment,
    )


def _utc(moment: datetime) -> datetime:
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)
