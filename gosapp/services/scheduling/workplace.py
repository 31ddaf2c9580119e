"""The doctor's workplace (SPEC §3): today's and this week's visits, marked «состоялся» or
«неявка».

Only a doctor sees the list, and only the visits of the resources linked to them
(``Resource.user_id``): the query starts from that link. Marking follows the request engine's
shape: ``MARKS`` is the rule table, and one conditional UPDATE (``WHERE status = 'scheduled'``)
decides, so when two tabs mark one visit exactly one wins and the other is told what the visit
already is. A visit is marked once it has started and at most ``MARK_WINDOW`` after.

Functions flush but never commit: the caller owns the transaction.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import update
from sqlmodel import Session, col, select

from gosapp.models.accounts import Role, User, utcnow
from gosapp.models.registry import Clinic
from gosapp.models.scheduling import Appointment, AppointmentStatus, Resource
from gosapp.services.common.audit import Actor, access_denied, record
from gosapp.services.common.display import full_name
from gosapp.services.common.errors import DomainError, NotAllowed, NotFound
from gosapp.services.common.validation import age_on, parse_id
from gosapp.services.identity.roles import BACK_OFFICE_ROLES, roles_of
from gosapp.services.scheduling.catalog import SERVICE_LABELS
from gosapp.services.scheduling.display import WEEKDAYS, zone_note
from gosapp.settings import get_settings

A = AppointmentStatus
MARK_WINDOW = timedelta(days=7)  # a visit can be marked up to a week after it started
NOT_FOUND = "Приём не найден"
SHOWN = (A.SCHEDULED, A.COMPLETED, A.NO_SHOW)  # the doctor's list: no holds, no cancellations
STATUS_LABELS = {
    A.HELD: "Бронь",
    A.SCHEDULED: "Запланирован",
    A.COMPLETED: "Состоялся",
    A.NO_SHOW: "Неявка",
    A.CANCELLED: "Отменён",
    A.EXPIRED: "Бронь истекла",
}
# The service types of SPEC §2.1 (the slot picker's codes); an unknown code is shown as stored.


@dataclass(frozen=True)
class Mark:
    """An outcome the doctor records: the statuses it applies to and the one it sets."""

    sources: tuple[AppointmentStatus, ...]
    target: AppointmentStatus
    done: str  # the toast after it


MARKS: dict[str, Mark] = {
    "completed": Mark((A.SCHEDULED,), A.COMPLETED, "Приём отмечен: состоялся"),
    "no_show": Mark((A.SCHEDULED,), A.NO_SHOW, "Приём отмечен: неявка"),
}


class AlreadyMarked(DomainError):
    """Another tab (or the registry) changed the visit first; the page shows stale data."""

    def __init__(self, status: AppointmentStatus):
        super().__init__(
            f"Приём уже отмечен в другой вкладке или регистратурой: сейчас его статус "
            f"«{STATUS_LABELS[status]}». Обновите страницу"
        )


@dataclass(frozen=True)
class VisitRow:
    """One visit as the workplace shows it (display strings, no ids of patients)."""

    id: int
    number: str
    day: str  # ISO local date
    time: str  # «09:20–09:40», the clinic's local time
    patient: str
    age: str  # «42 года»
    service: str
    complaint: str
    status: str
    status_label: str
    place: str  # «КБ № 51, каб. 204»
    can_mark: bool


@dataclass(frozen=True)
class DayVisits:
    """A local day with its visits in time order."""

    day: str  # ISO
    label: str  # «пн, 12.01.2027»
    visits: list[VisitRow]


def years_label(years: int) -> str:
    """«1 год», «3 года», «42 года», «11 лет», «25 лет»."""
    tail, tens = years % 10, years % 100
    if tail == 1 and tens != 11:
        return f"{years} год"
    if 2 <= tail <= 4 and not 12 <= tens <= 14:
        return f"{years} года"
    return f"{years} лет"


def day_label(day: date) -> str:
    """«пн, 12.01.2027»."""
    return f"{WEEKDAYS[day.weekday()]}, {day:%d.%m.%Y}"


def require_doctor(session: Session, user: User) -> None:
    """NotAllowed unless ``user`` holds the doctor role."""
    if Role.DOCTOR not in roles_of(session, user.id):
        raise NotAllowed("Рабочее место доступно только врачам")


def today(session: Session, doctor: User, now: datetime | None = None) -> date:
    """The doctor's local date: in the zone of their (first) clinic, else the portal's."""
    zone = session.exec(
        select(Clinic.timezone)
        .join(Resource, col(Resource.clinic_id) == Clinic.id)
        .where(col(Resource.user_id) == doctor.id)
        .order_by(col(Resource.id))
    ).first()
    return _utc(now or utcnow()).astimezone(ZoneInfo(zone or get_settings().timezone)).date()


def week_of(day: date) -> tuple[date, date]:
    """Monday and Sunday of ``day``'s week."""
    monday = day - timedelta(days=day.weekday())
    return monday, monday + timedelta(days=6)


def day_visits(
    *, session: Session, doctor: User, day: date, now: datetime | None = None
) -> list[VisitRow]:
    """The doctor's visits on local ``day``, in time order."""
    days = visits(session=session, doctor=doctor, first_day=day, last_day=day, now=now)
    return days[0].visits


def week_visits(
    *, session: Session, doctor: User, day: date, now: datetime | None = None
) -> list[DayVisits]:
    """The doctor's visits of ``day``'s week (Monday to Sunday), day by day."""
    monday, sunday = week_of(day)
    return visits(session=session, doctor=doctor, first_day=monday, last_day=sunday, now=now)


def visits(
    *, session: Session, doctor: User, first_day: date, last_day: date, now: datetime | None = None
) -> list[DayVisits]:
    """The doctor's visits on the local days ``first_day``..``last_day`` (every day listed,
    empty ones too). Local means the zone of the clinic each visit is at."""
    require_doctor(session, doctor)
    now = _utc(now or utcnow())
    since = datetime.combine(first_day, time(0), tzinfo=UTC) - timedelta(days=1)
    until = datetime.combine(last_day, time(0), tzinfo=UTC) + timedelta(days=2)
    rows = session.exec(
        select(Appointment, Resource, Clinic, User)
        .join(Resource, col(Resource.id) == Appointment.resource_id)
        .join(Clinic, col(Clinic.id) == Resource.clinic_id)
        .join(User, col(User.id) == Appointment.patient_id)
        .where(
            col(Resource.user_id) == doctor.id,
            col(Appointment.status).in_(SHOWN),
            col(Appointment.starts_at) >= since,
            col(Appointment.starts_at) < until,
        )
        .order_by(col(Appointment.starts_at))
    ).all()
    by_day: dict[date, list[VisitRow]] = defaultdict(list)
    for visit, resource, clinic, patient in rows:
        row = _row(visit, resource, clinic, patient, now)
        local = date.fromisoformat(row.day)
        if first_day <= local <= last_day:
            by_day[local].append(row)
    count = (last_day - first_day).days + 1
    days = [first_day + timedelta(days=n) for n in range(count)]
    return [DayVisits(d.isoformat(), day_label(d), by_day.get(d, [])) for d in days]


def _row(visit: Appointment, resource: Resource, clinic: Clinic, patient: User, now) -> VisitRow:
    zone = ZoneInfo(clinic.timezone)
    starts, ends = _utc(visit.starts_at).astimezone(zone), _utc(visit.ends_at).astimezone(zone)
    note = zone_note(clinic.timezone)
    room = f", каб. {resource.room}" if resource.room else ""
    return VisitRow(
        id=visit.id,
        number=visit.number or "",
        day=starts.date().isoformat(),
        time=f"{starts:%H:%M}–{ends:%H:%M}" + (f" ({note})" if note else ""),
        patient=full_name(patient),
        age=years_label(age_on(patient.birth_date, starts.date())),
        service=SERVICE_LABELS.get(visit.service_code, visit.service_code),
        complaint=visit.complaint,
        status=visit.status,
        status_label=STATUS_LABELS[A(visit.status)],
        place=f"{clinic.short_name}{room}",
        can_mark=_markable(visit, now) is None,
    )


def _markable(visit: Appointment, now: datetime) -> str | None:
    """Why the visit cannot be marked now, or None when it can."""
    if visit.status != A.SCHEDULED:
        return f"Приём уже отмечен: «{STATUS_LABELS[A(visit.status)]}»"
    starts = _utc(visit.starts_at)
    if now < starts:
        return "Отметить приём можно, когда он начнётся"
    if now - starts > MARK_WINDOW:
        return "Отметить приём можно в течение 7 дней — обратитесь в регистратуру"
    return None


def mark(
    *,
    session: Session,
    doctor: User,
    appointment_id: object,
    outcome: str,
    actor: Actor,
    now: datetime | None = None,
) -> Appointment:
    """Record ``outcome`` («completed» or «no_show») of a visit.

    Only the doctor of the visit's resource, or a registrar/admin; only once the visit has
    started and within ``MARK_WINDOW``. A second mark (another tab) raises AlreadyMarked.
    """
    now = _utc(now or utcnow())
    rule = MARKS.get(outcome)
    if rule is None:
        raise NotAllowed("Такой отметки нет")
    visit = _visible(session, doctor, appointment_id, actor, now)
    if visit.status not in rule.sources:
        raise _stale(A(visit.status))
    refusal = _markable(visit, now)
    if refusal is not None:
        raise NotAllowed(refusal)
    changed = session.execute(
        update(Appointment)
        .where(col(Appointment.id) == visit.id, col(Appointment.status) == A.SCHEDULED)
        .values(status=rule.target)
        .execution_options(synchronize_session=False)
    )
    if changed.rowcount != 1:  # type: ignore[attr-defined]
        current = session.exec(select(Appointment.status).where(Appointment.id == visit.id)).one()
        raise _stale(A(current))
    session.refresh(visit)
    record(
        session=session,
        actor=actor,
        action=f"appointment.{outcome}",
        object_type="appointment",
        object_id=visit.number or visit.id,
    )
    return visit


def _stale(status: AppointmentStatus) -> DomainError:
    """What to tell a doctor whose page showed the visit as still to be marked."""
    if status in (A.COMPLETED, A.NO_SHOW):
        return AlreadyMarked(status)
    return NotAllowed(f"Отметить нельзя: статус приёма «{STATUS_LABELS[status]}»")


def _visible(
    session: Session, user: User, appointment_id: object, actor: Actor, now: datetime
) -> Appointment:
    """The visit when ``user`` may mark it: theirs as a doctor, or any as back-office staff.
    Anyone else learns nothing (NotFound, audited as a denied access)."""
    held = roles_of(session, user.id)
    if not held & ({Role.DOCTOR} | BACK_OFFICE_ROLES):
        raise NotAllowed("Рабочее место доступно только врачам")
    visit_id = parse_id(appointment_id, NOT_FOUND)
    visit = session.get(Appointment, visit_id)
    resource = session.get(Resource, visit.resource_id) if visit else None
    if visit is None or resource is None:
        raise NotFound(NOT_FOUND)
    if held & BACK_OFFICE_ROLES or (Role.DOCTOR in held and resource.user_id == user.id):
        return visit
    access_denied(
        session=session, actor=actor, object_type="appointment", object_id=visit_id, now=now
    )
    raise NotFound(NOT_FOUND)


def _utc(moment: datetime) -> datetime:
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)
