"""Private document storage (SPEC §6 «Documents & storage»): checks, staging and removal.

Bytes live outside the web root under server-generated keys; the user's file name is metadata
only. The type is detected from the bytes (PDF, JPEG, PNG, DOCX), never from the name or the
browser's claim. A staged upload is a ``Document`` row without ``request_id``: the request
engine attaches it when a form is submitted, and ``purge_stale_staged`` removes the rest.

Where the bytes live and how they stay together with their rows is ``backends``; who may
download a document is ``downloads``.
"""

from __future__ import annotations

import hashlib
import io
import re
import unicodedata
import zipfile
from collections.abc import Iterator
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import delete, func
from sqlmodel import Session, col, select

from gosapp.db import serialize
from gosapp.models.accounts import utcnow
from gosapp.models.requests import Document, DocumentKind
from gosapp.services.common.errors import DomainError, NotFound
from gosapp.services.common.validation import parse_id
from gosapp.services.documents import backends

MB = 1024 * 1024
MAX_FILE_BYTES = 5 * MB
MAX_SUBMISSION_BYTES = 20 * MB
MAX_STAGED_FILES = 10  # per upload widget; a request type may allow fewer (checked on attach)
USER_QUOTA_BYTES = 200 * MB
STALE_AFTER = timedelta(days=1)
MAX_NAME_LENGTH = 255
FALLBACK_NAME = "документ"
ALLOWED_LABEL = "PDF, JPEG, PNG и DOCX"
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

_SEPARATORS = re.compile(r"[/\\]")


class DocumentRefused(DomainError):
    """A file (or a set of files) breaks a storage rule; the message names the file."""


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
    storage: backends.Storage | None = None,
) -> Document:
    """Check and store an upload as a staged (not yet attached) document of its owner."""
    name = clean_name(filename)
    content_type = _refuse_file(session, owner_id, name, data)
    row = {"owner_id": owner_id, "kind": DocumentKind.UPLOAD, "content_type": content_type}
    return _store(session, row, name, data, now, storage or backends.get_storage())


def store_issued(
    *,
    session: Session,
    owner_id: int,
    request_id: int,
    filename: str,
    data: bytes,
    now: datetime | None = None,
    storage: backends.Storage | None = None,
) -> Document:
    """Store a document the portal generated (a certificate PDF) for a request's applicant.

    Issued documents do not count against the user's upload quota.
    """
    content_type = detect_type(data)
    if content_type is None:
        raise ValueError("an issued document must be a PDF, JPEG, PNG or DOCX")
    row = {
        "owner_id": owner_id,
        "request_id": request_id,
        "kind": DocumentKind.ISSUED,
        "content_type": content_type,
    }
    return _store(session, row, clean_name(filename), data, now, storage or backends.get_storage())


def _store(
    session: Session,
    row: dict[str, Any],
    name: str,
    data: bytes,
    now: datetime | None,
    store: backends.Storage,
) -> Document:
    """Write the bytes, then add the row (``row`` plus what the bytes give); the bytes are put
    with the session, so if the row is not committed they go again (``backends``)."""
    key = backends.new_key()
    store.put(key, data, session=session)
    document = Document(
        **row,
        storage_key=key,
        original_name=name,
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
        created_at=now or utcnow(),
    )
    session.add(document)
    session.flush()  # a refused row is rolled back by the caller, and its bytes with it
    return document


def staged_documents(*, session: Session, owner_id: int, document_ids: list[int]) -> list[Document]:
    """The owner's uploads among ``document_ids`` that are still staged, in the given order."""
    ids = [i for i in map(_id_or_none, document_ids) if i is not None]
    if not ids:
        return []
    rows = session.exec(
        select(Document).where(
            col(Document.id).in_(ids),
            Document.owner_id == owner_id,
            col(Document.request_id).is_(None),
            Document.kind == DocumentKind.UPLOAD,
        )
    ).all()
    by_id = {d.id: d for d in rows}
    return [by_id[i] for i in ids if i in by_id]


def read(document: Document, storage: backends.Storage | None = None) -> bytes:
    """The stored bytes of ``document``."""
    return (storage or backends.get_storage()).read(document.storage_key)


def chunks(document: Document, storage: backends.Storage | None = None) -> Iterator[bytes]:
    """The stored bytes of ``document`` piece by piece; FileNotFoundError at once if missing."""
    return (storage or backends.get_storage()).chunks(document.storage_key)


def _remove(session: Session, document: Document, store: backends.Storage) -> None:
    session.delete(document)
    store.delete(document.storage_key, session=session)  # the bytes go when the delete commits


def discard_staged(
    *, session: Session, owner_id: int, document_id: int, storage: backends.Storage | None = None
) -> None:
    """The owner removes an upload not yet attached to a request (row now, bytes on commit)."""
    number = _id_or_none(document_id)
    document = session.get(Document, number) if number is not None else None
    if (
        document is None
        or document.request_id is not None
        or document.owner_id != owner_id
        or document.kind != DocumentKind.UPLOAD
    ):
        raise NotFound(NOT_FOUND_MESSAGE)
    _remove(session, document, storage or backends.get_storage())
    session.flush()


def purge_stale_staged(
    *,
    session: Session,
    older_than: timedelta = STALE_AFTER,
    now: datetime | None = None,
    storage: backends.Storage | None = None,
) -> int:
    """Remove uploads never attached to a request and older than ``older_than``; how many.

    One conditional ``DELETE … RETURNING``: every worker of every host runs housekeeping, and
    of two running at once each row is deleted (and its bytes removed) by exactly one; an
    upload attached to a request while the purge runs no longer matches and stays.
    """
    cutoff = (now or utcnow()) - older_than
    deleted = session.exec(
        delete(Document)
        .where(
            col(Document.request_id).is_(None),
            col(Document.kind) == DocumentKind.UPLOAD,
            col(Document.created_at) < cutoff,
        )
        .returning(col(Document.storage_key))
    ).all()
    store = storage or backends.get_storage()
    for (key,) in deleted:
        store.delete(key, session=session)
    return len(deleted)


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


def _id_or_none(document_id: object) -> int | None:
    # Out-of-range ids would overflow the database driver instead of simply not matching.
    try:
        return parse_id(document_id, NOT_FOUND_MESSAGE)
    except NotFound:
        return None
