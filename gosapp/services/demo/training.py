"""Demo training programmes (issue 16 item 4): a catalogue of fifteen programmes across kinds,
regions and dates, one with exactly one seat left, one full with a waiting list; the demo
doctor enrolled in two and one finished programme whose НМО record awaits its certificate.

Seats and queues are real enrolments of the extra demo doctors (``vrachN@demo``) made through
the service, so the counters and the rows agree. Dates are relative to today. Idempotent: once
any programme exists the step adds nothing.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlmodel import Session, col, select

from gosapp.models.accounts import User, utcnow
from gosapp.models.frmr import MedicalWorkerProfile
from gosapp.models.training import TrainingKind, TrainingProgramme
from gosapp.services.common.workdays import local_date
from gosapp.services.demo.frmr import ACTOR
from gosapp.services.demo.portfolio import _doctors
from gosapp.services.frmr import training
from gosapp.services.frmr.training_catalog import add_programme

C, W, S = TrainingKind.COURSE, TrainingKind.WEBINAR, TrainingKind.SEMINAR
ONE_LEFT = "Неотложная помощь в амбулаторной практике"
FULL = "Школа молодого кардиолога"
MINE = ("Клинические рекомендации: артериальная гипертензия 2026", "Вебинар: антикоагулянты")
FINISHED = "Ведение пациентов с сахарным диабетом 2 типа"
# (starts in days, lasts days, title, provider, kind, hours, points, seats, region, others)
PROGRAMMES = (
    (6, 1, MINE[1], "РНМОТ", W, 2, 2, 300, "Дистанционно", 2),
    (9, 3, ONE_LEFT, "РНИМУ им. Н. И. Пирогова", S, 18, 18, 0, "Москва", 2),
    (12, 5, FULL, "НМИЦ кардиологии", S, 36, 36, 3, "Москва", 5),
    (14, 30, MINE[0], "РМАНПО", C, 36, 36, 120, "Дистанционно", 1),
    (16, 1, "Вебинар: пневмония у взрослых", "РНМОТ", W, 2, 2, 500, "Дистанционно", 0),
    (
        20,
        4,
        "Ультразвуковая диагностика для терапевтов",
        "СЗГМУ им. И. И. Мечникова",
        S,
        24,
        24,
        12,
        "Санкт-Петербург",
        1,
    ),
    (23, 21, "Диспансерное наблюдение взрослых", "РМАНПО", C, 36, 36, 200, "Дистанционно", 0),
    (
        27,
        2,
        "Школа терапевта: сложный пациент",
        "Казанская ГМА",
        S,
        12,
        12,
        30,
        "Республика Татарстан",
        0,
    ),
    (31, 1, "Вебинар: хроническая болезнь почек", "НМИЦ ТПМ", W, 3, 3, 400, "Дистанционно", 0),
    (
        35,
        3,
        "Неврология для врачей первичного звена",
        "НГМУ",
        S,
        18,
        18,
        25,
        "Новосибирская область",
        1,
    ),
    (
        40,
        28,
        "Паллиативная помощь",
        "МОНИКИ им. М. Ф. Владимирского",
        C,
        72,
        72,
        60,
        "Московская область",
        0,
    ),
    (
        44,
        2,
        "Инфекционная безопасность в поликлинике",
        "УГМУ",
        S,
        16,
        16,
        20,
        "Свердловская область",
        0,
    ),
    (52, 1, "Вебинар: дислипидемии", "Учебный центр «Медик»", W, 2, 2, 150, "Дистанционно", 0),
    (
        60,
        5,
        "Эндокринология: практические вопросы",
        "НМИЦ эндокринологии",
        S,
        36,
        36,
        16,
        "Москва",
        0,
    ),
    (75, 30, "Медицинская реабилитация", "РМАНПО", C, 144, 144, 80, "Дистанционно", 0),
)


def _others(session: Session, skip: set[int]) -> list[User]:
    """Demo doctors with a register profile, other than the signing-in ones."""
    found = session.exec(
        select(User)
        .join(MedicalWorkerProfile, col(MedicalWorkerProfile.user_id) == User.id)
        .where(col(User.email).like("vrach%@demo.gosapp.ru"))
        .order_by(col(User.id))
    ).all()
    return [u for u in found if u.id not in skip]


def seed_training(*, session: Session, now: datetime | None = None) -> int:
    """The catalogue and the enrolments; how many programmes were created."""
    now = now or utcnow()
    if session.exec(select(TrainingProgramme.id)).first() is not None:
        return 0
    today = local_date(now)
    mine = [d for d in _doctors(session) if _is_worker(session, d)]
    others = _others(session, {d.id for d in mine})
    booked_at = now - timedelta(days=3)
    for starts, lasts, title, provider, kind, hours, points, seats, region, n in PROGRAMMES:
        taken = min(n, len(others))
        if title == ONE_LEFT:
            seats = taken + 1
        row = add_programme(
            session,
            title=title,
            provider=provider,
            kind=kind,
            starts_on=today + timedelta(days=starts),
            ends_on=today + timedelta(days=starts + lasts - 1),
            hours=hours,
            points=points,
            seats=max(seats, 1),
            region=region,
            created_at=booked_at,
        )
        for doctor in others[:taken]:  # beyond the seats they join the waiting list
            training.enrol(
                session=session,
                user=doctor,
                programme_id=row.id,
                actor=ACTOR,
                wait=True,
                now=booked_at,
            )
        if title in MINE:
            for doctor in mine:
                training.enrol(
                    session=session, user=doctor, programme_id=row.id, actor=ACTOR, now=now
                )
    for doctor in mine:
        _finished(session, doctor, today, now)
    return len(PROGRAMMES) + 1


def _is_worker(session: Session, user: User) -> bool:
    return (
        session.exec(
            select(MedicalWorkerProfile.id).where(MedicalWorkerProfile.user_id == user.id)
        ).first()
        is not None
    )


def _finished(session: Session, doctor: User, today, now: datetime) -> None:
    """A seminar that ended last week, finished by the doctor: its НМО record awaits the
    certificate."""
    row = session.exec(select(TrainingProgramme).where(TrainingProgramme.title == FINISHED)).first()
    if row is None:
        row = add_programme(
            session,
            title=FINISHED,
            provider="НМИЦ эндокринологии",
            kind=TrainingKind.SEMINAR,
            starts_on=today - timedelta(days=10),
            ends_on=today - timedelta(days=8),
            hours=12,
            points=12,
            seats=30,
            region="Москва",
            created_at=now - timedelta(days=40),
        )
    enrolment = training.enrol(
        session=session,
        user=doctor,
        programme_id=row.id,
        actor=ACTOR,
        now=now - timedelta(days=30),
    )
    training.finish(session=session, user=doctor, enrolment_id=enrolment.id, actor=ACTOR, now=now)
