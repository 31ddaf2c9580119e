"""Free slots from weekly templates, exceptions, public holidays and the visits already taken.

Nothing here is stored: a slot is a start time the templates produce on a day, in the
institution's local time, minus those with a live (held or scheduled) visit. Templates and
exceptions of all asked resources are read in one query each, the live visits of the range in a
third, so a month of 30 doctors costs three queries however many slots it has.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

import holidays
from sqlalchemy import or_
from sqlmodel import Session, col, select

from gosapp.models.registry import Clinic
from gosapp.models.scheduling import (
    Appointment,
    AppointmentStatus,
    ExceptionKind,
    Resource,
    ScheduleException,
    ScheduleTemplate,
)

HORIZON_DAYS = 42  # six weeks ahead (SPEC §2.1)
BOOKING_CLOSES = timedelta(hours=1)  # a slot cannot be booked later than an hour before it


@dataclass(frozen=True)
class Slot:
    """One bookable start time of a resource; ``starts``/``ends`` are local to its institution."""

    resource_id: int
    starts: datetime  # aware, in the institution's zone
    ends: datetime

    @property
    def starts_utc(self) -> datetime:
        """The start as stored in ``Appointment.starts_at``."""
        return self.starts.astimezone(UTC)


@lru_cache(maxsize=16)
def _holidays(year: int) -> holidays.HolidayBase:
    return holidays.RU(years=year)


def is_public_holiday(day: date) -> bool:
    """A Russian public holiday or a day off moved there by decree."""
    return day in _holidays(day.year)


def _day_periods(
    templates: Sequence[ScheduleTemplate], exceptions: Sequence[ScheduleException], day: date
) -> list[tuple[time, time, int]]:
    """Working periods (start, end, slot minutes) of one resource on ``day``."""
    todays = [e for e in exceptions if e.first_day <= day <= e.last_day]
    if any(e.kind != ExceptionKind.EXTRA_DAY for e in todays):
        return []  # vacation or sick leave closes the day
    extra = [e for e in todays if e.starts and e.ends]
    if extra:
        return [(e.starts, e.ends, e.slot_minutes) for e in extra if e.starts and e.ends]
    holiday = is_public_holiday(day)
    periods: list[tuple[time, time, int]] = []
    for t in templates:
        if t.weekday != day.weekday() or (holiday and not t.works_on_holidays):
            continue
        if t.break_starts and t.break_ends:
            periods += [(t.starts, t.break_starts, t.slot_minutes)]
            periods += [(t.break_ends, t.ends, t.slot_minutes)]
        else:
            periods.append((t.starts, t.ends, t.slot_minutes))
    return periods


def day_slots(
    resource_id: int,
    templates: Sequence[ScheduleTemplate],
    exceptions: Sequence[ScheduleException],
    day: date,
    zone: ZoneInfo,
) -> list[Slot]:
    """Every slot the schedule gives on ``day``, taken or not, in start order."""
    slots = []
    for starts, ends, minutes in _day_periods(templates, exceptions, day):
        step = timedelta(minutes=max(5, minutes))
        current = datetime.combine(day, starts, tzinfo=zone)
        end = datetime.combine(day, ends, tzinfo=zone)
        while current + step <= end:
            slots.append(Slot(resource_id, current, current + step))
            current += step
    return sorted(slots, key=lambda s: s.starts)


@dataclass
class Schedules:
    """Templates, exceptions and zones of some resources, loaded once."""

    zones: dict[int, ZoneInfo]
    templates: dict[int, list[ScheduleTemplate]]
    exceptions: dict[int, list[ScheduleException]]

    def slots(self, resource_id: int, day: date) -> list[Slot]:
        """All slots of ``resource_id`` on ``day`` (its institution's local date)."""
        return day_slots(
            resource_id,
            self.templates.get(resource_id, []),
            self.exceptions.get(resource_id, []),
            day,
            self.zones[resource_id],
        )


def load_schedules(session: Session, resource_ids: Iterable[int]) -> Schedules:
    """The schedules of active ``resource_ids`` (unknown or inactive ones are left out)."""
    ids = list(set(resource_ids))
    rows = session.exec(
        select(Resource.id, Clinic.timezone)
        .join(Clinic, col(Clinic.id) == Resource.clinic_id)
        .where(col(Resource.id).in_(ids), col(Resource.active).is_(True))
    ).all()
    zones = {rid: ZoneInfo(tz) for rid, tz in rows}
    templates: dict[int, list[ScheduleTemplate]] = defaultdict(list)
    for t in session.exec(
        select(ScheduleTemplate).where(col(ScheduleTemplate.resource_id).in_(zones))
    ):
        templates[t.resource_id].append(t)
    exceptions: dict[int, list[ScheduleException]] = defaultdict(list)
    for e in session.exec(
        select(ScheduleException).where(col(ScheduleException.resource_id).in_(zones))
    ):
        exceptions[e.resource_id].append(e)
    return Schedules(zones, dict(templates), dict(exceptions))


def taken_starts(
    session: Session, resource_ids: Iterable[int], since: datetime, until: datetime, now: datetime
) -> set[tuple[int, datetime]]:
    """(resource, UTC start) of the live visits in [since, until): scheduled, or held and not
    yet expired (an expired hold frees its slot even before anything marks it expired)."""
    rows = session.exec(
        select(Appointment.resource_id, Appointment.starts_at).where(
            col(Appointment.resource_id).in_(list(resource_ids)),
            col(Appointment.starts_at) >= since,
            col(Appointment.starts_at) < until,
            or_(
                col(Appointment.status) == AppointmentStatus.SCHEDULED,
                (col(Appointment.status) == AppointmentStatus.HELD)
                & (col(Appointment.hold_expires_at) > now),
            ),
        )
    ).all()
    return {(rid, _utc(starts)) for rid, starts in rows}


def _utc(moment: datetime) -> datetime:
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def free_slots(
    session: Session, resource_ids: Iterable[int], first_day: date, last_day: date, now: datetime
) -> dict[int, list[Slot]]:
    """Bookable slots per resource on the days ``first_day``..``last_day`` (local dates), within
    the six-week horizon and not later than an hour from ``now``."""
    schedules = load_schedules(session, resource_ids)
    if not schedules.zones:
        return {}
    horizon = now.date() + timedelta(days=HORIZON_DAYS)
    last_day = min(last_day, horizon)
    since = datetime.combine(first_day, time(0), tzinfo=UTC) - timedelta(days=1)
    until = datetime.combine(last_day, time(0), tzinfo=UTC) + timedelta(days=2)
    taken = taken_starts(session, schedules.zones, since, until, now)
    opens = now + BOOKING_CLOSES
    result: dict[int, list[Slot]] = {}
    for rid in schedules.zones:
        slots = []
        day = first_day
        while day <= last_day:
            slots += [
                s
                for s in schedules.slots(rid, day)
                if s.starts >= opens and (rid, s.starts_utc) not in taken
            ]
            day += timedelta(days=1)
        result[rid] = slots
    return result


def month_counts(
    session: Session, resource_ids: Iterable[int], year: int, month: int, now: datetime
) -> dict[date, int]:
    """Free slots per local day of a month over all ``resource_ids`` (days with none left out)."""
    first = date(year, month, 1)
    last = (first + timedelta(days=32)).replace(day=1) - timedelta(days=1)
    counts: dict[date, int] = defaultdict(int)
    for slots in free_slots(session, resource_ids, max(first, now.date()), last, now).values():
        for slot in slots:
            counts[slot.starts.date()] += 1
    return dict(counts)


def bookable_slot(session: Session, resource_id: int, starts_at: datetime, now: datetime) -> Slot:
    """The slot of ``resource_id`` starting at ``starts_at`` (any zone) when its schedule has
    one and it is within the booking window; ``LookupError`` otherwise. Whether somebody holds
    it is the unique index's business, not this function's."""
    schedules = load_schedules(session, [resource_id])
    if resource_id not in schedules.zones:
        raise LookupError("no such resource")
    local = starts_at.astimezone(schedules.zones[resource_id])
    slot = next((s for s in schedules.slots(resource_id, local.date()) if s.starts == local), None)
    horizon = now + timedelta(days=HORIZON_DAYS + 1)
    if slot is None or not (now + BOOKING_CLOSES <= slot.starts <= horizon):
        raise LookupError("not a bookable slot")
    return slot
