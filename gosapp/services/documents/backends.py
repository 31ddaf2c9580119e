"""Where document bytes live, and keeping them together with their rows.

Two backends behind the small ``Storage`` protocol, chosen by ``GOSAPP_STORAGE`` in
``get_storage``:

- ``local`` (the default): a private folder on this host — one host only.
- ``database``: the ``documentblobchunk`` table of the portal's own database, which every host
  already shares. A file is stored as chunks of at most ``CHUNK_BYTES`` (one row each), so no
  value is ever the whole file, and it is read back one chunk at a time.

Bytes and rows move together. ``put`` and ``delete`` take the session whose transaction holds
the ``Document`` row:

- local: the file is written at once and deleted again if that transaction ends without a
  commit; a deleted row's file is removed only once the delete commits (session hooks below).
  A crash in between can leave an orphan file, never a row without its bytes.
- database: the chunks are inserted or deleted through that session, in the same transaction
  as the row, so a commit keeps both and a rollback removes both — no hooks, no orphans. The
  insert runs in a savepoint so that a failed put leaves no chunks even where the transaction
  goes on (SQLite keeps a transaction open after a failed statement).

Without a session a backend acts at once (the database one in a transaction of its own, on the
engine it was made with); a put/delete with a session goes to the session's database.

Reading streams: ``chunks(key)`` raises FileNotFoundError at once when ``key`` is missing (so
a download can still answer 404), then yields pieces of at most ``CHUNK_BYTES``. The database
backend fetches each piece with a short query of its own: a slow download holds no connection
or transaction and never has the whole file in memory.
"""

from __future__ import annotations

import logging
import os
import re
import secrets
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Protocol

from sqlalchemy import Connection, event, func, insert, select
from sqlalchemy import delete as sql_delete
from sqlalchemy.engine import Engine
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session as OrmSession
from sqlalchemy.orm import SessionTransaction
from sqlmodel import col

from gosapp.db import get_engine
from gosapp.models.requests import DocumentBlobChunk
from gosapp.services.common.health import NOT_WRITABLE, OK, UNAVAILABLE, storage_ok
from gosapp.settings import get_settings

log = logging.getLogger(__name__)
CHUNK_BYTES = 256 * 1024
_KEY = re.compile(r"[0-9a-f]{64}")
_PENDING_PUTS = "gosapp_storage_pending_puts"
_PENDING_DELETES = "gosapp_storage_pending_deletes"


class Storage(Protocol):
    """Where document bytes live. Keys come from ``new_key`` only."""

    def put(self, key: str, data: bytes, *, session: OrmSession | None = None) -> None:
        """Store ``data`` under ``key``, all or nothing; with ``session``, kept only if its
        transaction commits."""

    def read(self, key: str) -> bytes:
        """The bytes stored under ``key`` (FileNotFoundError when missing)."""
        ...

    def chunks(self, key: str) -> Iterator[bytes]:
        """The bytes under ``key`` piece by piece; FileNotFoundError at once when missing."""
        ...

    def delete(self, key: str, *, session: OrmSession | None = None) -> None:
        """Remove ``key`` (no error when already gone); with ``session``, once it commits."""

    def check(self) -> str:
        """Health: ``"ok"``, or what is wrong (``"not writable"``, ``"unavailable"``)."""
        ...


def _checked(key: str) -> str:
    # Keys are ours, but only a well-formed one is ever turned into a path or a row.
    if not _KEY.fullmatch(key):
        raise ValueError("malformed storage key")
    return key


class LocalStorage:
    """A private folder on this host: folders 0o700, files 0o600, atomic writes."""

    def __init__(self, root: Path):
        self.root = Path(root)

    def _path(self, key: str) -> Path:
        return self.root / _checked(key)

    def put(self, key: str, data: bytes, *, session: OrmSession | None = None) -> None:
        """Write to a temporary file in the same folder, then rename it into place."""
        path = self._path(key)
        self.root.mkdir(mode=0o700, parents=True, exist_ok=True)
        self.root.chmod(0o700)
        fd, tmp = tempfile.mkstemp(dir=self.root, prefix=".tmp-")  # created 0o600
        try:
            with os.fdopen(fd, "wb") as out:
                out.write(data)
                out.flush()
                os.fsync(out.fileno())
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        if session is not None:
            _delete_unless_committed(session, self, key)

    def read(self, key: str) -> bytes:
        """The stored bytes (FileNotFoundError when missing)."""
        return self._path(key).read_bytes()

    def chunks(self, key: str) -> Iterator[bytes]:
        """The file piece by piece (FileNotFoundError at once when missing)."""
        path = self._path(key)
        path.stat()  # raises now; the file is opened only once reading starts, so a stream
        return _file_pieces(path)  # that is never read leaves no open file behind

    def delete(self, key: str, *, session: OrmSession | None = None) -> None:
        """Remove the file if present (with ``session``: once its transaction commits)."""
        path = self._path(key)
        if session is not None:
            _delete_on_commit(session, self, key)
        else:
            path.unlink(missing_ok=True)

    def check(self) -> str:
        """Whether the folder takes a file."""
        return OK if storage_ok(self.root) else NOT_WRITABLE


def _file_pieces(path: Path) -> Iterator[bytes]:
    with path.open("rb") as handle:
        while piece := handle.read(CHUNK_BYTES):
            yield piece


class DatabaseStorage:
    """Chunks in the ``documentblobchunk`` table, shared by every host of the database."""

    def __init__(self, engine: Engine):
        self.engine = engine

    def put(self, key: str, data: bytes, *, session: OrmSession | None = None) -> None:
        """Insert the chunks: in ``session``'s transaction (under a savepoint), else in one of
        their own."""
        _checked(key)
        if session is None:
            with self.engine.begin() as conn:
                _insert_chunks(conn, key, data)
            return
        with session.begin_nested():
            _insert_chunks(session.connection(), key, data)

    def read(self, key: str) -> bytes:
        """All the chunks joined (FileNotFoundError when there are none)."""
        return b"".join(self.chunks(key))

    def chunks(self, key: str) -> Iterator[bytes]:
        """Count the chunks now (none: FileNotFoundError), then fetch them one by one."""
        with self.engine.connect() as conn:
            count = conn.execute(
                select(func.count()).where(col(DocumentBlobChunk.storage_key) == _checked(key))
            ).scalar_one()
        if not count:
            raise FileNotFoundError(f"no stored document {key[:8]}…")
        return self._pieces(key, count)

    def _pieces(self, key: str, count: int) -> Iterator[bytes]:
        for seq in range(count):
            with self.engine.connect() as conn:
                piece = conn.execute(
                    select(col(DocumentBlobChunk.data)).where(
                        col(DocumentBlobChunk.storage_key) == key, col(DocumentBlobChunk.seq) == seq
                    )
                ).scalar_one_or_none()
            if piece is None:  # deleted while being read: fail rather than send a short file
                raise FileNotFoundError(f"stored document {key[:8]}… lost chunk {seq}")
            yield bytes(piece)

    def delete(self, key: str, *, session: OrmSession | None = None) -> None:
        """Delete the chunks: in ``session``'s transaction, else at once."""
        statement = sql_delete(DocumentBlobChunk).where(
            col(DocumentBlobChunk.storage_key) == _checked(key)
        )
        if session is None:
            with self.engine.begin() as conn:
                conn.execute(statement)
        else:
            session.connection().execute(statement)

    def check(self) -> str:
        """Whether the chunk table answers a query."""
        try:
            with self.engine.connect() as conn:
                conn.execute(select(col(DocumentBlobChunk.seq)).limit(1)).all()
        except SQLAlchemyError:
            log.exception("health check: document chunk table unreachable")
            return UNAVAILABLE
        return OK


def _insert_chunks(conn: Connection, key: str, data: bytes) -> None:
    # One row per statement: no statement ever carries more than one chunk. An empty file is
    # one empty chunk, so that it still exists.
    for seq, start in enumerate(range(0, max(len(data), 1), CHUNK_BYTES)):
        piece = data[start : start + CHUNK_BYTES]
        conn.execute(insert(DocumentBlobChunk).values(storage_key=key, seq=seq, data=piece))


def documents_dir() -> Path:
    """The local documents folder: inside the private data folder, never a served one."""
    return get_settings().private_dir / "documents"


def get_storage(engine: Engine | None = None) -> Storage:
    """The backend ``GOSAPP_STORAGE`` names; the database one reads ``engine`` (default: the
    app's database)."""
    if get_settings().storage == "database":
        return DatabaseStorage(engine or get_engine())
    return LocalStorage(documents_dir())


def new_key() -> str:
    """A random storage key; never derived from anything the user sent."""
    return secrets.token_hex(32)


# --- local files: kept together with their rows by session hooks ----------------------------------


def _delete_on_commit(session: OrmSession, store: Storage, key: str) -> None:
    """Delete ``key`` once the session's transaction commits (a deleted row's bytes)."""
    session.info.setdefault(_PENDING_DELETES, []).append((store, key))


def _delete_unless_committed(session: OrmSession, store: Storage, key: str) -> None:
    """Delete ``key`` when the transaction ends without a commit (bytes of a new row)."""
    session.info.setdefault(_PENDING_PUTS, []).append((store, key))


@event.listens_for(OrmSession, "after_commit")
def _after_commit(session: OrmSession) -> None:
    if session.in_nested_transaction():
        return  # a savepoint released: the transaction may still roll back
    session.info.pop(_PENDING_PUTS, None)  # their rows are in: keep the bytes
    for store, key in session.info.pop(_PENDING_DELETES, ()):
        store.delete(key)


@event.listens_for(OrmSession, "after_transaction_end")
def _after_transaction_end(session: OrmSession, transaction: SessionTransaction) -> None:
    if transaction.parent is not None:
        return
    session.info.pop(_PENDING_DELETES, None)  # the delete did not commit: keep the bytes
    for store, key in session.info.pop(_PENDING_PUTS, ()):
        store.delete(key)  # rolled back or closed without commit: nothing half-stored
