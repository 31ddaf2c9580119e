import threading
import time

import pytest
from sqlalchemy import text

from gosapp.db import session_scope, transaction
from gosapp.models.registry import Specialty
from tests.factories import make_specialty


@pytest.mark.sqlite_only("PRAGMA checks")
def test_sqlite_runs_in_wal_mode_with_foreign_keys(engine):
    with engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1


def test_transaction_commits_on_success(engine):
    with transaction(engine) as s:
        make_specialty(s, code="cardio")
    with session_scope(engine) as s:
        assert s.get(Specialty, 1).code == "cardio"


def test_transaction_rolls_back_on_error(engine):
    with pytest.raises(RuntimeError), transaction(engine) as s:
        make_specialty(s, code="lost")
        raise RuntimeError("boom")
    with session_scope(engine) as s:
        assert s.exec(text("SELECT count(*) FROM specialty")).scalar() == 0


@pytest.mark.sqlite_only("BEGIN IMMEDIATE; PostgreSQL writers take row locks instead")
def test_write_transaction_takes_the_lock_at_begin(engine):
    """A second writer waits at BEGIN until the first commits (BEGIN IMMEDIATE)."""
    first_inside = threading.Event()
    order: list[str] = []

    def first_writer():
        with transaction(engine):
            first_inside.set()
            time.sleep(0.3)
            order.append("first")

    thread = threading.Thread(target=first_writer)
    thread.start()
    first_inside.wait(5)
    with transaction(engine) as s:
        # Holding the write lock from BEGIN means the first writer has finished by now,
        # even though this transaction has not written anything yet.
        order.append("second")
        s.exec(text("SELECT 1"))
    thread.join()
    assert order == ["first", "second"]


def test_refresh_statistics_gives_sqlite_the_planner_statistics(engine):
    from gosapp.db import refresh_statistics

    refresh_statistics(engine)
    if engine.dialect.name == "sqlite":
        with engine.connect() as connection:
            found = connection.exec_driver_sql(
                "SELECT count(*) FROM sqlite_master WHERE name = 'sqlite_stat1'"
            ).scalar()
        assert found == 1  # ANALYZE ran: the planner's statistics table exists
