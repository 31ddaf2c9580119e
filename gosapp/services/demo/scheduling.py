"""Demo schedules (``gosapp seed-demo``): ~30 doctors over the clinics (two time zones), office
windows of social protection, six weeks of templates with a few exceptions, a realistic share of
booked slots and the demo patient's visits in every status.

Seeded once (when no resource exists yet), with dates relative to the day of seeding, so a
demo always has free slots ahead. Deterministic for a given day.
"""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, time, timedelta

from faker import Faker
from sqlmodel import Session, col, select

from gosapp.models.accounts import Role, Sex, User, UserRole, utcnow
from gosapp.models.registry import Clinic, InstitutionKind, Specialty
from gosapp.models.scheduling import (
    Appointment,
    AppointmentStatus,
    ExceptionKind,
    Resource,
    ResourceKind,
    ScheduleException,
    ScheduleTemplate,
)
from gosapp.services.demo.accounts import DEMO_ACCOUNTS, DEMO_SEED
from gosapp.services.requests.numbering import next_number
from gosapp.services.scheduling import calendar

A = AppointmentStatus
# Which specialties each clinic receives (codes of demo.accounts.SPECIALTIES).
STAFFING = {
    "kb-51": ("therapist", "cardiologist", "neurologist", "ophthalmologist", "surgeon"),
    "kb-85": ("therapist", "ent", "endocrinologist", "urologist", "gynecologist"),
    "poly-1": ("therapist", "gp", "pediatrician", "dentist", "dermatologist"),
    "poly-3": ("therapist", "cardiologist", "gastroenterologist", "traumatologist"),
    "cdc-fmba": ("cardiologist", "neurologist", "endocrinologist", "ophthalmologist"),
    "ms-174": ("gp", "therapist", "ent"),
    "dvo-fmba": ("therapist", "cardiologist", "neurologist", "surgeon"),
}
CATEGORIES = ("высшая", "первая", "вторая", "")
SHIFTS = ((time(8, 0), time(14, 0)), (time(14, 0), time(20, 0)), (time(9, 0), time(15, 0)))
BOOKED_SHARE = 0.35  # of the free slots in the next two weeks
FILLER_PATIENTS = 12


def seed_schedules(*, session: Session, today: date | None = None) -> int:
    """Create the demo schedules and visits unless some exist; return the resources added."""
    if session.exec(select(Resource.id).limit(1)).first() is not None:
        return 0
    today = today or utcnow().date()
    rng = random.Random(DEMO_SEED)  # noqa: S311 - demo data, not secrets
    fake = Faker("ru_RU")
    fake.seed_instance(DEMO_SEED + 1)
    clinics = {c.code: c for c in session.exec(select(Clinic))}
    specialties = {s.code: s for s in session.exec(select(Specialty))}
    doctor = _demo_user(session, Role.DOCTOR)
    resources = _doctors(session, rng, fake, clinics, specialties, doctor)
    resources += _office_windows(session, clinics)
    session.flush()
    for resource in resources:
        _templates(session, rng, resource)
    _exceptions(session, rng, resources, today)
    session.flush()
    _visits(session, rng, resources, today)
    return len(resources)


def _demo_user(session: Session, role: Role) -> User | None:
    login = next(a.login for a in DEMO_ACCOUNTS if a.role == role)
    return session.exec(select(User).where(col(User.email) == login)).first()


def _doctors(session, rng, fake, clinics, specialties, doctor: User | None) -> list[Resource]:
    rows = []
    for clinic_code, codes in STAFFING.items():
        clinic = clinics.get(clinic_code)
        for code in codes:
            if clinic is None or code not in specialties:
                continue
            sex = rng.choice((Sex.FEMALE, Sex.MALE))
            rows.append(
                Resource(
                    kind=ResourceKind.DOCTOR,
                    clinic_id=clinic.id,
                    specialty_id=specialties[code].id,
                    name=" ".join(_person(fake, sex)),
                    category=rng.choice(CATEGORIES),
                    practising_since=rng.randint(1990, 2022),
                    room=str(rng.randint(101, 450)),
                )
            )
    if rows and doctor is not None:  # the demo doctor is the first therapist of КБ № 51
        first = rows[0]
        first.user_id = doctor.id
        first.name = f"{doctor.last_name} {doctor.first_name} {doctor.patronymic}"
        first.category, first.practising_since = "первая", 2004  # attests for высшая
    session.add_all(rows)
    return rows


def _office_windows(session: Session, clinics: dict[str, Clinic]) -> list[Resource]:
    rows = [
        Resource(kind=ResourceKind.OFFICE_WINDOW, clinic_id=c.id, name=f"Окно {n}", room=str(n))
        for c in clinics.values()
        if c.kind == InstitutionKind.SZN_OFFICE
        for n in (1, 2)
    ]
    session.add_all(rows)
    return rows


def _templates(session: Session, rng: random.Random, resource: Resource) -> None:
    if resource.kind == ResourceKind.OFFICE_WINDOW:
        hours = [(d, time(9, 0), time(18, 0), 15, (time(13, 0), time(14, 0))) for d in range(5)]
    else:
        minutes = rng.choice((15, 20, 20, 30))
        hours = []
        for weekday in range(5):
            starts, ends = rng.choice(SHIFTS)
            pause = (time(11, 0), time(11, 30)) if starts.hour < 11 else None
            hours.append((weekday, starts, ends, minutes, pause))
        if rng.random() < 0.3:
            hours.append((5, time(9, 0), time(13, 0), minutes, None))
    for weekday, starts, ends, minutes, pause in hours:
        session.add(
            ScheduleTemplate(
                resource_id=resource.id,
                weekday=weekday,
                starts=starts,
                ends=ends,
                slot_minutes=minutes,
                break_starts=pause[0] if pause else None,
                break_ends=pause[1] if pause else None,
                room=resource.room,
            )
        )


def _exceptions(session: Session, rng: random.Random, resources, today: date) -> None:
    doctors = [r for r in resources if r.kind == ResourceKind.DOCTOR and r.user_id is None]
    for resource in rng.sample(doctors, k=min(3, len(doctors))):
        first = today + timedelta(days=rng.randint(7, 20))
        kind = rng.choice((ExceptionKind.VACATION, ExceptionKind.SICK_LEAVE))
        length = 13 if kind == ExceptionKind.VACATION else 4
        session.add(
            ScheduleException(
                resource_id=resource.id,
                kind=kind,
                first_day=first,
                last_day=first + timedelta(days=length),
            )
        )
    if doctors:
        saturday = today + timedelta(days=(5 - today.weekday()) % 7 + 7)
        session.add(
            ScheduleException(
                resource_id=doctors[-1].id,
                kind=ExceptionKind.EXTRA_DAY,
                first_day=saturday,
                last_day=saturday,
                starts=time(10, 0),
                ends=time(14, 0),
                slot_minutes=30,
                comment="Дополнительный приём",
            )
        )


def _visits(session: Session, rng: random.Random, resources: list[Resource], today: date) -> None:
    """Other patients' bookings over the next two weeks, the demo doctor's week, and the demo
    patient's visits in every status."""
    now = utcnow()
    fillers = _filler_patients(session)
    window = calendar.free_slots(
        session, [r.id for r in resources], today, today + timedelta(days=14), now
    )
    for resource in resources:
        for slot in window.get(resource.id, []):
            if rng.random() < BOOKED_SHARE:
                _add_visit(session, resource, rng.choice(fillers), slot.starts_utc, slot.ends)
    session.flush()
    doctor = next((r for r in resources if r.user_id is not None), None)
    if doctor is not None:
        _doctor_week(session, rng, doctor, fillers, today, now)
    patient = _demo_user(session, Role.CITIZEN)
    if patient is not None and doctor is not None:
        _patient_history(session, resources, doctor, patient, today, now)


def _filler_patients(session: Session) -> list[User]:
    fake = Faker("ru_RU")
    fake.seed_instance(DEMO_SEED + 2)
    rows = []
    for n in range(FILLER_PATIENTS):
        sex = Sex.FEMALE if n % 2 else Sex.MALE
        last, first, middle = _person(fake, sex)
        rows.append(
            User(
                last_name=last,
                first_name=first,
                patronymic=middle,
                sex=sex,
                birth_date=date(1940 + n * 5, 1 + n % 12, 1 + n),
                phone=f"+7916555{n:04d}",
                email=f"demo-patient-{n + 1}@demo.gosapp.ru",
                password_hash="!unusable",
                consent_version="2026-01",
                consent_at=utcnow(),
                is_demo=True,
            )
        )
    session.add_all(rows)
    session.flush()
    session.add_all(UserRole(user_id=u.id, role=Role.CITIZEN) for u in rows)
    return rows


def _person(fake: Faker, sex: Sex) -> tuple[str, str, str]:
    if sex == Sex.FEMALE:
        return fake.last_name_female(), fake.first_name_female(), fake.middle_name_female()
    return fake.last_name_male(), fake.first_name_male(), fake.middle_name_male()


def _add_visit(
    session: Session,
    resource: Resource,
    patient: User,
    starts: datetime,
    ends: datetime,
    status: A = A.SCHEDULED,
    complaint: str = "",
) -> Appointment:
    starts = starts.astimezone(UTC)
    visit = Appointment(
        number=next_number(session, "ЗП", starts),
        resource_id=resource.id,
        patient_id=patient.id,
        specialty_id=resource.specialty_id,
        service_code="consultation",
        starts_at=starts,
        ends_at=ends.astimezone(UTC),
        status=status,
        booked_at=starts - timedelta(days=3),
        complaint=complaint,
        cancelled_at=starts - timedelta(days=1) if status == A.CANCELLED else None,
        cancelled_by="patient" if status == A.CANCELLED else "",
    )
    session.add(visit)
    return visit


COMPLAINTS = (
    "Головная боль по утрам",
    "Повышенное давление",
    "Кашель две недели",
    "Плановый осмотр",
    "Боль в пояснице",
    "",
)


def _doctor_week(session, rng, doctor: Resource, fillers, today: date, now: datetime) -> None:
    """The demo doctor's visits this week, the past ones already marked."""
    schedules = calendar.load_schedules(session, [doctor.id])
    monday = today - timedelta(days=today.weekday())
    taken = calendar.taken_starts(
        session,
        [doctor.id],
        datetime.combine(monday, time(0), tzinfo=UTC),
        now + timedelta(days=8),
        now,
    )
    for offset in range(7):
        for slot in schedules.slots(doctor.id, monday + timedelta(days=offset)):
            if (doctor.id, slot.starts_utc) in taken or rng.random() > 0.6:
                continue
            past = slot.ends.astimezone(UTC) < now
            status = rng.choice((A.COMPLETED, A.COMPLETED, A.NO_SHOW)) if past else A.SCHEDULED
            if past and slot.starts.date() == today and rng.random() < 0.5:
                status = A.SCHEDULED  # not yet marked: the doctor marks it on the tablet
            _add_visit(
                session,
                doctor,
                rng.choice(fillers),
                slot.starts_utc,
                slot.ends,
                status,
                rng.choice(COMPLAINTS),
            )


def _patient_history(session, resources, doctor: Resource, patient: User, today, now) -> None:
    """Past visits (состоялся, неявка, отменён) and one upcoming visit to a cardiologist."""
    schedules = calendar.load_schedules(session, [doctor.id])
    past_days = [today - timedelta(days=d) for d in (60, 45, 30, 20)]
    statuses = (A.COMPLETED, A.COMPLETED, A.NO_SHOW, A.CANCELLED)
    for day, status in zip(past_days, statuses, strict=True):
        slots = schedules.slots(doctor.id, day) or schedules.slots(
            doctor.id, day - timedelta(days=2)
        )
        if slots:
            _add_visit(
                session,
                doctor,
                patient,
                slots[0].starts_utc,
                slots[0].ends,
                status,
                "Контроль давления",
            )
    session.flush()
    cardiology = next(
        (r for r in resources if r.specialty_id and r.specialty_id != doctor.specialty_id), None
    )
    if cardiology is None:
        return
    ahead = calendar.free_slots(
        session, [cardiology.id], today + timedelta(days=4), today + timedelta(days=14), now
    ).get(cardiology.id, [])
    if ahead:
        _add_visit(
            session,
            cardiology,
            patient,
            ahead[0].starts_utc,
            ahead[0].ends,
            complaint="Боли в сердце при нагрузке",
        )
