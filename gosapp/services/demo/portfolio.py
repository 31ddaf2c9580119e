"""Demo portfolios: the demo doctors' documents in every status — approved, on check, taken
by the registrar, rejected with a reason, rejected and then corrected, archived — and some
about to expire (7, 30 and 90 days), so the portfolio, the radar and the staff queue have
something real to show. Idempotent: a doctor who has any record is left alone."""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import cache

from PIL import Image, ImageDraw
from sqlmodel import Session, col, select

from gosapp.models.accounts import Role, User, utcnow
from gosapp.models.portfolio import PortfolioRecord
from gosapp.services.common import pdf
from gosapp.services.common.audit import Actor
from gosapp.services.common.workdays import local_date
from gosapp.services.demo.accounts import DEMO_ACCOUNTS
from gosapp.services.documents import storage
from gosapp.services.frmr import portfolio
from gosapp.services.requests import workflow

ACTOR = Actor(ip="127.0.0.1", user_agent="gosapp seed-demo")
UNREADABLE = "Скан нечитаем: не видны номер и печать. Загрузите скан целиком, в цвете."
NO_STAMP = "На копии нет печати организации. Приложите заверенную копию."


@dataclass(frozen=True)
class Demo:
    """One demo record: its data, days from today to its end of validity (None: none), and
    the decisions its versions got in turn ("" = still on check, "claim" = taken)."""

    doc_type: str
    number: str
    issuer: str
    issued: date
    valid_days: int | None
    steps: tuple[str, ...]
    archived: bool = False
    image: bool = False


RECORDS = (
    Demo(
        "diploma",
        "107718 0456123",
        "ПМГМУ им. И. М. Сеченова",
        date(2003, 6, 27),
        None,
        ("approve",),
    ),
    Demo(
        "diploma_supplement",
        "107718 0456124",
        "ПМГМУ им. И. М. Сеченова",
        date(2003, 6, 27),
        None,
        ("approve",),
        image=True,
    ),
    Demo(
        "specialist_certificate",
        "0177241234567",
        "РНИМУ им. Н. И. Пирогова",
        date(2021, 12, 3),
        25,
        ("reject", "approve"),
    ),
    Demo(
        "accreditation",
        "7724 031234567",
        "Методический центр аккредитации",
        date(2026, 10, 2),
        1826,
        ("",),
    ),
    Demo("advanced_training", "772415678901", "РМАНПО", date(2021, 9, 15), 80, ("approve",)),
    Demo(
        "license",
        "Л041-01137-77/00312345",
        "Департамент здравоохранения г. Москвы",
        date(2021, 6, 1),
        6,
        ("approve",),
    ),
    Demo(
        "employment_book",
        "ТК-IV 1234567",
        "ГБУЗ «Городская поликлиника № 1»",
        date(2003, 8, 1),
        None,
        ("reject",),
        image=True,
    ),
    Demo(
        "other",
        "ЧЛ-2024-0815",
        "Российское научное медицинское общество терапевтов",
        date(2024, 2, 12),
        None,
        ("claim",),
    ),
    Demo(
        "other",
        "УД-2019-113",
        "Учебный центр «Медик»",
        date(2019, 3, 1),
        -40,
        ("approve",),
        archived=True,
    ),
)


def seed_portfolios(*, session: Session, now: datetime | None = None) -> int:
    """Give each demo doctor without a portfolio the demo records; how many were created."""
    now = now or utcnow()
    registrar = _user(session, Role.REGISTRAR)
    created = 0
    for doctor in _doctors(session):
        mine = select(PortfolioRecord).where(PortfolioRecord.owner_id == doctor.id)
        if session.exec(mine).first():
            continue
        for index, demo in enumerate(RECORDS):
            _play(session, doctor, registrar, demo, now - timedelta(days=40 - 3 * index))
            created += 1
    return created


def _doctors(session: Session) -> list[User]:
    logins = [a.login for a in DEMO_ACCOUNTS if a.role == Role.DOCTOR]
    return list(session.exec(select(User).where(col(User.email).in_(logins))))


def _user(session: Session, role: Role) -> User:
    account = next(a for a in DEMO_ACCOUNTS if a.role == role)
    return session.exec(select(User).where(User.email == account.login)).one()


def _play(session: Session, doctor: User, registrar: User, demo: Demo, started: datetime) -> None:
    """Add the record, then each version's decision (a rejection is followed by a correction)."""
    until = local_date(utcnow()) + timedelta(days=demo.valid_days) if demo.valid_days else None
    form = {
        "doc_type": demo.doc_type,
        "number": demo.number,
        "issued_on": demo.issued.isoformat(),
        "issuer": demo.issuer,
        "valid_until": until.isoformat() if until else "",
    }
    row = portfolio.add_record(
        session=session,
        user=doctor,
        form=form,
        document_ids=[_scan(session, doctor, demo, started)],
        actor=ACTOR,
        now=started,
    )
    for step, action in enumerate(demo.steps):
        at = started + timedelta(hours=6 * step + 2)
        if step:  # a corrected version after the rejection
            portfolio.add_version(
                session=session,
                user=doctor,
                record_id=row.id,
                form=form,
                document_ids=[_scan(session, doctor, demo, at)],
                actor=ACTOR,
                now=at,
            )
        _decide(session, registrar, row, action, at + timedelta(hours=1))
    if demo.archived:
        portfolio.set_archived(
            session=session, user=doctor, record_id=row.id, archived=True, actor=ACTOR, now=started
        )


def _decide(session: Session, registrar: User, row, action: str, at: datetime) -> None:
    if not action:
        return
    request_id = portfolio.versions_of(session, row.id)[0].request_id
    steps = [("claim", "")]
    if action != "claim":
        steps.append((action, UNREADABLE if row.doc_type != "employment_book" else NO_STAMP))
    for name, text in steps:
        workflow.transition(
            session=session,
            request_id=request_id,
            action=name,
            user=registrar,
            actor=ACTOR,
            text=text if name == "reject" else "",
            now=at,
        )


def _scan(session: Session, doctor: User, demo: Demo, at: datetime) -> int:
    name, data = ("скан.png", _png()) if demo.image else ("скан.pdf", _pdf())
    return storage.stage(session=session, owner_id=doctor.id, filename=name, data=data, now=at).id


@cache
def _pdf() -> bytes:
    return pdf.table_report(
        title="Скан документа (демо)",
        subtitle="Образец для демонстрации портфолио",
        columns=[("Поле", 1), ("Значение", 2)],
        rows=[["Документ", "Диплом / сертификат / лицензия"], ["Номер", "000000"]],
    )


@cache
def _png() -> bytes:
    image = Image.new("RGB", (600, 420), "#f4f1e8")
    draw = ImageDraw.Draw(image)
    draw.rectangle((20, 20, 580, 400), outline="#7a6a4f", width=6)
    draw.text((60, 60), "DEMO SCAN", fill="#3b3325")
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()
