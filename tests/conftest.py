"""Shared fixtures: every test gets its own data folder and a migrated SQLite database."""

import os
import shutil
import tempfile
from pathlib import Path

# Settings are read once per process: point them at a throw-away folder before gosapp loads.
_SESSION_DIR = Path(tempfile.mkdtemp(prefix="gosapp-tests-"))
os.environ.update(GOSAPP_DEMO="1", GOSAPP_DATA_DIR=str(_SESSION_DIR / "data"))

import pytest  # noqa: E402
from sqlmodel import Session  # noqa: E402

from gosapp.db import make_engine  # noqa: E402
from gosapp.migrate import upgrade  # noqa: E402


@pytest.fixture(scope="session")
def migrated_template() -> Path:
    """An SQLite file upgraded to head once; each test copies it."""
    path = _SESSION_DIR / "template.db"
    engine = make_engine(f"sqlite:///{path}")
    upgrade(engine)
    engine.dispose()
    return path


@pytest.fixture
def engine(migrated_template, tmp_path):
    """A fresh, migrated SQLite database for one test."""
    path = tmp_path / "gosapp.db"
    shutil.copy(migrated_template, path)
    eng = make_engine(f"sqlite:///{path}")
    yield eng
    eng.dispose()


@pytest.fixture
def session(engine):
    """A session on the test's database."""
    with Session(engine, expire_on_commit=False) as s:
        yield s


def pytest_sessionfinish(session, exitstatus):
    shutil.rmtree(_SESSION_DIR, ignore_errors=True)


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
    """Fast tests first, browser tests last (Playwright's sync API keeps an event loop open)."""
    items.sort(key=lambda item: "/e2e/" in str(item.fspath))


@pytest.fixture
def registrar(session):
    from tests.personas import make_persona

    return make_persona(session, "registrar")


@pytest.fixture
def admin(session):
    from tests.personas import make_persona

    return make_persona(session, "admin")
