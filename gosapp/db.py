"""Engine, session scope and transaction helpers: where SQLite and PostgreSQL differ.

SQLite runs in WAL mode with foreign keys on. Write transactions on SQLite open with
``BEGIN IMMEDIATE`` so that two writers queue on the database lock at the start instead of
failing half-way with "database is locked" after both have read.

PostgreSQL (``postgresql+psycopg://…``) runs every transaction at READ COMMITTED, and a write
transaction is a plain one: writers do not queue at BEGIN but on the rows they change. What
keeps "exactly one winner" there is the same code that keeps it on SQLite — conditional
``UPDATE … WHERE status = <seen>`` (the loser re-reads the row once the winner commits and
updates nothing), ``INSERT … ON CONFLICT`` and unique indexes — plus ``serialize(key)`` where a
rule counts rows before writing one (a transaction-scoped advisory lock; on SQLite the write
lock taken at BEGIN already serialises writers).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache
from typing import Any

from sqlalchemy import event, func, select
from sqlalchemy.dialects import postgresql, sqlite
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
    # Straight on the driver: a statement through SQLAlchemy costs ~30 µs, as much as a small
    # indexed SELECT (every read session pays it; see tests/bench/bench_labs.py).
    conn.connection.driver_connection.execute("BEGIN IMMEDIATE" if immediate else "BEGIN")  # pyright: ignore[reportOptionalMemberAccess]


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
    On PostgreSQL it is a fresh ordinary transaction (rows are locked as they are written).
    """
    session.rollback()
    session.connection(execution_options={IMMEDIATE: True})


def is_postgresql(session: Session) -> bool:
    """Whether ``session`` talks to PostgreSQL (else SQLite)."""
    return session.get_bind().dialect.name == "postgresql"


def insert_for(session: Session, table: Any):
    """``INSERT`` for the session's database, with ``on_conflict_do_nothing/do_update``."""
    return (postgresql if is_postgresql(session) else sqlite).insert(table)


def serialize(session: Session, key: str) -> None:
    """Queue this write transaction behind any other one that called ``serialize(key)``,
    until it ends: for a rule that counts rows and then writes one (a limit per user).

    PostgreSQL: a transaction-scoped advisory lock on a hash of ``key``. SQLite: nothing to
    do, a write transaction (``begin_write``) holds the database's write lock already.
    """
    if is_postgresql(session):
        digest = hashlib.blake2b(key.encode(), digest_size=8).digest()
        session.execute(select(func.pg_advisory_xact_lock(int.from_bytes(digest, signed=True))))


def refresh_statistics(engine: Engine | None = None) -> None:
    """Give SQLite's query planner statistics of the tables as they are now (``ANALYZE``,
    sampled so it stays quick on big tables). Without them it may choose a worse index for a
    large table: ``tests/bench/bench_labs.py`` measured lab pages 18× slower. Run before the
    server opens its connections (they read the statistics once). PostgreSQL's autovacuum
    keeps its own, so there is nothing to do there."""
    engine = engine or get_engine()
    if engine.dialect.name != "sqlite":
        return
    with engine.begin() as connection:  # committed: ANALYZE writes sqlite_stat1
        connection.exec_driver_sql("PRAGMA analysis_limit=1000")
        connection.exec_driver_sql("ANALYZE")
