"""Engine, session scope and transaction helpers.

SQLite runs in WAL mode with foreign keys on. Write transactions on SQLite open with
``BEGIN IMMEDIATE`` so that two writers queue on the database lock at the start instead of
failing half-way with "database is locked" after both have read.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache

from sqlalchemy import event
from sqlalchemy.engine import Connection, Engine
from sqlmodel import Session, create_engine

from gosapp.settings import get_settings

IMMEDIATE = "gosapp_immediate"
SQLITE_BUSY_TIMEOUT_MS = 15_000


def make_engine(url: str) -> Engine:
    """Create an engine for ``url`` with gosapp's connection setup."""
    if not url.startswith("sqlite"):
        return create_engine(url, pool_pre_ping=True)
    engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 15})
    event.listen(engine, "connect", _sqlite_on_connect)
    event.listen(engine, "begin", _sqlite_on_begin)
    return engine


def _sqlite_on_connect(dbapi_connection, _record) -> None:
    # Let SQLAlchemy, not the driver, emit BEGIN so we can choose IMMEDIATE.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def _sqlite_on_begin(conn: Connection) -> None:
    immediate = conn.get_execution_options().get(IMMEDIATE, False)
    conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


@lru_cache(maxsize=1)
def get_engine() -> Engine:
    """The process-wide engine built from settings."""
    return make_engine(get_settings().db_url)


@contextmanager
def session_scope(engine: Engine | None = None) -> Iterator[Session]:
    """A session for reading; commits nothing unless the caller does."""
    with Session(engine or get_engine(), expire_on_commit=False) as session:
        yield session


@contextmanager
def transaction(engine: Engine | None = None) -> Iterator[Session]:
    """A write transaction: committed on success, rolled back on any error.

    On SQLite the write lock is taken at BEGIN (``BEGIN IMMEDIATE``).
    """
    with Session(engine or get_engine(), expire_on_commit=False) as session:
        begin_write(session)
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise


def begin_write(session: Session) -> None:
    """End what ``session`` was reading and start a write transaction (BEGIN IMMEDIATE).

    On SQLite a transaction that has read cannot take the write lock once another writer has
    committed ("database is locked" at once); a fresh immediate transaction waits for it instead.
    """
    session.rollback()
    session.connection(execution_options={IMMEDIATE: True})
