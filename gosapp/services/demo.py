"""Deterministic Russian demo data (``gosapp seed-demo``). Idempotent: rows are keyed by code."""

from __future__ import annotations

from faker import Faker
from sqlmodel import Session, select

from gosapp.models.registry import Clinic, InstitutionKind, Specialty

DEMO_SEED = 20261122

SPECIALTIES = {
    "therapist": "Терапевт",
    "gp": "Врач общей практики",
    "cardiologist": "Кардиолог",
    "neurologist": "Невролог",
    "ophthalmologist": "Офтальмолог",
    "ent": "Оториноларинголог",
    "surgeon": "Хирург",
    "endocrinologist": "Эндокринолог",
    "gastroenterologist": "Гастроэнтеролог",
    "dermatologist": "Дерматовенеролог",
    "gynecologist": "Акушер-гинеколог",
    "urologist": "Уролог",
    "pediatrician": "Педиатр",
    "dentist": "Стоматолог-терапевт",
    "traumatologist": "Травматолог-ортопед",
}

CLINICS = [
    ("kb-51", "Клиническая больница № 51 ФМБА России", "КБ № 51", "Центральный"),
    ("kb-85", "Клиническая больница № 85 ФМБА России", "КБ № 85", "Северный"),
    ("poly-1", "Поликлиника № 1 ФМБА России", "Поликлиника № 1", "Южный"),
    ("poly-3", "Поликлиника № 3 ФМБА России", "Поликлиника № 3", "Западный"),
    ("cdc-fmba", "Консультативно-диагностический центр ФМБА России", "КДЦ ФМБА", "Восточный"),
    ("ms-174", "Медико-санитарная часть № 174 ФМБА России", "МСЧ № 174", "Северный"),
]

SZN_OFFICES = [
    (
        "szn-central",
        "Управление социальной защиты населения Центрального района",
        "УСЗН Центр",
        "Центральный",
    ),
    (
        "szn-north",
        "Управление социальной защиты населения Северного района",
        "УСЗН Север",
        "Северный",
    ),
]


def _faker() -> Faker:
    fake = Faker("ru_RU")
    fake.seed_instance(DEMO_SEED)
    return fake


def seed_demo(*, session: Session) -> dict[str, int]:
    """Create the demo reference data that is missing; return how many rows were added."""
    fake = _faker()
    added = {"specialties": _seed_specialties(session), "institutions": 0}
    for kind, rows in (
        (InstitutionKind.CLINIC, CLINICS),
        (InstitutionKind.SZN_OFFICE, SZN_OFFICES),
    ):
        added["institutions"] += _seed_institutions(session, fake, kind, rows)
    session.flush()
    return added


def _seed_specialties(session: Session) -> int:
    existing = set(session.exec(select(Specialty.code)))
    new = [Specialty(code=c, name=n) for c, n in SPECIALTIES.items() if c not in existing]
    session.add_all(new)
    return len(new)


def _seed_institutions(session: Session, fake: Faker, kind: InstitutionKind, rows) -> int:
    existing = set(session.exec(select(Clinic.code)))
    added = 0
    for code, name, short_name, district in rows:
        # Draw the fake values even for existing rows so later rows stay deterministic.
        address = f"г. {fake.city_name()}, {fake.street_title()}, д. {fake.building_number()}"
        phone = f"+7495{fake.numerify('#######')}"
        if code in existing:
            continue
        session.add(
            Clinic(
                code=code,
                kind=kind,
                name=name,
                short_name=short_name,
                district=district,
                address=address,
                phone=phone,
            )
        )
        added += 1
    return added
