"""Both document storage backends for tests: choosing one, and seeing what it holds."""

from __future__ import annotations

import pytest
from sqlalchemy import func
from sqlmodel import Session, select

from gosapp.models.requests import DocumentBlobChunk
from gosapp.services.documents.backends import DatabaseStorage, LocalStorage, Storage
from gosapp.settings import get_settings

BACKENDS = ["local", "database"]


def use_backend(monkeypatch: pytest.MonkeyPatch, name: str) -> None:
    """Make ``GOSAPP_STORAGE=name`` for this test (``get_storage()`` follows it)."""
    monkeypatch.setattr(get_settings(), "storage", name)


@pytest.fixture(params=BACKENDS)
def store(request, engine, tmp_path, monkeypatch) -> Storage:
    """A test runs against both backends: a private folder, or the chunk table of the test's
    database (and ``GOSAPP_STORAGE`` says the same)."""
    use_backend(monkeypatch, request.param)
    if request.param == "database":
        return DatabaseStorage(engine)
    return LocalStorage(tmp_path / "private" / "documents")


@pytest.fixture
def local_store(tmp_path) -> LocalStorage:
    """The local folder backend only (file modes and paths)."""
    return LocalStorage(tmp_path / "private" / "documents")


def stored_keys(store: Storage, session: Session | None = None) -> set[str]:
    """What ``store`` holds: the folder's file names (temporary files included), or the keys
    of the chunks — as ``session`` sees them when given (its own uncommitted writes too)."""
    if isinstance(store, LocalStorage):
        return {p.name for p in store.root.iterdir()} if store.root.exists() else set()
    assert isinstance(store, DatabaseStorage)
    query = select(DocumentBlobChunk.storage_key).distinct()
    if session is not None:
        return set(session.exec(query).all())
    with Session(store.engine) as db:
        return set(db.exec(query).all())


def chunk_sizes(store: DatabaseStorage, key: str) -> list[int]:
    """The size of each chunk of ``key``, in order."""
    with Session(store.engine) as db:
        query = (
            select(func.length(DocumentBlobChunk.data))
            .where(DocumentBlobChunk.storage_key == key)
            .order_by(DocumentBlobChunk.seq)
        )
        return list(db.exec(query).all())
