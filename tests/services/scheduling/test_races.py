"""Races on the test's real database (an SQLite file, or PostgreSQL): threads, each with its own
``db.transaction(engine)``, released together by a barrier.

Whatever the interleaving, a slot ends with exactly one live visit; every loser is told why in
the patient's words («Это время уже занято — выберите другой слот», a hold that ran out, the
one-visit-per-specialty rule) and nothing else escapes — no IntegrityError, no "database is
locked", no deadlock (which would be an error 500 on the page). On SQLite the writers queue at
``BEGIN IMMEDIATE``; on PostgreSQL they really overlap, and a short pause injected after the
hold (``_pause_after_hold``) makes every thread hold before any confirms, so the paths that only
the overlap reaches (the unique index deciding between uncommitted inserts, ``serialize``
ordering a patient's confirms) run every time rather than by luck.
"""

from __future__ import annotations

import threading
import time
from collections import Counter
from collections.abc import Callable, Sequence
from datetime import timedelta

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from gosapp.db import transaction
from gosapp.models.accounts import User
from gosapp.models.scheduling import Appointment, AppointmentStatus
from gosapp.services.common.errors import DomainError
from gosapp.services.scheduling import booking, holds, waitlist
from tests.factories import make_specialty
from tests.services.scheduling.setup import ACTOR, MONDAY, at, make_doctor, make_patient

A = AppointmentStatus
RACERS = 20
TAKEN = "Это время уже занято — выберите другой слот"
JOIN_TIMEOUT = 60  # a thread still running after this is a hang (a deadlock, a lost wake-up)


def race(
    engine: Engine, jobs: Sequence[Callable[[Session], object]], delays: list[float] | None = None
) -> list[object]:
    """Run each job in a thread of its own, inside its own write transaction, all released by one
    barrier (job ``i`` then waits ``delays[i]`` seconds before it begins); return what each
    returned or raised, in the order of ``jobs``."""
    barrier = threading.Barrier(len(jobs))
    outcomes: list[object] = [None] * len(jobs)
    delays = delays or [0.0] * len(jobs)

    def run(i: int) -> None:
        barrier.wait()
        time.sleep(delays[i])
        try:
            with transaction(engine) as db:
                outcomes[i] = jobs[i](db)
        except BaseException as exc:  # every outcome is checked by the test
            outcomes[i] = exc

    threads = [threading.Thread(target=run, args=(i,), daemon=True) for i in range(len(jobs))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(JOIN_TIMEOUT)
    assert not any(t.is_alive() for t in threads), "a racer hung (deadlock?)"
    return outcomes


def kinds(outcomes: list[object]) -> Counter[str]:
    """How many racers ended how: ``ok`` or the exception's class name."""
    return Counter("ok" if not isinstance(o, BaseException) else type(o).__name__ for o in outcomes)


def unexpected(outcomes: list[object], *allowed: type[DomainError]) -> list[BaseException]:
    """Exceptions other than the domain errors a loser may get: these would be an error 500."""
    return [o for o in outcomes if isinstance(o, BaseException) and not isinstance(o, allowed)]


@pytest.fixture
def _pause_after_hold(monkeypatch):
    """Let every racer finish its hold before any goes on (where writers overlap at all); the
    test's own set-up, on the main thread, is not paused."""
    insert_live = holds.insert_live

    def paused(session, row, now):
        insert_live(session, row, now)
        if threading.current_thread() is not threading.main_thread():
            time.sleep(0.3)

    monkeypatch.setattr(holds, "insert_live", paused)


def hold(db: Session, patient_id: int, resource_id: int, starts, now=MONDAY, rescheduling=None):
    return booking.hold(
        session=db,
        patient=db.get_one(User, patient_id),
        resource_id=resource_id,
        starts_at=starts,
        service_code="consultation",
        actor=ACTOR,
        rescheduling=rescheduling,
        now=now,
    )


def confirm(db: Session, patient_id: int, appointment_id: int, now=MONDAY) -> Appointment:
    return booking.confirm(
        session=db,
        patient=db.get_one(User, patient_id),
        appointment_id=appointment_id,
        actor=ACTOR,
        now=now,
    )


def book(db: Session, patient_id: int, resource_id: int, starts, now=MONDAY) -> Appointment:
    """What the picker does: hold, then confirm (here in one transaction)."""
    return confirm(db, patient_id, hold(db, patient_id, resource_id, starts, now).id, now)


def live_at(engine: Engine, resource_id: int, starts) -> list[Appointment]:
    with Session(engine) as db:
        return list(
            db.exec(
                select(Appointment).where(
                    Appointment.resource_id == resource_id,
                    Appointment.starts_at == starts,
                    Appointment.status.in_([A.HELD, A.SCHEDULED]),  # type: ignore[attr-defined]
                )
            )
        )


def slots(n: int) -> list:
    """``n`` distinct 20-minute slots of ``make_doctor``'s 09:00–13:00, from Tuesday 12.01 on."""
    return [at(12 + i // 12, 9) + timedelta(minutes=20 * (i % 12)) for i in range(n)]


def patients(session: Session, n: int) -> list[int]:
    return [make_patient(session).id for _ in range(n)]


# --- (a) twenty patients, one slot --------------------------------------------------------------


@pytest.mark.usefixtures("_pause_after_hold")
def test_twenty_patients_booking_one_slot_at_once_make_exactly_one_visit(engine, session):
    doctor = make_doctor(session)
    ids = patients(session, RACERS)
    session.commit()
    slot = at(12, 10)
    jobs = [lambda db, p=p: book(db, p, doctor.id, slot) for p in ids]

    outcomes = race(engine, jobs)

    assert unexpected(outcomes, holds.SlotTaken) == []
    assert kinds(outcomes) == {"ok": 1, "SlotTaken": RACERS - 1}
    assert {str(o) for o in outcomes if isinstance(o, holds.SlotTaken)} == {TAKEN}
    winner = next(o for o in outcomes if isinstance(o, Appointment))
    [visit] = live_at(engine, doctor.id, slot)
    assert (visit.id, visit.status, visit.patient_id) == (winner.id, A.SCHEDULED, winner.patient_id)
    assert visit.number == "ЗП-2027-000001"


def test_twenty_patients_booking_twenty_slots_at_once_all_succeed(engine, session):
    """No false conflict between different slots, and gap-free numbers under concurrency."""
    doctor = make_doctor(session)
    ids = patients(session, RACERS)
    session.commit()
    jobs = [
        lambda db, p=p, s=s: book(db, p, doctor.id, s)
        for p, s in zip(ids, slots(RACERS), strict=True)
    ]

    outcomes = race(engine, jobs)

    assert unexpected(outcomes) == []
    numbers = sorted(o.number or "" for o in outcomes if isinstance(o, Appointment))
    assert numbers == [f"ЗП-2027-{n:06d}" for n in range(1, RACERS + 1)]


# --- (b) twenty visits rescheduled into one slot ------------------------------------------------


@pytest.mark.usefixtures("_pause_after_hold")
def test_twenty_reschedules_into_one_slot_move_exactly_one_visit(engine, session):
    specialty = make_specialty(session)
    doctor = make_doctor(session, specialty=specialty)
    ids = patients(session, RACERS)
    session.commit()
    own = slots(RACERS)
    with transaction(engine) as db:
        visits = {p: book(db, p, doctor.id, s).id for p, s in zip(ids, own, strict=True)}
        db.expunge_all()
    target = at(14, 10)

    def move(db: Session, p: int) -> Appointment:
        held = hold(db, p, doctor.id, target, rescheduling=visits[p])
        return booking.reschedule(
            session=db,
            patient=db.get_one(User, p),
            appointment_id=visits[p],
            hold_id=held.id,
            actor=ACTOR,
            now=MONDAY,
        )

    outcomes = race(engine, [lambda db, p=p: move(db, p) for p in ids])

    assert unexpected(outcomes, holds.SlotTaken) == []
    assert kinds(outcomes) == {"ok": 1, "SlotTaken": RACERS - 1}
    moved = next(o for o in outcomes if isinstance(o, Appointment))
    [visit] = live_at(engine, doctor.id, target)
    assert (visit.id, visit.status, visit.patient_id) == (moved.id, A.SCHEDULED, moved.patient_id)
    with Session(engine) as db:
        for p, starts in zip(ids, own, strict=True):
            old = db.get_one(Appointment, visits[p])
            mine = db.exec(
                select(Appointment).where(
                    Appointment.patient_id == p, Appointment.status == A.SCHEDULED
                )
            ).all()
            if p == moved.patient_id:
                assert old.status == A.CANCELLED and old.cancelled_by == "reschedule"
                assert [v.id for v in mine] == [moved.id]
                assert moved.rescheduled_from_id == old.id and moved.number is not None
            else:  # intact: still scheduled, same slot, same number, nothing else live
                assert [(v.id, v.starts_at.replace(tzinfo=None)) for v in mine] == [
                    (old.id, starts.replace(tzinfo=None))
                ]
                assert old.number is not None and old.cancelled_at is None


# --- (c) one patient, two tabs, two slots of one specialty -------------------------------------


@pytest.mark.usefixtures("_pause_after_hold")
def test_one_patient_booking_two_slots_of_a_specialty_at_once_gets_one_visit(engine, session):
    """Two tabs of one patient, two doctors of one specialty: both holds pass the rule (neither
    visit exists yet), so the confirm's recount under ``serialize(patient)`` must stop one."""
    specialty = make_specialty(session)
    first = make_doctor(session, specialty=specialty)
    second = make_doctor(session, specialty=specialty)
    [patient] = patients(session, 1)
    session.commit()
    tabs = [
        lambda db: book(db, patient, first.id, at(12, 10)),
        lambda db: book(db, patient, second.id, at(13, 11)),
    ]

    outcomes = race(engine, tabs)

    allowed = (booking.PolicyViolation, booking.HoldExpired)
    assert unexpected(outcomes, *allowed) == []
    assert kinds(outcomes)["ok"] == 1
    loser = next(o for o in outcomes if isinstance(o, DomainError))
    if isinstance(loser, booking.PolicyViolation):
        assert "У вас уже есть запись ЗП-2027-000001 к этому специалисту" in str(loser)
    with Session(engine) as db:
        live = db.exec(
            select(Appointment).where(
                Appointment.patient_id == patient,
                Appointment.status.in_([A.HELD, A.SCHEDULED]),  # type: ignore[attr-defined]
            )
        ).all()
    assert [v.status for v in live] == [A.SCHEDULED]


# --- (d) a confirm at the last second vs others taking the hold that ran out -------------------


@pytest.mark.parametrize("first", ["confirm", "takers"])
def test_confirm_at_the_deadline_vs_takers_of_the_expired_hold_one_winner(engine, session, first):
    """P0 held the slot; its confirm carries a clock one second before the hold runs out, the 19
    others' clocks one second after (two app servers whose clocks differ, or a confirm that sat
    in a queue). Either P0's confirm wins and they all get «занято», or one of them expires the
    hold and takes the slot, and P0 is told the hold ran out — never both, never neither. Which
    side starts 0.3 s ahead is a parameter, so both endings are (very likely) reached."""
    doctor = make_doctor(session)
    owner, *others = patients(session, RACERS)
    session.commit()
    slot = at(12, 10)
    with transaction(engine) as db:
        held = hold(db, owner, doctor.id, slot).id
    before, after = MONDAY + booking.HOLD - timedelta(seconds=1), MONDAY + booking.HOLD
    after += timedelta(seconds=1)

    jobs = [lambda db: confirm(db, owner, held, now=before)]
    jobs += [lambda db, p=p: book(db, p, doctor.id, slot, now=after) for p in others]
    lead = 0.3 if first == "takers" else 0.0  # how long the confirm waits
    ahead = [lead] + [0.3 - lead] * len(others)

    outcomes = race(engine, jobs, ahead)

    assert unexpected(outcomes, holds.SlotTaken, booking.HoldExpired) == []
    [visit] = live_at(engine, doctor.id, slot)
    assert visit.status == A.SCHEDULED
    if isinstance(outcomes[0], Appointment):
        assert visit.id == held
        assert kinds(outcomes) == {"ok": 1, "SlotTaken": RACERS - 1}
    else:
        assert isinstance(outcomes[0], booking.HoldExpired)
        assert visit.patient_id != owner
        assert kinds(outcomes) == {"ok": 1, "HoldExpired": 1, "SlotTaken": RACERS - 2}
        with Session(engine) as db:
            assert db.get_one(Appointment, held).status == A.EXPIRED


@pytest.mark.usefixtures("_pause_after_hold")
def test_one_patient_holding_two_slots_at_once_keeps_one_hold(engine, session):
    """A new pick gives the previous hold back — also when the two picks overlap (two tabs):
    the patient never blocks two slots."""
    doctor = make_doctor(session)
    [patient] = patients(session, 1)
    session.commit()
    tabs = [lambda db, s=s: hold(db, patient, doctor.id, s).id for s in slots(2)]

    outcomes = race(engine, tabs)

    assert unexpected(outcomes) == []
    with Session(engine) as db:
        live = db.exec(
            select(Appointment.id).where(
                Appointment.patient_id == patient,
                Appointment.status.in_([A.HELD, A.SCHEDULED]),  # type: ignore[attr-defined]
            )
        ).all()
    assert len(live) == 1 and live[0] in outcomes


@pytest.mark.usefixtures("_pause_after_hold")
@pytest.mark.parametrize("first", ["cancel", "move"])
def test_cancel_and_reschedule_of_one_visit_at_once_do_one_of_the_two(engine, session, first):
    """Two tabs: one cancels the visit, the other moves it. Either it is cancelled (the move is
    refused and its hold rolled back) or it is moved (the cancel is refused) — never a visit
    both cancelled and moved, nor two live visits, nor a lost number. Which tab starts 0.3 s
    ahead is a parameter: with the move ahead, on PostgreSQL the move reads the visit as
    scheduled, the cancel commits during its hold, and the move's conditional UPDATE then finds
    nothing to change («Запись уже изменилась»)."""
    doctor = make_doctor(session)
    [patient] = patients(session, 1)
    session.commit()
    with transaction(engine) as db:
        visit = book(db, patient, doctor.id, at(12, 10))
    number, target = visit.number, at(13, 11)

    def cancel(db: Session) -> Appointment:
        return booking.cancel(
            session=db,
            patient=db.get_one(User, patient),
            appointment_id=visit.id,
            actor=ACTOR,
            now=MONDAY,
        )

    def move(db: Session) -> Appointment:
        held = hold(db, patient, doctor.id, target, rescheduling=visit.id)
        return booking.reschedule(
            session=db,
            patient=db.get_one(User, patient),
            appointment_id=visit.id,
            hold_id=held.id,
            actor=ACTOR,
            now=MONDAY,
        )

    outcomes = race(engine, [cancel, move], [0.0, 0.3] if first == "cancel" else [0.3, 0.0])

    assert unexpected(outcomes, booking.PolicyViolation) == []
    assert kinds(outcomes)["ok"] == 1
    with Session(engine) as db:
        rows = db.exec(select(Appointment).where(Appointment.patient_id == patient)).all()
    live = [r for r in rows if r.status in (A.HELD, A.SCHEDULED)]
    old = next(r for r in rows if r.id == visit.id)
    if isinstance(outcomes[0], Appointment):  # cancelled
        assert (old.status, old.cancelled_by, old.number) == (A.CANCELLED, "patient", number)
        assert live == []
    else:  # moved
        assert (old.status, old.cancelled_by) == (A.CANCELLED, "reschedule")
        assert [(v.status, v.number, v.rescheduled_from_id) for v in live] == [
            (A.SCHEDULED, number, visit.id)
        ]


# --- the waiting list ---------------------------------------------------------------------------


def wait_for(db: Session, patient_id: int, specialty_id: int) -> int:
    return waitlist.join(
        session=db, patient=db.get_one(User, patient_id), specialty_id=specialty_id, actor=ACTOR
    ).id


def test_a_cancelled_slot_goes_to_the_waiting_list_not_to_the_fastest_click(engine, session):
    """A visit is cancelled while 19 others click its slot: the slot is offered (held) to the
    patient first in line in the cancel's own transaction, so every click gets «занято»."""
    specialty = make_specialty(session)
    doctor = make_doctor(session, specialty=specialty)
    owner, waiting, *others = patients(session, RACERS + 1)
    session.commit()
    slot = at(12, 10)
    with transaction(engine) as db:
        visit = book(db, owner, doctor.id, slot).id
        entry = wait_for(db, waiting, specialty.id)

    def cancel(db: Session) -> Appointment:
        return booking.cancel(
            session=db,
            patient=db.get_one(User, owner),
            appointment_id=visit,
            actor=ACTOR,
            now=MONDAY,
        )

    jobs = [cancel] + [lambda db, p=p: book(db, p, doctor.id, slot) for p in others]

    outcomes = race(engine, jobs)

    assert unexpected(outcomes, holds.SlotTaken) == []
    assert kinds(outcomes) == {"ok": 1, "SlotTaken": RACERS - 1}
    [offer] = live_at(engine, doctor.id, slot)
    assert (offer.patient_id, offer.status, offer.waitlist_entry_id) == (waiting, A.HELD, entry)


def test_two_workers_passing_on_an_expired_offer_pass_it_once(engine, session):
    """The first in line let the offer run out; two job workers run ``expire_offers`` at once:
    the second in line gets exactly one offer, and the first's is expired."""
    specialty = make_specialty(session)
    doctor = make_doctor(session, specialty=specialty)
    owner, first, second = patients(session, 3)
    session.commit()
    slot = at(12, 10)
    with transaction(engine) as db:
        visit = book(db, owner, doctor.id, slot).id
        wait_for(db, first, specialty.id)
        wait_for(db, second, specialty.id)
    with transaction(engine) as db:
        booking.cancel(
            session=db,
            patient=db.get_one(User, owner),
            appointment_id=visit,
            actor=ACTOR,
            now=MONDAY,
        )
    later = MONDAY + waitlist.OFFER_HOLD + timedelta(seconds=1)

    outcomes = race(engine, [lambda db: waitlist.expire_offers(db, later)] * 2)

    assert unexpected(outcomes) == []
    assert sorted(outcomes) == [0, 1]  # type: ignore[type-var]
    [offer] = live_at(engine, doctor.id, slot)
    assert (offer.patient_id, offer.status) == (second, A.HELD)
    with Session(engine) as db:
        offers = db.exec(
            select(Appointment.patient_id, Appointment.status).where(
                Appointment.waitlist_entry_id.is_not(None)  # type: ignore[union-attr]
            )
        ).all()
    assert sorted(offers) == [(first, A.EXPIRED), (second, A.HELD)]
