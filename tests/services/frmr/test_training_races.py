"""Seats under concurrent enrolment, on a real database (SQLite and PostgreSQL): N doctors race
for one seat and exactly one gets it; two seats freed at once go to two waiting doctors."""

import threading

from sqlmodel import select

from gosapp.db import transaction
from gosapp.models.accounts import User
from gosapp.models.training import EnrolmentStatus as E
from gosapp.models.training import TrainingEnrolment, TrainingProgramme
from gosapp.services.frmr import training
from tests.services.frmr.portfolio_setup import ACTOR
from tests.services.frmr.training_setup import NOW, enrol, make_programme, make_worker

DOCTORS = 6


def _race(engine, jobs) -> list[object]:
    """Run each job (a function of a session) in its own thread and transaction, together."""
    barrier, outcomes, lock = threading.Barrier(len(jobs)), [], threading.Lock()

    def run(job) -> None:
        barrier.wait()
        try:
            with transaction(engine) as db:
                result = job(db)
        except Exception as exc:
            result = exc
        with lock:
            outcomes.append(result)

    threads = [threading.Thread(target=run, args=(job,)) for job in jobs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes


def _enrol_job(user_id: int, programme_id: int, wait: bool):
    def job(db):
        user = db.get_one(User, user_id)
        row = training.enrol(
            session=db, user=user, programme_id=programme_id, actor=ACTOR, wait=wait, now=NOW
        )
        return str(row.status)

    return job


def _statuses(session, programme) -> list[str]:
    session.expire_all()
    rows = session.exec(
        select(TrainingEnrolment).where(TrainingEnrolment.programme_id == programme.id)
    ).all()
    return sorted(str(r.status) for r in rows)


def test_many_doctors_one_seat_exactly_one_enrolled_the_rest_waiting(engine, session):
    doctors = [make_worker(session) for _ in range(DOCTORS)]
    programme = make_programme(session, seats=1)
    outcomes = _race(engine, [_enrol_job(d.id, programme.id, True) for d in doctors])
    assert sorted(map(str, outcomes)) == ["enrolled"] + ["waiting"] * (DOCTORS - 1)
    assert _statuses(session, programme) == ["enrolled"] + ["waiting"] * (DOCTORS - 1)
    assert session.get_one(TrainingProgramme, programme.id).seats_taken == 1


def test_many_doctors_one_seat_without_the_queue_one_wins_the_rest_are_told_it_is_full(
    engine, session
):
    doctors = [make_worker(session) for _ in range(DOCTORS)]
    programme = make_programme(session, seats=1)
    outcomes = _race(engine, [_enrol_job(d.id, programme.id, False) for d in doctors])
    assert outcomes.count("enrolled") == 1
    assert sum(isinstance(o, training.ProgrammeFull) for o in outcomes) == DOCTORS - 1
    assert _statuses(session, programme) == ["enrolled"]
    assert session.get_one(TrainingProgramme, programme.id).seats_taken == 1


def test_two_seats_cancelled_at_once_go_to_the_two_first_waiting(engine, session):
    holders = [make_worker(session) for _ in range(2)]
    waiting = [make_worker(session) for _ in range(3)]
    programme = make_programme(session, seats=2)
    seats = [enrol(session, d, programme) for d in holders]
    queue = [enrol(session, d, programme, wait=True) for d in waiting]

    def cancel_job(user_id: int, enrolment_id: int):
        def job(db):
            user = db.get_one(User, user_id)
            training.cancel(session=db, user=user, enrolment_id=enrolment_id, actor=ACTOR, now=NOW)
            return "cancelled"

        return job

    outcomes = _race(engine, [cancel_job(h.id, s.id) for h, s in zip(holders, seats, strict=True)])
    assert outcomes == ["cancelled", "cancelled"]
    session.expire_all()
    got = [str(session.get_one(TrainingEnrolment, q.id).status) for q in queue]
    assert got == [E.ENROLLED, E.ENROLLED, E.WAITING]
    assert session.get_one(TrainingProgramme, programme.id).seats_taken == 2


def test_one_doctor_in_two_tabs_enrols_once(engine, session):
    doctor = make_worker(session)
    programme = make_programme(session, seats=5)
    outcomes = _race(engine, [_enrol_job(doctor.id, programme.id, False) for _ in range(2)])
    assert outcomes.count("enrolled") == 1
    assert _statuses(session, programme) == ["enrolled"]
    assert session.get_one(TrainingProgramme, programme.id).seats_taken == 1
