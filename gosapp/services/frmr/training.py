"""Enrolment in training programmes (SPEC §3, issue 16 item 4): enrol, the waiting list,
cancel, finish.

Seats hold under concurrent enrolment because a seat is taken by one conditional UPDATE,
``seats_taken = seats_taken + 1 WHERE id = ? AND seats_taken < seats`` (the booking rule of
``services/scheduling``): of two doctors racing for the last seat the database lets one
UPDATE match and the other match nothing. Whoever finds no seat is offered the waiting list.

Moving between the seats and the queue (joining the queue, cancelling a seat, which promotes
the first waiting doctor) runs under ``serialize("training:<id>")``: a seat freed while a
doctor joins the queue is then seen by one of them, never lost between the two. Two tabs of
one doctor queue on ``serialize("training-doctor:<id>")``; the partial unique index
``uq_trainingenrolment_live`` is the last word on one live enrolment per programme.

Finishing is the doctor's explicit «Завершить обучение», allowed from the programme's last
day: no job guesses whether someone attended. It creates an НМО activity *awaiting its
certificate* (no request, no document): it counts no points until the doctor uploads the
certificate on /frmr/education and staff verify it.

Functions flush but never commit: the caller owns the transaction (``db.transaction()``).
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import update
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from gosapp import routes
from gosapp.db import serialize
from gosapp.models.accounts import User, utcnow
from gosapp.models.career import NmoActivity
from gosapp.models.frmr import MedicalWorkerProfile
from gosapp.models.training import LIVE_STATUSES, EnrolmentStatus, TrainingEnrolment
from gosapp.models.training import TrainingProgramme as Programme
from gosapp.services.common.audit import Actor, access_denied, record
from gosapp.services.common.errors import DomainError, NotAllowed, NotFound
from gosapp.services.common.validation import parse_id
from gosapp.services.common.workdays import local_date
from gosapp.services.frmr.portfolio import is_doctor
from gosapp.services.notifications.inbox import notify

E = EnrolmentStatus
PROGRAMME_NOT_FOUND = "Программа обучения не найдена"
ENROLMENT_NOT_FOUND = "Запись на обучение не найдена"
DOCTORS_ONLY = "Запись на обучение доступна медицинским работникам, включённым в регистр"


class ProgrammeFull(DomainError):
    """No seat is left: the doctor may join the waiting list."""

    def __init__(self) -> None:
        super().__init__("Свободных мест нет. Можно встать в лист ожидания")


class EnrolmentClosed(DomainError):
    """The programme has started (or the enrolment can no longer change)."""


def require_medical_worker(session: Session, user: User) -> None:
    """NotAllowed unless ``user`` holds the doctor role and has a register profile."""
    profile = session.exec(
        select(MedicalWorkerProfile.id).where(MedicalWorkerProfile.user_id == user.id)
    ).first()
    if profile is None or not is_doctor(session, user):
        raise NotAllowed(DOCTORS_ONLY)


def enrol(
    *,
    session: Session,
    user: User,
    programme_id: object,
    actor: Actor,
    wait: bool = False,
    now: datetime | None = None,
) -> TrainingEnrolment:
    """Take a seat on the programme; with none left, ProgrammeFull, or with ``wait`` a place
    in the waiting list (status waiting)."""
    now = now or utcnow()
    require_medical_worker(session, user)
    serialize(session, f"training-doctor:{user.id}")
    programme = _programme(session, programme_id)
    if programme.starts_on <= local_date(now):
        raise EnrolmentClosed("Запись закрыта: обучение уже началось")
    if live_enrolment(session, programme.id, user.id) is not None:
        raise EnrolmentClosed("Вы уже записаны на эту программу — см. «Мои обучения»")
    status = E.ENROLLED if _take_seat(session, programme.id) else None
    if status is None:
        if not wait:
            raise ProgrammeFull()
        serialize(session, f"training:{programme.id}")  # a seat freed meanwhile is seen here
        status = E.ENROLLED if _take_seat(session, programme.id) else E.WAITING
    row = TrainingEnrolment(
        programme_id=programme.id, user_id=user.id, status=status, created_at=now, updated_at=now
    )
    try:
        with session.begin_nested():
            session.add(row)
            session.flush()
    except IntegrityError:  # the unique index: another tab of this doctor was first
        raise EnrolmentClosed("Вы уже записаны на эту программу — см. «Мои обучения»") from None
    record(
        session=session,
        actor=actor,
        action=f"training.{status.value}",
        object_type="training",
        object_id=row.id,
    )
    return row


def cancel(
    *, session: Session, user: User, enrolment_id: object, actor: Actor, now: datetime | None = None
) -> TrainingEnrolment:
    """Cancel the doctor's own seat or place in the queue, up to the programme's first day; a
    freed seat goes to the first waiting doctor (who is told) or back to the catalogue."""
    now = now or utcnow()
    row = own_enrolment(session, user, enrolment_id, actor)
    programme = session.get_one(Programme, row.programme_id)
    if row.status not in (E.ENROLLED, E.WAITING):
        raise EnrolmentClosed("Эту запись уже нельзя отменить")
    if programme.starts_on <= local_date(now):  # a seat freed mid-course helps nobody
        raise EnrolmentClosed("Обучение уже началось: отменить запись нельзя")
    serialize(session, f"training:{programme.id}")
    had_seat = row.status == E.ENROLLED
    _move(session, row, row.status, E.CANCELLED, now)
    if had_seat and _promote(session, programme, now) is None:
        session.execute(
            update(Programme)
            .where(col(Programme.id) == programme.id, col(Programme.seats_taken) > 0)
            .values(seats_taken=col(Programme.seats_taken) - 1)
        )
    record(
        session=session,
        actor=actor,
        action="training.cancel",
        object_type="training",
        object_id=row.id,
    )
    return row


def finish(
    *, session: Session, user: User, enrolment_id: object, actor: Actor, now: datetime | None = None
) -> NmoActivity:
    """«Завершить обучение» from the programme's last day: the enrolment is finished and an
    НМО activity awaits its certificate (it counts no points until one is verified)."""
    now = now or utcnow()
    row = own_enrolment(session, user, enrolment_id, actor)
    programme = session.get_one(Programme, row.programme_id)
    if row.status != E.ENROLLED:
        raise EnrolmentClosed("Завершить можно только обучение, на которое вы записаны")
    if programme.ends_on > local_date(now):
        raise EnrolmentClosed(
            f"Обучение заканчивается {programme.ends_on:%d.%m.%Y}: завершите его после этого"
        )
    _move(session, row, E.ENROLLED, E.FINISHED, now)
    activity = NmoActivity(
        owner_id=user.id,
        name=programme.title,
        provider=programme.provider,
        kind=str(programme.kind),
        started_on=programme.starts_on,
        finished_on=programme.ends_on,
        hours=programme.hours,
        points=programme.points,
        created_at=now,
    )
    session.add(activity)
    session.flush()
    row.activity_id = activity.id
    session.add(row)
    session.flush()
    record(
        session=session,
        actor=actor,
        action="training.finish",
        object_type="training",
        object_id=row.id,
    )
    return activity


# --- reading and row changes ------------------------------------------------------------------


def own_enrolment(
    session: Session, user: User, enrolment_id: object, actor: Actor
) -> TrainingEnrolment:
    """The doctor's own enrolment; someone else's and a missing one look alike (audited)."""
    require_medical_worker(session, user)
    number = parse_id(enrolment_id, ENROLMENT_NOT_FOUND)
    row = session.get(TrainingEnrolment, number)
    if row is None or row.user_id != user.id:
        access_denied(session=session, actor=actor, object_type="training", object_id=number)
        raise NotFound(ENROLMENT_NOT_FOUND)
    return row


def live_enrolment(session: Session, programme_id: int, user_id: int) -> TrainingEnrolment | None:
    """The doctor's enrolled, waiting or finished enrolment on the programme, if any."""
    return session.exec(
        select(TrainingEnrolment).where(
            TrainingEnrolment.programme_id == programme_id,
            TrainingEnrolment.user_id == user_id,
            col(TrainingEnrolment.status).in_(LIVE_STATUSES),
        )
    ).first()


def _programme(session: Session, programme_id: object) -> Programme:
    row = session.get(Programme, parse_id(programme_id, PROGRAMME_NOT_FOUND))
    if row is None:
        raise NotFound(PROGRAMME_NOT_FOUND)
    return row


def _take_seat(session: Session, programme_id: int) -> bool:
    """One seat taken if one is free: the conditional UPDATE that cannot overbook."""
    done = session.execute(
        update(Programme)
        .where(col(Programme.id) == programme_id, col(Programme.seats_taken) < Programme.seats)
        .values(seats_taken=col(Programme.seats_taken) + 1)
    )
    return done.rowcount == 1  # type: ignore[attr-defined]


def _move(session: Session, row: TrainingEnrolment, seen: E, to: E, now: datetime) -> None:
    done = session.execute(
        update(TrainingEnrolment)
        .where(col(TrainingEnrolment.id) == row.id, col(TrainingEnrolment.status) == seen)
        .values(status=to, updated_at=now)
    )
    if done.rowcount != 1:  # type: ignore[attr-defined]
        raise EnrolmentClosed("Запись уже изменилась: обновите страницу")
    session.refresh(row)


def _promote(session: Session, programme: Programme, now: datetime) -> TrainingEnrolment | None:
    """The freed seat to the first waiting doctor (oldest first), who is notified."""
    queue = session.exec(
        select(TrainingEnrolment)
        .where(
            TrainingEnrolment.programme_id == programme.id,
            TrainingEnrolment.status == E.WAITING,
        )
        .order_by(col(TrainingEnrolment.id))
        .limit(5)
    ).all()
    for candidate in queue:
        try:
            _move(session, candidate, E.WAITING, E.ENROLLED, now)
        except EnrolmentClosed:  # they cancelled at this moment: the next one
            continue
        doctor = session.get_one(User, candidate.user_id)
        notify(
            session=session,
            user=doctor,
            title=f"Освободилось место: вы записаны на «{programme.title}»",
            body=f"Начало {programme.starts_on:%d.%m.%Y}. Отменить запись можно в «Мои обучения».",
            link=routes.TRAINING,
        )
        return candidate
    return None


def ended(programme: Programme, today: date) -> bool:
    """Whether «Завершить обучение» is open (from the programme's last day)."""
    return programme.ends_on <= today
