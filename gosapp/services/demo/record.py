"""Demo health records (``gosapp seed-demo``): for each demo patient, notes on their past visits
with the demo doctor (one completed visit is added where they had none), a chronic and a
resolved diagnosis, recommendations (one due in two days, one done), vaccinations and an
allergy. Dates are relative to the day of seeding. Idempotent: a patient who has any diagnosis
is left as they are.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from sqlmodel import Session, col, select

from gosapp.models.accounts import Role, User, UserRole, utcnow
from gosapp.models.record import (
    Allergy,
    Diagnosis,
    DiagnosisStatus,
    Recommendation,
    RecommendationKind,
    RecommendationStatus,
    Vaccination,
    VisitNote,
)
from gosapp.models.scheduling import Appointment, AppointmentStatus, Resource
from gosapp.services.common.display import full_name
from gosapp.services.demo.accounts import DEMO_ACCOUNTS
from gosapp.services.medical import icd10

A = AppointmentStatus
K = RecommendationKind


@dataclass(frozen=True)
class Story:
    """One demo patient's medical history."""

    chronic: str  # an МКБ-10 code
    resolved: str
    complaint: str
    conclusion: str
    due_soon: str  # the recommendation due in two days
    acute: tuple[str, str]  # complaint and conclusion of the first visit (the resolved one)
    allergy: tuple[str, str, str]  # substance, reaction, severity


STORIES = (
    Story(
        "I10",
        "J06.9",
        "Головная боль по утрам, давление до 150/95",
        "Артериальная гипертензия 1 степени. Назначен контроль АД дважды в день.",
        "Повторный приём с дневником давления",
        ("Насморк, першение в горле, 37,4 °C", "ОРВИ, лёгкое течение. Обильное питьё, 5 дней."),
        ("Пенициллин", "Крапивница", "средняя"),
    ),
    Story(
        "E11.9",
        "J20.9",
        "Жажда, сухость во рту, утомляемость",
        "Сахарный диабет 2 типа, компенсация неполная. Диета, контроль гликемии.",
        "Сдать гликированный гемоглобин (HbA1c)",
        ("Кашель с мокротой неделю", "Острый бронхит. Муколитики, контроль через 10 дней."),
        ("Пыльца берёзы", "Ринит, слезотечение", "лёгкая"),
    ),
    Story(
        "J45.0",
        "H10.9",
        "Приступы кашля и одышки по ночам весной",
        "Бронхиальная астма, аллергическая форма, контролируемая.",
        "Спирометрия перед сезоном цветения",
        ("Покраснение и резь в глазах", "Конъюнктивит. Капли на 7 дней."),
        ("Ацетилсалициловая кислота", "Бронхоспазм", "тяжёлая"),
    ),
)
# The three patients keep their stories whoever else joins the demo (browser tests name them).
STORY_OF = {"patient@demo.gosapp.ru": 0, "patient2@demo.gosapp.ru": 1, "patient3@demo.gosapp.ru": 2}
VACCINES = (
    ("Грипп (Совигрипп)", 60, "1 доза"),
    ("COVID-19 (Спутник V)", 400, "RV"),
    ("Клещевой энцефалит (Клещ-Э-Вак)", 220, "V2"),
)


def seed_records(*, session: Session, today: date | None = None) -> int:
    """Give each demo patient a health record unless they have one; return how many got one."""
    today = today or utcnow().date()
    doctor = _demo_user(session, Role.DOCTOR)
    resource = (
        session.exec(select(Resource).where(Resource.user_id == doctor.id)).first()
        if doctor
        else None
    )
    if doctor is None or resource is None:
        return 0
    added = 0
    patients = [a for a in DEMO_ACCOUNTS if a.role == Role.CITIZEN]
    for n, account in enumerate(patients):
        patient = session.exec(select(User).where(User.email == account.login)).first()
        if patient is None or _has_record(session, patient):
            continue
        _seed_patient(
            session,
            patient,
            doctor,
            resource,
            STORIES[STORY_OF.get(account.login, n) % len(STORIES)],
            today,
            n,
        )
        added += 1
    return added


def _demo_user(session: Session, role: Role) -> User | None:
    logins = [a.login for a in DEMO_ACCOUNTS if a.role == role]
    return session.exec(
        select(User)
        .join(UserRole, col(UserRole.user_id) == User.id)
        .where(col(User.email).in_(logins), UserRole.role == role)
    ).first()


def _has_record(session: Session, patient: User) -> bool:
    found = session.exec(select(Diagnosis.id).where(Diagnosis.patient_id == patient.id)).first()
    return found is not None


def _past_visits(session, patient: User, resource: Resource, today: date, n: int) -> list:
    """The patient's completed visits with the demo doctor, oldest first (one made if none)."""
    visits = list(
        session.exec(
            select(Appointment)
            .where(
                Appointment.patient_id == patient.id,
                Appointment.resource_id == resource.id,
                Appointment.status == A.COMPLETED,
            )
            .order_by(col(Appointment.starts_at))
        )
    )
    if not visits:
        starts = datetime.combine(
            today - timedelta(days=75 + n), time(7 + n // 3, 20 * (n % 3)), tzinfo=UTC
        )
        visit = Appointment(
            resource_id=resource.id,
            patient_id=patient.id,
            specialty_id=resource.specialty_id,
            starts_at=starts,
            ends_at=starts + timedelta(minutes=20),
            status=A.COMPLETED,
            booked_at=starts - timedelta(days=5),
        )
        session.add(visit)
        session.flush()
        visits = [visit]
    return visits


def _seed_patient(session, patient, doctor, resource, story: Story, today, n) -> None:
    visits = _past_visits(session, patient, resource, today, n)
    notes = []
    for number, visit in enumerate(visits):
        acute = number == 0 and len(visits) > 1
        note = VisitNote(
            appointment_id=visit.id,
            patient_id=patient.id,
            doctor_id=doctor.id,
            complaint=story.acute[0] if acute else story.complaint,
            conclusion=story.acute[1] if acute else story.conclusion,
            created_at=visit.starts_at,
            updated_at=visit.starts_at,
        )
        session.add(note)
        notes.append(note)
    session.flush()
    name = full_name(doctor)
    first_day = visits[0].starts_at.date()
    chronic = _diagnosis(patient, doctor, name, story.chronic, first_day - timedelta(days=400))
    chronic.chronic, chronic.visit_note_id = True, notes[-1].id
    chronic.comment = "Состоит на диспансерном наблюдении"
    resolved = _diagnosis(patient, doctor, name, story.resolved, first_day)
    resolved.status, resolved.resolved_on = DiagnosisStatus.RESOLVED, first_day + timedelta(10)
    resolved.visit_note_id = notes[0].id
    session.add_all([chronic, resolved])
    session.flush()
    session.add_all(_recommendations(patient, doctor, name, story, chronic, resolved, today))
    session.add_all(_vaccinations_and_allergy(patient, story, today, n))


def _recommendations(patient, doctor, name, story: Story, chronic, resolved, today) -> list:
    """One due in two days, one later, one done."""
    common = {"patient_id": patient.id, "doctor_id": doctor.id, "doctor_name": name}
    first_day = resolved.diagnosed_on
    return [
        Recommendation(
            **common,
            diagnosis_id=chronic.id,
            kind=K.EXAMINATION,
            text=story.due_soon,
            due_on=today + timedelta(days=2),
            visit_note_id=chronic.visit_note_id,
        ),
        Recommendation(
            **common,
            diagnosis_id=chronic.id,
            kind=K.TREATMENT,
            text="Курс лечения по схеме врача, 30 дней",
            due_on=today + timedelta(days=40),
        ),
        Recommendation(
            **common,
            diagnosis_id=resolved.id,
            kind=K.PREVENTION,
            text="Закаливание, прогулки не менее 30 минут в день",
            due_on=first_day + timedelta(days=30),
            status=RecommendationStatus.DONE,
            done_at=datetime.combine(first_day + timedelta(days=28), time(9), tzinfo=UTC),
        ),
    ]


def _vaccinations_and_allergy(patient: User, story: Story, today: date, n: int) -> list:
    rows: list = [
        Vaccination(
            patient_id=patient.id,
            name=vaccine,
            vaccinated_on=today - timedelta(days=days + 7 * n),
            dose=dose,
            place="Поликлиника № 1",
        )
        for vaccine, days, dose in VACCINES
    ]
    substance, reaction, severity = story.allergy
    rows.append(
        Allergy(
            patient_id=patient.id,
            substance=substance,
            reaction=reaction,
            severity=severity,
            noted_on=today - timedelta(days=900),
        )
    )
    return rows


def _diagnosis(patient: User, doctor: User, name: str, code: str, on: date) -> Diagnosis:
    item = icd10.lookup(code)
    return Diagnosis(
        patient_id=patient.id,
        icd_code=item.code,
        icd_name=item.name,
        diagnosed_on=on,
        doctor_id=doctor.id,
        doctor_name=name,
    )
