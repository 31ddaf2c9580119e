"""Private document storage (SPEC §6 «Documents & storage»).

Bytes live outside the web root under server-generated keys; the user's file name is metadata
only. The type is detected from the bytes (PDF, JPEG, PNG, DOCX), never from the name or the
browser's claim. A staged upload is a ``Document`` row without ``request_id``: the request
engine attaches it when a form is submitted, and ``purge_stale_staged`` removes the rest.

Storage sits behind the small ``Storage`` protocol so that a shared store (the database or an
S3-compatible bucket, for several hosts) can be added later and chosen in ``get_storage``.

Bytes and rows move together: bytes written for a row that is never committed are deleted when
the transaction ends, and bytes of a deleted row are removed only once the delete commits.
"""

from __future__ import annotations

import hashlib
import io
import os
import re
import secrets
import tempfile
import unicodedata
import zipfile
from datetime import datetime, timedelta
from pathlib import Path
from typing import Protocol

from sqlalchemy import event, func
from sqlalchemy.orm import Session as OrmSession
from sqlalchemy.orm import SessionTransaction
from sqlmodel import Session, select

from gosapp.db import serialize
from gosapp.models.accounts import Role, utcnow
from gosapp.models.requests import Document, DocumentKind, Request
from gosapp.services.common.audit import Actor, access_denied, record
from gosapp.services.common.errors import DomainError, NotFound
from gosapp.services.common.validation import parse_id
from gosapp.services.identity.accounts import roles_of
from gosapp.settings import get_settings

MB = 1024 * 1024
MAX_FILE_BYTES = 5 * MB
MAX_SUBMISSION_BYTES = 20 * MB
MAX_STAGED_FILES = 10  # per upload widget; a request type may allow fewer (checked on attach)
USER_QUOTA_BYTES = 200 * MB
STALE_AFTER = timedelta(days=1)
MAX_NAME_LENGTH = 255
FALLBACK_NAME = "документ"
ALLOWED_LABEL = "PDF, JPEG, PNG и DOCX"
STAFF_ROLES = frozenset({Role.REGISTRAR, Role.ADMIN})
NOT_FOUND_MESSAGE = "Документ не найден или доступ к нему запрещён"
# Refusals name the file: ``.format(name=...)``.
EMPTY = "Файл «{name}» пустой"
TOO_BIG = f"Файл «{{name}}» больше {MAX_FILE_BYTES // MB} МБ"
BAD_TYPE = f"Файл «{{name}}»: допустимы только {ALLOWED_LABEL}"
TOO_MUCH = f"Файл «{{name}}»: вместе с другими файлами больше {MAX_SUBMISSION_BYTES // MB} МБ"
OVER_QUOTA = (
    f"Превышен объём хранилища ({USER_QUOTA_BYTES // MB} МБ): файл «{{name}}» не сохранён. "
    "Удалите ненужные файлы или дождитесь решения по заявлениям."
)

PDF = "application/pdf"
JPEG = "image/jpeg"
PNG = "image/png"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
EXTENSIONS = {PDF: ".pdf", JPEG: ".jpg", PNG: ".png", DOCX: ".docx"}
_SAME_TYPE = {".jpeg": JPEG, ".jpe": JPEG}  # other usual spellings kept as the user wrote them

_KEY = re.compile(r"[0-9a-f]{64}")
_SEPARATORS = re.compile(r"[/\\]")
_PENDING_PUTS = "gosapp_storage_pending_puts"
_PENDING_DELETES = "gosapp_storage_pending_deletes"


class DocumentRefused(DomainError):
    """A file (or a set of files) breaks a storage rule; the message names the file."""


# --- backends ------------------------------------------------------------------------------------


class Storage(Protocol):
    """Where document bytes live. Keys come from ``new_key`` only."""

    def put(self, key: str, data: bytes) -> None:
        """Store ``data`` under ``key`` (atomically: all or nothing)."""

    def read(self, key: str) -> bytes:
        """The bytes stored under ``key``."""

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


def _delete_on_commit(session: Session, store: Storage, key: str) -> None:
    session.info.setdefault(_PENDING_DELETES, []).append((store, key))


def _delete_unless_committed(session: Session, store: Storage, key: str) -> None:
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


# --- checks ---------------------------------------------------------------------------------------


def detect_type(data: bytes) -> str | None:
    """The content type from the bytes themselves; None for anything not allowed."""
    if data.startswith(b"%PDF-"):
        return PDF
    if data.startswith(b"\xff\xd8\xff"):
        return JPEG
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if data.startswith(b"PK\x03\x04") and _is_docx(data):
        return DOCX
    return None


def _is_docx(data: bytes) -> bool:
    # Only the directory is read (nothing is decompressed), so a zip bomb costs nothing.
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError, EOFError):
        return False
    return {"[Content_Types].xml", "word/document.xml"} <= names


def clean_name(name: str) -> str:
    """The base name only, without control or invisible characters, at most 255 long."""
    base = _SEPARATORS.split(name or "")[-1]
    chars = []
    for ch in base:
        if ch.isspace():  # tabs, newlines, no-break spaces
            chars.append(" ")
        elif not unicodedata.category(ch).startswith("C"):  # NUL, controls, bidi overrides
            chars.append(ch)
    base = " ".join("".join(chars).split())
    if base.strip(".") == "":
        return FALLBACK_NAME
    return _shorten(base)


def _shorten(name: str) -> str:
    if len(name) <= MAX_NAME_LENGTH:
        return name
    stem, dot, ext = name.rpartition(".")
    if dot and stem and len(ext) <= 16:
        return f"{stem[: MAX_NAME_LENGTH - len(ext) - 1]}.{ext}"
    return name[:MAX_NAME_LENGTH]


def used_bytes(session: Session, owner_id: int) -> int:
    """How much of the quota the user's own uploads take."""
    total = session.exec(
        select(func.coalesce(func.sum(Document.size), 0)).where(
            Document.owner_id == owner_id, Document.kind == DocumentKind.UPLOAD
        )
    ).one()
    return int(total)


def _refuse_file(session: Session, owner_id: int, name: str, data: bytes) -> str:
    """The detected content type, or DocumentRefused naming the file."""
    if not data:
        raise DocumentRefused(EMPTY.format(name=name))
    if len(data) > MAX_FILE_BYTES:
        raise DocumentRefused(TOO_BIG.format(name=name))
    content_type = detect_type(data)
    if content_type is None:
        raise DocumentRefused(BAD_TYPE.format(name=name))
    serialize(session, f"quota:{owner_id}")  # two uploads at once cannot both fit the rest
    if used_bytes(session, owner_id) + len(data) > USER_QUOTA_BYTES:
        raise DocumentRefused(OVER_QUOTA.format(name=name))
    return content_type


def check_submission(documents: list[Document]) -> None:
    """Refuse a submission whose files together exceed 20 МБ."""
    if sum(d.size for d in documents) > MAX_SUBMISSION_BYTES:
        raise DocumentRefused(
            f"Общий размер файлов больше {MAX_SUBMISSION_BYTES // MB} МБ — удалите лишние файлы"
        )


# --- staging, reading, removing -------------------------------------------------------------------


def stage(
    *,
    session: Session,
    owner_id: int,
    filename: str,
    data: bytes,
    now: datetime | None = None,
    storage: Storage | None = None,
) -> Document:
    """Check and store an upload as a staged (not yet attached) document of its owner."""
    name = clean_name(filename)
    content_type = _refuse_file(session, owner_id, name, data)
    document = Document(owner_id=owner_id, kind=DocumentKind.UPLOAD, content_type=content_type)
    return _store(session, document, name, data, now, storage or get_storage())


def store_issued(
    *,
    session: Session,
    owner_id: int,
    request_id: int,
    filename: str,
    data: bytes,
    now: datetime | None = None,
    storage: Storage | None = None,
) -> Document:
    """Store a document the portal generated (a certificate PDF) for a request's applicant.

    Issued documents do not count against the user's upload quota.
    """
    content_type = detect_type(data)
    if content_type is None:
        raise ValueError("an issued document must be a PDF, JPEG, PNG or DOCX")
    document = Document(
        owner_id=owner_id,
        request_id=request_id,
        kind=DocumentKind.ISSUED,
        content_type=content_type,
    )
    return _store(session, document, clean_name(filename), data, now, storage or get_storage())


def _store(
    session: Session,
    document: Document,
    name: str,
    data: bytes,
    now: datetime | None,
    store: Storage,
) -> Document:
    """Write the bytes, then add the row; if the row is not committed the bytes go again."""
    key = new_key()
    store.put(key, data)
    _delete_unless_committed(session, store, key)
    document.storage_key, document.original_name = key, name
    document.size, document.sha256 = len(data), hashlib.sha256(data).hexdigest()
    document.created_at = now or utcnow()
    session.add(document)
    try:
        session.flush()
    except BaseException:
        store.delete(key)
        raise
    return document


def staged_documents(*, session: Session, owner_id: int, document_ids: list[int]) -> list[Document]:
    """The owner's uploads among ``document_ids`` that are still staged, in the given order."""
    ids = [i for i in map(_id_or_none, document_ids) if i is not None]
    if not ids:
        return []
    rows = session.exec(
        select(Document).where(
            Document.id.in_(ids),
            Document.owner_id == owner_id,
            Document.request_id.is_(None),
            Document.kind == DocumentKind.UPLOAD,
        )
    ).all()
    by_id = {d.id: d for d in rows}
    return [by_id[i] for i in ids if i in by_id]


def read(document: Document, storage: Storage | None = None) -> bytes:
    """The stored bytes of ``document``."""
    return (storage or get_storage()).read(document.storage_key)


def _remove(session: Session, document: Document, store: Storage) -> None:
    session.delete(document)
    _delete_on_commit(session, store, document.storage_key)


def discard_staged(
    *, session: Session, owner_id: int, document_id: int, storage: Storage | None = None
) -> None:
    """The owner removes an upload not yet attached to a request (row now, bytes on commit)."""
    number = _id_or_none(document_id)
    document = session.get(Document, number) if number is not None else None
    staged = document is not None and document.request_id is None
    if not staged or document.owner_id != owner_id or document.kind != DocumentKind.UPLOAD:
        raise NotFound(NOT_FOUND_MESSAGE)
    _remove(session, document, storage or get_storage())
    session.flush()


def purge_stale_staged(
    *,
    session: Session,
    older_than: timedelta = STALE_AFTER,
    now: datetime | None = None,
    storage: Storage | None = None,
) -> int:
    """Remove uploads never attached to a request and older than ``older_than``; how many."""
    cutoff = (now or utcnow()) - older_than
    stale = session.exec(
        select(Document).where(
            Document.request_id.is_(None),
            Document.kind == DocumentKind.UPLOAD,
            Document.created_at < cutoff,
        )
    ).all()
    store = storage or get_storage()
    for document in stale:
        _remove(session, document, store)
    session.flush()
    return len(stale)


# --- downloads ------------------------------------------------------------------------------------


def download_name(document: Document) -> str:
    """The user's file name with the extension of the detected type: a PDF uploaded as
    ``invoice.html`` leaves as ``invoice.pdf``, so no browser or desktop opens it as a page.

    The stem is kept; a name already ending in an extension of its type is left as it is.
    """
    name = document.original_name or FALLBACK_NAME
    wanted = EXTENSIONS.get(document.content_type, "")
    if not wanted:
        return name
    stem, dot, ext = name.rpartition(".")
    if not dot:
        stem, ext = name, ""
    current = f".{ext.lower()}" if ext else ""
    if stem and (current == wanted or _SAME_TYPE.get(current) == document.content_type):
        return name
    stem = stem.rstrip(". ")
    return _shorten((stem if stem else FALLBACK_NAME) + wanted)


def can_download(session: Session, user_id: int, document: Document) -> bool:
    """The owner; for a document attached to a request also its applicant and staff."""
    if document.owner_id == user_id:
        return True
    if document.request_id is None:
        return False
    request = session.get(Request, document.request_id)
    if request is not None and request.applicant_id == user_id:
        return True
    return bool(roles_of(session, user_id) & STAFF_ROLES)


def document_for_download(
    *, session: Session, user_id: int, document_id: object, actor: Actor
) -> Document:
    """The document if ``user_id`` may download it; other people's downloads are audited.

    A missing document and someone else's look the same (NotFound); both are audited as
    ``access.denied`` (rate-limited, committed at once). An id that is not one is NotFound.
    """
    number = parse_id(document_id, NOT_FOUND_MESSAGE)
    document = session.get(Document, number)
    if document is None or not can_download(session, user_id, document):
        access_denied(session=session, actor=actor, object_type="document", object_id=number)
        raise NotFound(NOT_FOUND_MESSAGE)
    if document.owner_id != user_id:
        record(
            session=session,
            actor=actor,
            action="document.download",
            object_type="document",
            object_id=number,
        )
    return document


def _id_or_none(document_id: object) -> int | None:
    # Out-of-range ids would overflow the database driver instead of simply not matching.
    try:
        return parse_id(document_id, NOT_FOUND_MESSAGE)
    except NotFound:
        return None
