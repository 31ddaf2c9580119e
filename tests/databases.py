"""Which database the suite runs on: ``GOSAPP_TEST_DATABASE=sqlite`` (default) or ``postgresql``.

On PostgreSQL (the private cluster of ``make services``, or ``GOSAPP_TEST_POSTGRESQL_URL``)
every name this run creates starts with a prefix of its own, so two runs on one cluster do not
meet: a template database migrated once, copies of it for the tests (``CREATE DATABASE …
TEMPLATE …``) and the app's own database (``GOSAPP_DATABASE_URL``, which the handlers and
``get_engine()`` use).

A copy costs 0.03 s on an idle machine but 0.4–0.9 s when the two cores are busy (it copies
and syncs files), which would add ten minutes to the suite. So a test's copy is not dropped
afterwards but emptied — its connections ended, every table's rows deleted and the sequences
restarted, ~0.01 s — and handed to the next test: each test still starts on a migrated
database holding no rows, ids from 1. A copy that cannot be emptied is dropped.
"""

from __future__ import annotations

import itertools
import os
import secrets

from sqlalchemy import create_engine, inspect, text
from sqlalchemy.engine import URL, Engine, make_url
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.pool import NullPool

KIND = os.environ.get("GOSAPP_TEST_DATABASE", "sqlite").strip().lower() or "sqlite"
if KIND not in ("sqlite", "postgresql"):
    raise RuntimeError(f"GOSAPP_TEST_DATABASE must be sqlite or postgresql, not {KIND!r}")
ON_POSTGRESQL = KIND == "postgresql"
DEFAULT_POSTGRESQL_URL = "postgresql+psycopg://postgres@127.0.0.1:55432/postgres"


class PostgresDatabases:
    """Creates and drops this run's databases on one PostgreSQL server."""

    def __init__(self, url: str) -> None:
        self.base: URL = make_url(url)
        self.prefix = f"gosapp_test_{os.getpid()}_{secrets.token_hex(3)}"
        self._admin: Engine | None = None
        self._numbers = itertools.count(1)
        self.created: list[str] = []
        self._free: list[str] = []
        self._tables: list[str] | None = None

    @property
    def admin(self) -> Engine:
        if self._admin is None:
            self._admin = create_engine(self.base, isolation_level="AUTOCOMMIT")
        return self._admin

    def url(self, name: str) -> str:
        """The URL of database ``name`` on this server."""
        return self.base.set(database=name).render_as_string(hide_password=False)

    def create(self, suffix: str = "", template: str = "") -> str:
        """Create a database (empty, or a copy of ``template``); return its name."""
        name = f"{self.prefix}_{suffix or next(self._numbers)}"
        copy = f' TEMPLATE "{template}" STRATEGY FILE_COPY' if template else ""
        try:
            conn = self.admin.connect()
        except SQLAlchemyError as exc:
            where = self.base.render_as_string(hide_password=True)
            raise RuntimeError(
                f"GOSAPP_TEST_DATABASE=postgresql but no PostgreSQL answers at {where}: "
                "run `make services` (or set GOSAPP_TEST_POSTGRESQL_URL)"
            ) from exc
        with conn:
            conn.execute(text(f'CREATE DATABASE "{name}"{copy}'))
        self.created.append(name)
        return name

    def checkout(self, template: str) -> str:
        """A migrated database without rows: an emptied one, or a new copy of ``template``."""
        if self._free:
            return self._free.pop()
        return self.create(template=template)

    def checkin(self, name: str) -> None:
        """Take back a test's database: emptied for the next test, or dropped."""
        try:
            self._empty(name)
        except SQLAlchemyError:
            self.drop(name)
            return
        self._free.append(name)

    def _empty(self, name: str) -> None:
        with self.admin.connect() as conn:
            conn.execute(
                text(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                    "WHERE datname = :name AND pid <> pg_backend_pid()"
                ),
                {"name": name},
            )
        engine = create_engine(self.url(name), poolclass=NullPool)
        try:
            tables = self._tables_of(engine)
            with engine.begin() as conn:
                conn.execute(text("SET LOCAL lock_timeout = '5s'"))
                # As superuser (the private cluster) skip the foreign-key triggers: deleting
                # in any order is then fine, and much cheaper than TRUNCATE.
                conn.execute(text("SET LOCAL session_replication_role = replica"))
                for table in tables:
                    conn.execute(text(f'DELETE FROM "{table}"'))
                conn.execute(
                    text(
                        "SELECT setval(c.oid, 1, false) FROM pg_class c "
                        "JOIN pg_namespace n ON n.oid = c.relnamespace "
                        "WHERE c.relkind = 'S' AND n.nspname = 'public'"
                    )
                )
        finally:
            engine.dispose()

    def _tables_of(self, engine: Engine) -> list[str]:
        if self._tables is None:
            names = inspect(engine).get_table_names()
            self._tables = [t for t in names if t != "alembic_version"]
        return self._tables

    def drop(self, name: str) -> None:
        with self.admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        if name in self.created:
            self.created.remove(name)

    def drop_all(self) -> None:
        """Drop whatever this run created (the end of the session)."""
        for name in list(self.created):
            self.drop(name)
        if self._admin is not None:
            self._admin.dispose()


POSTGRES = (
    PostgresDatabases(os.environ.get("GOSAPP_TEST_POSTGRESQL_URL", DEFAULT_POSTGRESQL_URL))
    if ON_POSTGRESQL
    else None
)
