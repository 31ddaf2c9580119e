"""Demo requests: every request type in every status, with backdated timelines and documents,
worked by the demo registrar, so the history, certificates, support and staff pages have
something real to show. Runs once (skipped when any request exists)."""

from __future__ import annotations

import itertools
from datetime import date, datetime, timedelta
from functools import cache

from faker import Faker
from sqlalchemy import func
from sqlmodel import Session, select

from gosapp.models.accounts import AccountLevel, Role, Sex, User, UserRole, utcnow
from gosapp.models.requests import Request, RequestStatus
from gosapp.services.common import pdf
from gosapp.services.common.audit import Actor
from gosapp.services.demo.accounts import DEMO_ACCOUNTS, DEMO_SEED, give_documents
from gosapp.services.documents import storage
from gosapp.services.identity.passwords import hash_password
from gosapp.services.requests import catalog, workflow

ACTOR = Actor(ip="127.0.0.1", user_agent="gosapp seed-demo")
S = RequestStatus
# The actions that lead from a fresh draft to each status, with staff texts.
PATHS: dict[RequestStatus, list[tuple[str, str]]] = {
    S.DRAFT: [],
    S.SUBMITTED: [("submit", "")],
    S.IN_PROGRESS: [("submit", ""), ("claim", "")],
    S.NEEDS_INFO: [
        ("submit", ""),
        ("claim", ""),
        ("ask_info", "Приложите, пожалуйста, скан направления — на фото не видна печать."),
    ],
    S.APPROVED: [("submit", ""), ("claim", ""), ("approve", "")],
    S.REJECTED: [
        ("submit", ""),
        ("claim", ""),
        ("reject", "Нет документа, подтверждающего основание. Подайте заявление повторно."),
    ],
    S.COMPLETED: [
        ("submit", ""),
        ("claim", ""),
        ("ask_info", "Уточните период, за который нужна справка."),
        ("answer", "Период указан верно: с 1 по 14 октября."),
        ("approve", ""),
        ("complete", ""),
    ],
    S.WITHDRAWN: [("submit", ""), ("withdraw", "")],
}
PAYLOADS = {
    "cert_health": {"purpose": "Для трудоустройства", "delivery": "electronic"},
    "cert_vaccination": {"purpose": "Для поступления в вуз", "delivery": "electronic"},
    "cert_pool": {"purpose": "Для посещения бассейна «Олимп»", "delivery": "pickup"},
    "cert_sick_leave": {
        "purpose": "Для предоставления работодателю",
        "period_from": "01.10.2026",
        "period_to": "14.10.2026",
        "delivery": "electronic",
    },
    "support": {
        "category": "information",
        "subject": "Как записаться к эндокринологу?",
        "text": "В списке специальностей не нахожу эндокринолога в моей поликлинике.",
    },
    "passport_verification": {},
    "frmr_register": {
        "specialty": "therapist",
        "position": "Врач-терапевт",
        "employer_name": "Поликлиника № 1 ФМБА России",
        "employer_inn": "7734135124",
        "employer_ogrn": "1027739054420",
        "category": "first",
        "licence_number": "ЛО-77-01-000777",
    },
    "szn_cert_payments": {"purpose": "Для предоставления в банк", "delivery": "electronic"},
    "szn_cert_benefit_right": {"purpose": "Для бесплатного проезда", "delivery": "electronic"},
    "szn_cert_recipient": {"purpose": "Для предоставления по месту работы"},
}
# Types whose form names its scans (the register's diploma and accreditation).
SCAN_FIELDS = {"frmr_register": ("diploma_documents", "accreditation_documents")}
# The conversation a support ticket has once a registrar has taken it.
SUPPORT_THREAD = [
    ("registrar", "Эндокринолог принимает по направлению терапевта. Запишитесь к терапевту."),
    ("applicant", "Спасибо! А направление придёт в личный кабинет?"),
]
CITIZENS = 6
# Types whose demo requests belong to a richer demo of their own (services/demo/portfolio.py,
# benefits.py, social.py, career.py, attestation.py).
SEEDED_ELSEWHERE = frozenset(
    {
        "portfolio_check",
        "szn_benefit",
        "szn_allowance",
        "nmo_check",
        "experience_check",
        "attestation",
    }
)


def seed_requests(*, session: Session, now: datetime | None = None) -> int:
    """Create the demo requests unless requests exist; return how many were created."""
    if session.exec(select(func.count()).select_from(Request)).one():
        return 0
    now = now or utcnow()
    registrar = _demo_user(session, Role.REGISTRAR)
    citizens = [_demo_user(session, Role.CITIZEN), *_extra_citizens(session)]
    applicants = itertools.cycle(citizens)
    confirmed = itertools.cycle(citizens[1:])  # the demo patient never joins the register
    created = 0
    types = [t for t in catalog.all_types() if t.code not in SEEDED_ELSEWHERE]
    for index, (rtype, status) in enumerate(itertools.product(types, PATHS)):
        mine = rtype.cabinet == "patient" or rtype.code == "support"
        applicant = citizens[0] if mine else next(applicants)
        if rtype.level == AccountLevel.CONFIRMED:
            applicant = next(confirmed)
            applicant.level = AccountLevel.CONFIRMED
        started = now - timedelta(days=30 - index % 28, hours=index % 7)
        _play(session, rtype.code, status, applicant, registrar, started)
        created += 1
    return created


def _play(session, type_code, status, applicant, registrar, started: datetime) -> None:
    """Create one request and walk it to ``status``, a few working hours between steps."""
    scan = _scan(session, applicant, type_code, started)
    request = workflow.create(
        session=session,
        applicant=applicant,
        type_code=type_code,
        data={**PAYLOADS[type_code], **{f: [scan.id] for f in SCAN_FIELDS.get(type_code, ())}},
        actor=ACTOR,
        document_ids=[scan.id],
        submit=False,
        now=started,
    )
    for step, (action, text) in enumerate(PATHS[status], start=1):
        user = applicant if action in ("submit", "answer", "withdraw") else registrar
        workflow.transition(
            session=session,
            request_id=request.id,
            action=action,
            user=user,
            actor=ACTOR,
            text=text,
            now=started + timedelta(hours=5 * step),
        )
        if type_code == "support" and action == "claim":
            _converse(session, request, applicant, registrar, started + timedelta(hours=5 * step))


def _converse(session, request, applicant, registrar, at: datetime) -> None:
    """The support thread, a quarter of an hour between messages."""
    for minutes, (who, text) in enumerate(SUPPORT_THREAD, start=1):
        workflow.add_message(
            session=session,
            request_id=request.id,
            user=registrar if who == "registrar" else applicant,
            text=text,
            actor=ACTOR,
            now=at + timedelta(minutes=15 * minutes),
        )


def _scan(session, owner: User, type_code: str, at: datetime):
    """A small PDF standing in for a scanned document."""
    name = "паспорт.pdf" if type_code == "passport_verification" else "направление.pdf"
    return storage.stage(
        session=session, owner_id=owner.id, filename=name, data=_scan_bytes(), now=at
    )


@cache
def _scan_bytes() -> bytes:
    # One rendering for every demo scan: PDF rendering is the slow part of seeding.
    return pdf.table_report(
        title="Скан документа (демо)",
        subtitle="Образец для демонстрации",
        columns=[("Поле", 1), ("Значение", 2)],
        rows=[["Документ", "Направление / паспорт"], ["Серия и номер", "00 00 000000"]],
    )


def _demo_user(session: Session, role: Role) -> User:
    account = next(a for a in DEMO_ACCOUNTS if a.role == role)
    user = session.exec(select(User).where(User.email == account.login)).one()
    give_documents(user, series="4510", number=f"{100000 + user.id:06d}")
    return user


def _extra_citizens(session: Session) -> list[User]:
    """A few more citizens so the staff queues are not all one person."""
    fake = Faker("ru_RU")
    fake.seed_instance(DEMO_SEED + 1)
    unusable = hash_password(fake.password(length=24))  # nobody logs in as them
    users = []
    for i in range(CITIZENS):
        male = i % 2 == 0
        user = User(
            last_name=fake.last_name_male() if male else fake.last_name_female(),
            first_name=fake.first_name_male() if male else fake.first_name_female(),
            patronymic=fake.middle_name_male() if male else fake.middle_name_female(),
            sex=Sex.MALE if male else Sex.FEMALE,
            birth_date=date(1950 + 7 * i, 1 + i, 10 + i),
            phone=f"+7916100{i:04d}",
            email=f"citizen{i + 1}@demo.gosapp.ru",
            password_hash=unusable,
            consent_version="2026-01",
            consent_at=utcnow(),
            is_demo=True,
        )
        session.add(user)
        session.flush()
        session.add(UserRole(user_id=user.id, role=Role.CITIZEN))
        give_documents(user, series=f"45{i:02d}", number=f"{200000 + i:06d}")
        users.append(user)
    return users
