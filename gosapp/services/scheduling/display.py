"""Visit times as people read them: in the institution's own time zone, labelled when it is
not the portal's (a patient in Moscow booking in Владивосток sees Владивосток time, marked so)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlmodel import Session, col, select

from gosapp.models.registry import Clinic
from gosapp.models.scheduling import Appointment, Resource
from gosapp.settings import get_settings

# The zones the network's institutions use, named as a Russian reader expects.
ZONE_NAMES = {
    "Europe/Kaliningrad": "калининградское время",
    "Europe/Moscow": "московское время",
    "Europe/Samara": "самарское время",
    "Asia/Yekaterinburg": "время Екатеринбурга",
    "Asia/Omsk": "омское время",
    "Asia/Novosibirsk": "время Новосибирска",
    "Asia/Krasnoyarsk": "красноярское время",
    "Asia/Irkutsk": "иркутское время",
    "Asia/Yakutsk": "якутское время",
    "Asia/Vladivostok": "время Владивостока",
    "Asia/Magadan": "магаданское время",
    "Asia/Kamchatka": "камчатское время",
}
WEEKDAYS = ("пн", "вт", "ср", "чт", "пт", "сб", "вс")


def zone_note(zone: str) -> str:
    """«время Владивостока, МСК+7» for a zone other than the portal's; "" for the portal's own."""
    portal = get_settings().timezone
    if zone == portal:
        return ""
    name = ZONE_NAMES.get(zone, zone)
    if portal != "Europe/Moscow":
        return name
    hours = round((_offset(zone) - _offset(portal)).total_seconds() / 3600)
    return f"{name}, МСК{hours:+d}"


def _offset(zone: str) -> timedelta:
    return datetime.now(ZoneInfo(zone)).utcoffset() or timedelta(0)


def local_time(moment: datetime, zone: str) -> str:
    """``ДД.ММ.ГГГГ ЧЧ:ММ`` in ``zone``, with the zone named when it is not the portal's."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    text = moment.astimezone(ZoneInfo(zone)).strftime("%d.%m.%Y %H:%M")
    note = zone_note(zone)
    return f"{text} ({note})" if note else text


def zone_of(session: Session, resource_id: int) -> str:
    """The time zone a resource works in: its institution's."""
    return session.exec(
        select(Clinic.timezone)
        .join(Resource, col(Resource.clinic_id) == Clinic.id)
        .where(col(Resource.id) == resource_id)
    ).one()


def visit_time(session: Session, visit: Appointment) -> str:
    """When a visit is, as its patient reads it (``12.01.2027 10:30 (время Владивостока…)``)."""
    return local_time(visit.starts_at, zone_of(session, visit.resource_id))
