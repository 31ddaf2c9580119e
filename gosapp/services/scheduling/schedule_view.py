"""What the back office's schedules page shows: clinics, their resources, a resource's week and
its exceptions, as display rows. Registrars and admins only (``require_staff`` in each call)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, time

from sqlmodel import Session, col, select

from gosapp.models.accounts import User
from gosapp.models.registry import Clinic, Specialty
from gosapp.models.scheduling import ExceptionKind, Resource, ResourceKind
from gosapp.services.identity.roles import require_staff
from gosapp.services.scheduling.schedule_forms import EXCEPTION_LABELS
from gosapp.services.scheduling.schedules import exceptions_of, resource_of, templates_of

WEEKDAY_NAMES = (
    "Понедельник",
    "Вторник",
    "Среда",
    "Четверг",
    "Пятница",
    "Суббота",
    "Воскресенье",
)


@dataclass(frozen=True)
class Option:
    """A choice in a select: the id as text and what it reads."""

    value: str
    label: str


@dataclass(frozen=True)
class WeekdayRow:
    """One weekday of a resource's template; the raw values fill the edit form."""

    weekday: int
    name: str
    working: bool
    hours: str  # «08:00–14:00» or «выходной»
    pause: str  # «11:00–11:30» or «—»
    slot: str  # «20 мин»
    room: str
    holidays: str  # «работает» / ""
    starts: str
    ends: str
    slot_minutes: str
    break_starts: str
    break_ends: str
    works_on_holidays: bool


@dataclass(frozen=True)
class ExceptionRow:
    """One exception as the list shows it."""

    id: int
    kind: str
    period: str  # «12.01.2027 — 25.01.2027» or «16.01.2027»
    hours: str  # an extra day's hours, else ""
    comment: str


def clinic_options(*, session: Session, user: User) -> list[Option]:
    """Institutions that have something with a schedule, by name."""
    require_staff(session, user)
    rows = session.exec(
        select(Clinic)
        .where(col(Clinic.id).in_(select(Resource.clinic_id)))
        .order_by(col(Clinic.short_name))
    ).all()
    return [Option(str(c.id), c.short_name) for c in rows]


def specialty_options(*, session: Session, user: User, clinic_id: int) -> list[Option]:
    """The specialties of a clinic's doctors."""
    require_staff(session, user)
    rows = session.exec(
        select(Specialty)
        .join(Resource, col(Resource.specialty_id) == Specialty.id)
        .where(col(Resource.clinic_id) == clinic_id)
        .distinct()
        .order_by(col(Specialty.name))
    ).all()
    return [Option(str(s.id), s.name) for s in rows]


def resource_options(
    *, session: Session, user: User, clinic_id: int, specialty_id: int | None = None
) -> list[Option]:
    """A clinic's doctors and windows (of one specialty when given), by name."""
    require_staff(session, user)
    query = (
        select(Resource, Specialty)
        .join(Specialty, col(Specialty.id) == Resource.specialty_id, isouter=True)
        .where(col(Resource.clinic_id) == clinic_id)
    )
    if specialty_id is not None:
        query = query.where(col(Resource.specialty_id) == specialty_id)
    rows = session.exec(query.order_by(col(Resource.kind), col(Resource.name))).all()
    return [Option(str(r.id), _resource_label(r, s)) for r, s in rows]


def _resource_label(resource: Resource, specialty: Specialty | None) -> str:
    if resource.kind == ResourceKind.OFFICE_WINDOW or specialty is None:
        return resource.name
    return f"{resource.name} — {specialty.name.lower()}"


def _hm(value: time | None) -> str:
    return value.strftime("%H:%M") if value else ""


def week_rows(*, session: Session, user: User, resource_id: object) -> list[WeekdayRow]:
    """Monday to Sunday of a resource's template (days without one are days off)."""
    resource = resource_of(session, user, resource_id)
    by_day = {t.weekday: t for t in templates_of(session, resource.id)}
    rows = []
    for weekday, name in enumerate(WEEKDAY_NAMES):
        t = by_day.get(weekday)
        pause = f"{_hm(t.break_starts)}–{_hm(t.break_ends)}" if t and t.break_starts else "—"
        rows.append(
            WeekdayRow(
                weekday=weekday,
                name=name,
                working=t is not None,
                hours=f"{_hm(t.starts)}–{_hm(t.ends)}" if t else "выходной",
                pause=pause if t else "—",
                slot=f"{t.slot_minutes} мин" if t else "—",
                room=(t.room or resource.room or "—") if t else "—",
                holidays="работает" if t and t.works_on_holidays else "",
                starts=_hm(t.starts) if t else "09:00",
                ends=_hm(t.ends) if t else "15:00",
                slot_minutes=str(t.slot_minutes if t else 20),
                break_starts=_hm(t.break_starts) if t else "",
                break_ends=_hm(t.break_ends) if t else "",
                works_on_holidays=bool(t and t.works_on_holidays),
            )
        )
    return rows


def exception_rows(
    *, session: Session, user: User, resource_id: object, today: date
) -> list[ExceptionRow]:
    """The resource's current and future exceptions."""
    resource = resource_of(session, user, resource_id)
    rows = []
    for e in exceptions_of(session, resource.id, since=today):
        period = f"{e.first_day:%d.%m.%Y}"
        if e.last_day != e.first_day:
            period += f" — {e.last_day:%d.%m.%Y}"
        extra = e.kind == ExceptionKind.EXTRA_DAY and e.starts and e.ends
        hours = f"{_hm(e.starts)}–{_hm(e.ends)}, приём {e.slot_minutes} мин" if extra else ""
        kind = EXCEPTION_LABELS.get(ExceptionKind(e.kind), str(e.kind))
        rows.append(ExceptionRow(e.id, kind, period, hours, e.comment))
    return rows


def resource_title(*, session: Session, user: User, resource_id: object) -> str:
    """«Смирнова Анна Викторовна, КБ № 51, каб. 204» for the page heading."""
    resource = resource_of(session, user, resource_id)
    clinic = session.get(Clinic, resource.clinic_id)
    room = f", каб. {resource.room}" if resource.room else ""
    return f"{resource.name}, {clinic.short_name if clinic else ''}{room}"


def visits_label(count: int) -> str:
    """«1 запись», «3 записи», «5 записей»."""
    tail, tens = count % 10, count % 100
    if tail == 1 and tens != 11:
        return f"{count} запись"
    if 2 <= tail <= 4 and not 12 <= tens <= 14:
        return f"{count} записи"
    return f"{count} записей"
