"""Where document bytes live, and keeping them together with their rows.

Storage sits behind the small ``Storage`` protocol so that a shared store (the database or an
S3-compatible bucket, for several hosts) can be added later and chosen in ``get_storage``.

Bytes and rows move together: bytes written for a row that is never committed are deleted when
the transaction ends, and bytes of a deleted row are removed only once the delete commits.
"""

from __future__ import annotations

import os
import re
import secrets
import tempfile
from pathlib import Path
from typing import Protocol

from sqlalchemy import event
from sqlalchemy.orm import Session as OrmSession
from sqlalchemy.orm import SessionTransaction

from gosapp.settings import get_settings

_KEY = re.compile(r"[0-9a-f]{64}")
_PENDING_PUTS = "gosapp_storage_pending_puts"
_PENDING_DELETES = "gosapp_storage_pending_deletes"


class Storage(Protocol):
    """Where document bytes live. Keys come from ``new_key`` only."""

    def put(self, key: str, data: bytes) -> None:
        """Store ``data`` under ``key`` (atomically: all or nothing)."""

    def read(self, key: str) -> bytes:
        """The bytes stored under ``key``."""
        ...

    def delete(self, key: str) -> None:
        """Remove ``key``; no error when it is already gone."""


class LocalStorage:
    """A private folder on this host: folders 0o700, files 0o600, atomic writes."""

    def __init__(self, root: Path):
        self.root = Path(root)

    def _path(self, key: str) -> Path:
        # Keys are ours, but a path is only ever built from a well-formed one.
        if not _KEY.fullmatch(key):
            raise ValueError("malformed storage key")
        return self.root / key

    def put(self, key: str, data: bytes) -> None:
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

    def read(self, key: str) -> bytes:
        """The stored bytes (FileNotFoundError when missing)."""
        return self._path(key).read_bytes()

    def delete(self, key: str) -> None:
        """Remove the file if present."""
        self._path(key).unlink(missing_ok=True)


def documents_dir() -> Path:
    """The local documents folder: inside the private data folder, never a served one."""
    return get_settings().private_dir / "documents"


def get_storage() -> Storage:
    """The configured backend (only the local folder for now)."""
    return LocalStorage(documents_dir())


def new_key() -> str:
    """A random storage key; never derived from anything the user sent."""
    return secrets.token_hex(32)


# --- keeping bytes and rows together --------------------------------------------------------------


def delete_on_commit(session: OrmSession, store: Storage, key: str) -> None:
    """Delete ``key`` once the session's transaction commits (a deleted row's bytes)."""
    session.info.setdefault(_PENDING_DELETES, []).append((store, key))


def delete_unless_committed(session: OrmSession, store: Storage, key: str) -> None:
    """Delete ``key`` when the transaction ends without a commit (bytes of a new row)."""
    session.info.setdefault(_PENDING_PUTS, []).append((store, key))


@event.listens_for(OrmSession, "after_commit")
def _after_commit(session: OrmSession) -> None:
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
