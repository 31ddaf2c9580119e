"""Deterministic Russian demo data (``gosapp seed-demo``). Idempotent: rows are keyed by code."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from faker import Faker
from sqlmodel import Session, select

from gosapp.models.accounts import AccountLevel, Role, Sex, User, UserRole, utcnow
from gosapp.models.registry import Clinic, InstitutionKind, Specialty
from gosapp.services.common.validation import snils_checksum
from gosapp.services.identity import totp
from gosapp.services.identity.passwords import hash_password

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
    # Far East: its times are shown in Владивосток time, labelled so
    (
        "dvo-fmba",
        "Дальневосточный окружной медицинский центр ФМБА России",
        "ДВОМЦ ФМБА",
        "Владивосток",
        "Asia/Vladivostok",
    ),
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


@dataclass(frozen=True)
class DemoAccount:
    """A demo login with a fixed password and TOTP secret (demo deployments only)."""

    login: str
    phone: str
    password: str
    role: Role
    totp_secret: str
    names: tuple[str, str, str]
    sex: Sex
    birth_date: date
    # The level its services need (SPEC §1): the patient orders certificates (standard), the
    # doctor works in the medical-worker cabinet (confirmed); staff need no documents.
    level: AccountLevel = AccountLevel.BASIC


DEMO_ACCOUNTS = [
    DemoAccount(
        "patient@demo.gosapp.ru",
        "+79160000001",
        "Пациент-Демо-2026",
        Role.CITIZEN,
        "PATIENTDEMOTOTPSECRETAAAAAAAAAAA",
        ("Смирнова", "Алиса", "Петровна"),
        Sex.FEMALE,
        date(1987, 5, 12),
        AccountLevel.STANDARD,
    ),
    DemoAccount(
        "doctor@demo.gosapp.ru",
        "+79160000002",
        "Доктор-Демо-2026",
        Role.DOCTOR,
        "DOCTORDEMOTOTPSECRETBBBBBBBBBBBB",
        ("Лебедев", "Дмитрий", "Андреевич"),
        Sex.MALE,
        date(1979, 11, 3),
        AccountLevel.CONFIRMED,
    ),
    DemoAccount(
        "registrar@demo.gosapp.ru",
        "+79160000003",
        "Регистратор-Демо-2026",
        Role.REGISTRAR,
        "REGISTRARDEMOTOTPSECRETCCCCCCCCC",
        ("Орлова", "Регина", "Олеговна"),
        Sex.FEMALE,
        date(1990, 2, 21),
    ),
    DemoAccount(
        "admin@demo.gosapp.ru",
        "+79160000004",
        "Администратор-Демо-2026",
        Role.ADMIN,
        "ADMINDEMOTOTPSECRETDDDDDDDDDDDDD",
        ("Соколов", "Алексей", "Викторович"),
        Sex.MALE,
        date(1982, 8, 30),
    ),
    # The social-protection demo: a mother on child-care leave (СЗН cabinet, issue 17).
    DemoAccount(
        "family@demo.gosapp.ru",
        "+79160000007",
        "Семья-Демо-2026",
        Role.CITIZEN,
        "FAMILYDEMOTOTPSECRETGGGGGGGGGGGG",
        ("Белова", "Мария", "Андреевна"),
        Sex.FEMALE,
        date(1993, 3, 14),
        AccountLevel.CONFIRMED,
    ),
    # More patients, so that demos (and the booking tests) can show two people at once.
    DemoAccount(
        "patient2@demo.gosapp.ru",
        "+79160000005",
        "Пациент-Второй-2026",
        Role.CITIZEN,
        "PATIENTTWOTOTPSECRETEEEEEEEEEEEE",
        ("Козлов", "Игорь", "Сергеевич"),
        Sex.MALE,
        date(1975, 9, 4),
        AccountLevel.STANDARD,
    ),
    DemoAccount(
        "patient3@demo.gosapp.ru",
        "+79160000006",
        "Пациент-Третий-2026",
        Role.CITIZEN,
        "PATIENTTHREETOTPSECRETFFFFFFFFFF",
        ("Никитина", "Ольга", "Дмитриевна"),
        Sex.FEMALE,
        date(1994, 1, 27),
        AccountLevel.STANDARD,
    ),
    # A nurse-to-be whose application to the medical-worker register waits for a registrar
    # (services/demo/frmr.py files it): the register needs a confirmed account.
    DemoAccount(
        "medic@demo.gosapp.ru",
        "+79160000008",
        "Медработник-Демо-2026",
        Role.CITIZEN,
        "MEDICDEMOTOTPSECRETGGGGGGGGGGGGG",
        ("Васильева", "Марина", "Игоревна"),
        Sex.FEMALE,
        date(1991, 6, 18),
        AccountLevel.CONFIRMED,
    ),
]


def demo_account(login: str) -> DemoAccount | None:
    """The demo account with this login (e-mail or phone)."""
    return next((a for a in DEMO_ACCOUNTS if login.strip().lower() in (a.login, a.phone)), None)


def demo_code(account: DemoAccount, now: datetime | None = None) -> str:
    """The account's current TOTP code."""
    return totp.code_at(account.totp_secret, now or utcnow())


def _seed_accounts(session: Session) -> int:
    existing = {user.email: user for user in session.exec(select(User))}
    added = 0
    for account in DEMO_ACCOUNTS:
        if account.login in existing:  # seeded before levels mattered: top the documents up
            _give_level(existing[account.login], account.level)
            continue
        _create_demo_user(session, account)
        added += 1
    return added


def _create_demo_user(session: Session, account: DemoAccount) -> None:
    now = utcnow()
    last, first, middle = account.names
    user = User(
        last_name=last,
        first_name=first,
        patronymic=middle,
        sex=account.sex,
        birth_date=account.birth_date,
        phone=account.phone,
        email=account.login,
        password_hash=hash_password(account.password),
        consent_version="2026-01",
        consent_at=now,
        phone_confirmed_at=now,
        email_confirmed_at=now,
        totp_secret_enc=totp.encrypt_secret(account.totp_secret),
        totp_enabled_at=now,
        is_demo=True,
    )
    session.add(user)
    session.flush()
    _give_level(user, account.level)
    roles = {Role.CITIZEN, account.role}
    session.add_all(UserRole(user_id=user.id, role=role) for role in roles)


def _give_level(user: User, level: AccountLevel) -> None:
    """Documents for ``level``: SNILS and a passport from standard up; confirmed as if a
    verifier had approved them."""
    if level == AccountLevel.BASIC:
        return
    give_documents(user, series="4510", number=f"{100000 + user.id:06d}")
    if level == AccountLevel.CONFIRMED:
        user.level = AccountLevel.CONFIRMED


def give_documents(user: User, *, series: str, number: str) -> None:
    """A checksum-valid SNILS made from the user's id and a passport, where missing: the
    standard level (SPEC §1)."""
    if not user.snils:
        first_nine = f"{300_000_000 + user.id:09d}"
        user.snils = first_nine + snils_checksum(first_nine)
    if not user.passport_series:
        user.passport_series, user.passport_number = series, number
        user.passport_issued_on = date(2015, 6, 1)
        user.passport_issuer = "ГУ МВД России по г. Москве"
        user.passport_division_code = "770-001"
    if user.level == AccountLevel.BASIC:
        user.level = AccountLevel.STANDARD


def _faker() -> Faker:
    fake = Faker("ru_RU")
    fake.seed_instance(DEMO_SEED)
    return fake


def seed_demo(*, session: Session) -> dict[str, int]:
    """Create the demo reference data that is missing; return how many rows were added."""
    fake = _faker()
    added = {
        "specialties": _seed_specialties(session),
        "institutions": 0,
        "accounts": _seed_accounts(session),
    }
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
    for code, name, short_name, district, *zone in rows:
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
                timezone=zone[0] if zone else "Europe/Moscow",
            )
        )
        added += 1
    return added
