"""What the slot picker offers at each step (SPEC §2.1): service types, the specialties that have
doctors, doctor cards with their nearest free day, a doctor's month and a day's free times.

Read-only and public: nothing here is about a patient. The nearest free day of every listed
doctor comes from one ``calendar.free_slots`` call (three queries for the whole list), and times
are in each clinic's own zone, labelled when it is not the portal's.
"""

from __future__ import annotations

import calendar as cal
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import func
from sqlmodel import Session, col, select

from gosapp import routes
from gosapp.models.accounts import User
from gosapp.models.frmr import MedicalWorkerProfile
from gosapp.models.registry import Clinic, Specialty
from gosapp.models.scheduling import Appointment, AppointmentStatus, Resource, ResourceKind
from gosapp.services.scheduling import calendar
from gosapp.services.scheduling.booking import CHANGE_CLOSES
from gosapp.services.scheduling.display import local_time, zone_note


@dataclass(frozen=True)
class ServiceType:
    """A kind of visit the patient books (it is kept on the visit as ``service_code``)."""

    code: str
    title: str
    summary: str


SERVICE_TYPES = (
    ServiceType("consultation", "Консультация", "Приём врача по жалобам или вопросам"),
    ServiceType("checkup", "Профилактический осмотр", "Ежегодный осмотр без жалоб"),
    ServiceType("dispensary", "Диспансеризация", "Обследование по возрасту, раз в 1–3 года"),
    ServiceType("follow_up", "Повторный приём", "Продолжение лечения у того же специалиста"),
    # Social-protection offices (SPEC §4): their windows are booked through the same engine.
    ServiceType(
        "szn_benefits", "Консультация по льготам", "Отделение соцзащиты: льготы, выплаты, пособия"
    ),
    ServiceType("szn_documents", "Подача документов", "Отделение соцзащиты: приём документов"),
)
OFFICE_SERVICES = frozenset({"szn_benefits", "szn_documents"})
OFFICE_SPECIALTY = "szn_office"  # the «specialty» office windows receive by
SERVICE_CODES = {s.code for s in SERVICE_TYPES}
SERVICE_LABELS = {s.code: s.title for s in SERVICE_TYPES}

# Month names as a date says them («12 января»); headings: services.common.months.
MONTHS_OF = "января февраля марта апреля мая июня июля августа сентября октября ноября декабря"
WEEKDAYS = ("понедельник", "вторник", "среда", "четверг", "пятница", "суббота", "воскресенье")
# Day parts of the time grid: (title, first hour) in the clinic's local time.
DAY_PARTS = (("Утро", 0), ("День", 12), ("Вечер", 17))


def plural(n: int, one: str, few: str, many: str) -> str:
    """«1 слот», «3 слота», «11 слотов»: the Russian form for ``n``."""
    if n % 10 == 1 and n % 100 != 11:
        return one
    if 2 <= n % 10 <= 4 and not 12 <= n % 100 <= 14:
        return few
    return many


def day_label(day: date) -> str:
    """«12 января»."""
    return f"{day.day} {MONTHS_OF.split()[day.month - 1]}"


def experience(practising_since: int | None, today: date) -> str:
    """«стаж 12 лет», or "" when unknown."""
    if practising_since is None or practising_since > today.year:
        return ""
    years = today.year - practising_since
    return f"стаж {years} {plural(years, 'год', 'года', 'лет')}"


def initials(name: str) -> str:
    """«СА» for «Смирнова Анна Викторовна» (surname and first name), for the photo's place."""
    return "".join(part[0] for part in name.split()[:2]).upper()


def category_label(category: str) -> str:
    """«высшая категория», or "" without one."""
    return f"{category} категория" if category else ""


_BOOKABLE = (ResourceKind.DOCTOR, ResourceKind.OFFICE_WINDOW)


@dataclass(frozen=True)
class SpecialtyChoice:
    """A specialty with how many doctors receive by it."""

    code: str
    name: str
    doctors: int


def specialties(session: Session, service: str = "") -> list[SpecialtyChoice]:
    """Specialties that active doctors receive by, alphabetically; for an office service, the
    social-protection offices' windows instead."""
    kind = ResourceKind.OFFICE_WINDOW if service in OFFICE_SERVICES else ResourceKind.DOCTOR
    rows = session.exec(
        select(Specialty.code, Specialty.name, func.count(col(Resource.id)))
        .join(Resource, col(Resource.specialty_id) == Specialty.id)
        .where(col(Resource.active).is_(True), col(Resource.kind) == kind)
        .group_by(col(Specialty.code), col(Specialty.name))
        .order_by(col(Specialty.name))
    ).all()
    return [SpecialtyChoice(code, name, n) for code, name, n in rows]


def specialty(session: Session, code: str) -> Specialty | None:
    """The specialty with ``code`` (None for an unknown one)."""
    return session.exec(select(Specialty).where(col(Specialty.code) == code)).first()


@dataclass(frozen=True)
class DoctorCard:
    """A doctor as the picker lists them; ``nearest`` is the first local day with a free slot."""

    id: int
    name: str
    initials: str
    specialty: str
    category: str
    experience: str
    clinic: str
    address: str
    district: str
    zone: str
    zone_note: str
    room: str
    nearest: date | None
    photo: str = ""  # the profile photo's address (ФРМР), "" for initials

    @property
    def nearest_label(self) -> str:
        """«Ближайшая запись: 12 января», or that there is none."""
        if self.nearest is None:
            return "Нет свободного времени в ближайшие 6 недель"
        return f"Ближайшая запись: {day_label(self.nearest)}"


@dataclass(frozen=True)
class Filters:
    """How the doctor list narrows: a clinic (its code), a district, part of the name."""

    clinic: str = ""
    district: str = ""
    name: str = ""


def _doctor_rows(session: Session, specialty_code: str, resource_id: int | None = None):
    query = (
        select(Resource, Clinic, Specialty)
        .join(Clinic, col(Clinic.id) == Resource.clinic_id)
        .join(Specialty, col(Specialty.id) == Resource.specialty_id)
        .where(col(Resource.active).is_(True), col(Resource.kind).in_(_BOOKABLE))
    )
    if specialty_code:
        query = query.where(col(Specialty.code) == specialty_code)
    if resource_id is not None:
        query = query.where(col(Resource.id) == resource_id)
    return session.exec(query.order_by(col(Resource.name))).all()


def _photos(session: Session, rows) -> dict[int, str]:
    """The photo address of each listed doctor who has a profile photo, by user id."""
    ids = {r.user_id for r, _, _ in rows if r.user_id is not None}
    if not ids:
        return {}
    found = session.exec(
        select(MedicalWorkerProfile.user_id, MedicalWorkerProfile.photo_document_id).where(
            col(MedicalWorkerProfile.user_id).in_(ids),
            col(MedicalWorkerProfile.photo_document_id).is_not(None),
        )
    ).all()
    return {user_id: routes.doctor_photo(doc_id) for user_id, doc_id in found}


def _card(
    resource: Resource, clinic: Clinic, spec: Specialty, nearest, today, photos=None
) -> DoctorCard:
    return DoctorCard(
        id=resource.id,
        name=resource.name,
        initials=initials(resource.name),
        specialty=spec.name,
        category=category_label(resource.category),
        experience=experience(resource.practising_since, today),
        clinic=clinic.short_name,
        address=clinic.address,
        district=clinic.district,
        zone=clinic.timezone,
        zone_note=zone_note(clinic.timezone),
        room=resource.room,
        nearest=nearest,
        photo=(photos or {}).get(resource.user_id or 0, ""),
    )


def _nearest_days(session: Session, ids: list[int], now: datetime) -> dict[int, date]:
    """The first free local day of each resource, from one ``free_slots`` call."""
    if not ids:
        return {}
    last = now.date() + timedelta(days=calendar.HORIZON_DAYS)
    free = calendar.free_slots(session, ids, now.date(), last, now)
    return {rid: slots[0].starts.date() for rid, slots in free.items() if slots}


def doctors(
    session: Session, *, specialty_code: str, now: datetime, filters: Filters = Filters()
) -> list[DoctorCard]:
    """Doctors of a specialty (narrowed by ``filters``), the soonest free first."""
    needle = filters.name.strip().casefold()
    rows = [
        (r, c, s)
        for r, c, s in _doctor_rows(session, specialty_code)
        if (not filters.clinic or c.code == filters.clinic)
        and (not filters.district or c.district == filters.district)
        and (not needle or needle in r.name.casefold())
    ]
    nearest = _nearest_days(session, [r.id for r, _, _ in rows], now)
    photos = _photos(session, rows)
    cards = [_card(r, c, s, nearest.get(r.id), now.date(), photos) for r, c, s in rows]
    return sorted(cards, key=lambda d: (d.nearest is None, d.nearest or now.date(), d.name))


def doctor(session: Session, resource_id: int, now: datetime, specialty_code: str = ""):
    """One doctor's card (of ``specialty_code`` when given), or None."""
    rows = _doctor_rows(session, specialty_code, resource_id)
    if not rows:
        return None
    resource, clinic, spec = rows[0]
    nearest = _nearest_days(session, [resource.id], now).get(resource.id)
    return _card(resource, clinic, spec, nearest, now.date(), _photos(session, rows))


def filter_options(session: Session, specialty_code: str) -> tuple[list[Clinic], list[str]]:
    """The clinics (by short name) and districts where the specialty's doctors receive."""
    clinics = {c.id: c for _, c, _ in _doctor_rows(session, specialty_code)}
    ordered = sorted(clinics.values(), key=lambda c: c.short_name)
    return ordered, sorted({c.district for c in ordered})


# --- the month and the day --------------------------------------------------------------------


def bookable_months(now: datetime) -> tuple[date, date]:
    """The first days of the first and the last month with bookable days (six weeks ahead)."""
    last = now.date() + timedelta(days=calendar.HORIZON_DAYS)
    return now.date().replace(day=1), last.replace(day=1)


@dataclass(frozen=True)
class DayCell:
    """A day of the month grid: ``count`` free slots (0: not bookable)."""

    day: date
    count: int

    @property
    def label(self) -> str:
        """«12 января, вторник, 5 свободных слотов» (the cell's accessible name)."""
        weekday = WEEKDAYS[self.day.weekday()]
        if not self.count:
            return f"{day_label(self.day)}, {weekday}, нет свободных слотов"
        slots = plural(self.count, "свободный слот", "свободных слота", "свободных слотов")
        return f"{day_label(self.day)}, {weekday}, {self.count} {slots}"


def month_grid(
    session: Session, resource_id: int, year: int, month: int, now: datetime
) -> list[list[DayCell | None]]:
    """The month as weeks from Monday; days outside the month are None."""
    counts = calendar.month_counts(session, [resource_id], year, month, now)
    weeks = cal.Calendar(firstweekday=0).monthdatescalendar(year, month)
    return [
        [DayCell(d, counts.get(d, 0)) if d.month == month else None for d in week] for week in weeks
    ]


def day_groups(
    session: Session, resource_id: int, day: date, now: datetime
) -> list[tuple[str, list[calendar.Slot]]]:
    """The day's free slots in the clinic's zone, as утро (<12), день (12–17), вечер (≥17);
    parts without slots are left out."""
    slots = calendar.free_slots(session, [resource_id], day, day, now).get(resource_id, [])
    groups = []
    for index, (title, first_hour) in enumerate(DAY_PARTS):
        until = DAY_PARTS[index + 1][1] if index + 1 < len(DAY_PARTS) else 24
        part = [s for s in slots if first_hour <= s.starts.hour < until]
        if part:
            groups.append((title, part))
    return groups


def slot_start(day: date, hhmm: str, zone: str) -> datetime | None:
    """The aware start of ``HH:MM`` on ``day`` in ``zone``; None for a malformed time."""
    try:
        hours, minutes = (int(x) for x in hhmm.split(":", 1))
        return datetime(day.year, day.month, day.day, hours, minutes, tzinfo=ZoneInfo(zone))
    except ValueError:
        return None


# --- rescheduling -----------------------------------------------------------------------------


@dataclass(frozen=True)
class VisitToMove:
    """The patient's visit that a reschedule replaces: what the picker pre-selects."""

    id: int
    number: str
    specialty_code: str
    service_code: str
    when: str


def visit_to_move(
    session: Session, patient: User, appointment_id: int, now: datetime
) -> VisitToMove | None:
    """The patient's own scheduled visit ``appointment_id`` while it can still be moved (up to
    two hours before it); None otherwise (someone else's, cancelled, too late)."""
    row = session.exec(
        select(Appointment, Specialty.code, Clinic.timezone)
        .join(Resource, col(Resource.id) == Appointment.resource_id)
        .join(Clinic, col(Clinic.id) == Resource.clinic_id)
        .join(Specialty, col(Specialty.id) == Appointment.specialty_id)
        .where(
            col(Appointment.id) == appointment_id,
            col(Appointment.patient_id) == patient.id,
            col(Appointment.status) == AppointmentStatus.SCHEDULED,
        )
    ).first()
    if row is None:
        return None
    visit, code, zone = row
    starts = (
        visit.starts_at.replace(tzinfo=UTC) if visit.starts_at.tzinfo is None else visit.starts_at
    )
    if starts - now < CHANGE_CLOSES:
        return None
    when = local_time(visit.starts_at, zone)
    return VisitToMove(visit.id, visit.number or "", code, visit.service_code, when)
