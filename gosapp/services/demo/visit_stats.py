"""A year of the demo doctor's past visits for the statistics on `/frmr` (``gosapp seed-demo``):
from a year ago to the start of this week (this week belongs to the schedules step), on the
doctor's own template slots, with a realistic shape — mornings busier than afternoons, a two-
week summer vacation, about 80 % held, 8 % no-shows and the rest cancelled by patients.

The patients are the schedules step's filler patients (never the demo accounts, whose histories
other stories use). Deterministic for a given day. Idempotent: a doctor with any visit older
than ``SINCE_DAYS - 7`` days is left alone.
"""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, time, timedelta

from sqlmodel import Session, col, select

from gosapp.models.accounts import Role, User
from gosapp.models.scheduling import Appointment, AppointmentStatus, Resource
from gosapp.services.common.workdays import local_date
from gosapp.services.demo.accounts import DEMO_SEED
from gosapp.services.demo.scheduling import COMPLAINTS, _add_visit, _demo_user
from gosapp.services.scheduling import calendar

A = AppointmentStatus
SINCE_DAYS = 364
VACATION = (150, 137)  # days ago: two weeks off in the summer of a December demo
OUTCOMES = ((A.COMPLETED, 0.8), (A.NO_SHOW, 0.08), (A.CANCELLED, 0.12))


def booked_share(hour: int) -> float:
    """How full an hour's slots were: mornings most, evenings least."""
    if hour < 12:
        return 0.85
    return 0.6 if hour < 16 else 0.4


def seed_visit_stats(*, session: Session, today: date | None = None) -> int:
    """Add the demo doctor's past year of visits unless present; return how many were added."""
    doctor = _demo_user(session, Role.DOCTOR)
    resource = (
        session.exec(select(Resource).where(col(Resource.user_id) == doctor.id)).first()
        if doctor
        else None
    )
    fillers = list(
        session.exec(
            select(User)
            .where(col(User.email).like("demo-patient-%@demo.gosapp.ru"))
            .order_by(col(User.id))
        )
    )
    if resource is None or not fillers:
        return 0
    today = today or local_date(datetime.now(UTC))
    first = today - timedelta(days=SINCE_DAYS)
    older = datetime.combine(first + timedelta(days=7), time(0), tzinfo=UTC)
    if session.exec(
        select(Appointment.id).where(
            col(Appointment.resource_id) == resource.id, col(Appointment.starts_at) < older
        )
    ).first():
        return 0
    return _year(session, resource, fillers, first, today)


def _year(session: Session, resource: Resource, fillers: list[User], first: date, today) -> int:
    rng = random.Random(DEMO_SEED + 16)  # noqa: S311 - demo data, not secrets
    schedules = calendar.load_schedules(session, [resource.id])
    monday = today - timedelta(days=today.weekday())
    taken = set(
        session.exec(
            select(Appointment.starts_at).where(col(Appointment.resource_id) == resource.id)
        )
    )
    taken = {t.replace(tzinfo=UTC) if t.tzinfo is None else t.astimezone(UTC) for t in taken}
    vacation = (today - timedelta(days=VACATION[0]), today - timedelta(days=VACATION[1]))
    added = 0
    day = first
    while day < monday:
        if not vacation[0] <= day <= vacation[1]:
            for slot in schedules.slots(resource.id, day):
                if slot.starts_utc in taken or rng.random() > booked_share(slot.starts.hour):
                    continue
                status = rng.choices([o for o, _ in OUTCOMES], [w for _, w in OUTCOMES])[0]
                patient = rng.choice(fillers)
                complaint = rng.choice(COMPLAINTS)
                _add_visit(
                    session, resource, patient, slot.starts_utc, slot.ends, status, complaint
                )
                added += 1
        day += timedelta(days=1)
    session.flush()
    return added
