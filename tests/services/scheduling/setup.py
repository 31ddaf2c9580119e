"""Scheduling test data: a doctor with a weekday template at a clinic, at a fixed clock."""

from datetime import UTC, datetime, time

from sqlmodel import Session

from gosapp.models.scheduling import Resource, ScheduleTemplate
from gosapp.services.common.audit import Actor
from tests.factories import give_documents, make_clinic, make_specialty, make_user

# Monday 11.01.2027 09:00 in Moscow: the first working day after the New Year holidays.
MONDAY = datetime(2027, 1, 11, 6, 0, tzinfo=UTC)
ACTOR = Actor(ip="127.0.0.1", user_agent="pytest")


def make_doctor(
    session: Session,
    *,
    specialty=None,
    clinic=None,
    weekdays=(0, 1, 2, 3, 4),
    starts=time(9, 0),
    ends=time(13, 0),
    slot_minutes=20,
    **template,
) -> Resource:
    """A doctor resource working ``starts``–``ends`` on ``weekdays`` (Moscow unless ``clinic``)."""
    specialty = specialty or make_specialty(session)
    clinic = clinic or make_clinic(session)
    resource = Resource(
        clinic_id=clinic.id, specialty_id=specialty.id, name="Смирнова Анна Викторовна"
    )
    session.add(resource)
    session.flush()
    for weekday in weekdays:
        session.add(
            ScheduleTemplate(
                resource_id=resource.id,
                weekday=weekday,
                starts=starts,
                ends=ends,
                slot_minutes=slot_minutes,
                **template,
            )
        )
    session.flush()
    return resource


def make_patient(session: Session, **overrides):
    """A citizen on the standard level (booking needs it)."""
    return give_documents(session, make_user(session, **overrides))


def at(day: int, hour: int, minute: int = 0, month: int = 1) -> datetime:
    """A Moscow wall-clock time in January 2027 as UTC (Moscow is UTC+3 all year)."""
    return datetime(2027, month, day, hour - 3, minute, tzinfo=UTC)
