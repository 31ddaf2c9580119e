"""Shared fixtures: every test gets its own data folder and a migrated database.

The database is SQLite, or PostgreSQL with ``GOSAPP_TEST_DATABASE=postgresql`` (see
tests/databases.py): the same tests run on both.
"""

import os
import shutil
import tempfile
from pathlib import Path

from tests.databases import ON_POSTGRESQL, POSTGRES

# Settings are read once per process: point them at a throw-away folder before gosapp loads.
_SESSION_DIR = Path(tempfile.mkdtemp(prefix="gosapp-tests-"))
os.environ.update(GOSAPP_DEMO="1", GOSAPP_DATA_DIR=str(_SESSION_DIR / "data"))
os.environ.pop("GOSAPP_DATABASE_URL", None)
os.environ.pop("GOSAPP_REDIS_URL", None)
if POSTGRES is not None:
    # The app's own database (get_engine(), the handlers) lives on PostgreSQL too.
    os.environ["GOSAPP_DATABASE_URL"] = POSTGRES.url(POSTGRES.create("app"))

import pytest  # noqa: E402
from sqlmodel import Session  # noqa: E402

from gosapp.db import make_engine  # noqa: E402
from gosapp.migrate import upgrade  # noqa: E402


@pytest.fixture(scope="session")
def migrated_template() -> str:
    """A database upgraded to head once (an SQLite file path, or a PostgreSQL database name);
    each test gets a copy."""
    if POSTGRES is not None:
        name = POSTGRES.create("template")
        engine = make_engine(POSTGRES.url(name))
        upgrade(engine)
        engine.dispose()
        return name
    path = _SESSION_DIR / "template.db"
    engine = make_engine(f"sqlite:///{path}")
    upgrade(engine)
    engine.dispose()
    return str(path)


@pytest.fixture
def engine(migrated_template, tmp_path):
    """A fresh, migrated database for one test."""
    if POSTGRES is not None:
        name = POSTGRES.checkout(migrated_template)
        eng = make_engine(POSTGRES.url(name))
        yield eng
        eng.dispose()
        POSTGRES.checkin(name)
        return
    path = tmp_path / "gosapp.db"
    shutil.copy(migrated_template, path)
    eng = make_engine(f"sqlite:///{path}")
    yield eng
    eng.dispose()


@pytest.fixture
def empty_database_url(tmp_path) -> str:
    """The URL of a new, empty database (nothing migrated) on the database under test."""
    if POSTGRES is not None:
        name = POSTGRES.create()
        yield POSTGRES.url(name)
        POSTGRES.drop(name)
        return
    yield f"sqlite:///{tmp_path / 'empty.db'}"


@pytest.fixture
def session(engine):
    """A session on the test's database."""
    with Session(engine, expire_on_commit=False) as s:
        yield s


def pytest_sessionfinish(session, exitstatus):
    from gosapp.db import get_engine

    get_engine().dispose()
    if POSTGRES is not None:
        POSTGRES.drop_all()
    shutil.rmtree(_SESSION_DIR, ignore_errors=True)


def pytest_report_header(config):
    return f"gosapp test database: {'postgresql' if ON_POSTGRESQL else 'sqlite'}"


@pytest.fixture
def anyio_backend():
    return "asyncio"


@pytest.fixture
def alice(session):
    from tests.personas import make_persona

    return make_persona(session, "alice")


@pytest.fixture
def bob(session):
    from tests.personas import make_persona

    return make_persona(session, "bob")


def pytest_collection_modifyitems(items):
    """Fast tests first, browser tests last (Playwright's sync API keeps an event loop open).

    On PostgreSQL, tests marked ``sqlite_only`` and the browser tests (their server runs on its
    own SQLite file; the SQLite pass covers them) are skipped.
    """
    items.sort(key=lambda item: "/e2e/" in str(item.fspath))
    if not ON_POSTGRESQL:
        return
    for item in items:
        if "/e2e/" in str(item.fspath):
            item.add_marker(pytest.mark.skip(reason="browser tests run in the SQLite pass"))
        marker = item.get_closest_marker("sqlite_only")
        if marker is not None:
            reason = marker.args[0] if marker.args else "SQLite-specific"
            item.add_marker(pytest.mark.skip(reason=f"SQLite only: {reason}"))


@pytest.fixture
def registrar(session):
    from tests.personas import make_persona

    return make_persona(session, "registrar")


@pytest.fixture
def admin(session):
    from tests.personas import make_persona

    return make_persona(session, "admin")
