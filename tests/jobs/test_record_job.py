"""The recommendation reminder job run by several workers at once: each reminder goes out
exactly once, and a second pass sends nothing."""

from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, date, datetime

from sqlmodel import Session, select

from gosapp.jobs.record import run_once
from gosapp.models.notifications import Notification
from gosapp.models.record import Recommendation

DUE = date(2026, 3, 10)
MORNING = datetime(2026, 3, 7, 6, 0, tzinfo=UTC)  # 09:00 in Moscow, three days before


def test_parallel_workers_send_each_reminder_once(engine, session, alice):
    session.add_all(
        Recommendation(patient_id=alice.id, text=f"Обследование {n}", due_on=DUE) for n in range(5)
    )
    session.commit()
    with ThreadPoolExecutor(4) as pool:
        sent = list(pool.map(lambda _: run_once(engine, MORNING), range(4)))
    assert sum(sent) == 5
    assert run_once(engine, MORNING) == 0
    with Session(engine) as db:
        assert len(db.exec(select(Notification).where(Notification.user_id == alice.id)).all()) == 5
