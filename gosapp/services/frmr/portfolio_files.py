"""Portfolio files: previews and the document package («Пакет документов», SPEC §3).

A preview is the first page of a PDF or an image, drawn in a helper process
(``preview_worker``) as a fresh PNG without the original's metadata; only the owner doctor and
back-office staff get one, and anyone else finds the file missing (``NotFound``).

A package is one ZIP of the chosen approved records' files with ``Опись.pdf``: type, number,
dates, issuer and the sha256 of every file in it. It is stored privately as an issued
document of the doctor, downloaded through ``/api/documents/<id>``, and its building audited.
"""

from __future__ import annotations

import hashlib
import io
import re
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete
from sqlmodel import Session, col, select

from gosapp.models.accounts import User, utcnow
from gosapp.models.portfolio import PortfolioRecord, PortfolioVersion
from gosapp.models.requests import Document, DocumentKind
from gosapp.services.common import pdf
from gosapp.services.common.audit import Actor, access_denied, record
from gosapp.services.common.errors import Invalid, NotFound
from gosapp.services.common.validation import parse_id
from gosapp.services.common.workdays import local_date
from gosapp.services.documents import backends, storage
from gosapp.services.frmr import portfolio, preview_worker
from gosapp.services.frmr import portfolio_review as review
from gosapp.services.identity.roles import BACK_OFFICE_ROLES, roles_of

ZIP = "application/zip"
INDEX_NAME = "Опись.pdf"
PACKAGE_KEPT = timedelta(days=1)  # a package is built for one download, then removed
_UNSAFE = re.compile(r'[\\/:*?"<>|\x00-\x1f]+')
Progress = Callable[[int, int], None]  # (done, total)


# --- previews ------------------------------------------------------------------------------------


def preview_document(*, session: Session, user: User, document_id: object) -> Document:
    """A portfolio file the user may preview (its owner doctor, or staff); NotFound otherwise."""
    number = parse_id(document_id, storage.NOT_FOUND_MESSAGE)
    document = session.get(Document, number)
    if document is None or not _may_preview(session, user, document):
        access_denied(
            session=session, actor=Actor(user.id), object_type="document", object_id=number
        )
        raise NotFound(storage.NOT_FOUND_MESSAGE)
    return document


def _may_preview(session: Session, user: User, document: Document) -> bool:
    if document.request_id is None or document.content_type not in review.PREVIEWABLE:
        return False
    version = session.exec(
        select(PortfolioVersion).where(PortfolioVersion.request_id == document.request_id)
    ).first()
    if version is None:
        return False
    if document.owner_id == user.id:
        return portfolio.is_doctor(session, user)
    return bool(roles_of(session, user.id) & BACK_OFFICE_ROLES)


def render_preview(data: bytes, content_type: str) -> bytes:
    """A PNG of the first page of a PDF or of an image, drawn in the helper process
    (``preview_worker``); ValueError when the file cannot be drawn."""
    return preview_worker.HELPER.draw(data, content_type)


# --- packages ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Entry:
    """One file of a package and the index line that describes it."""

    name: str
    data: bytes
    sha256: str
    row: PortfolioRecord


def package_records(session: Session, user: User, record_ids: list) -> list[PortfolioRecord]:
    """The chosen records, each the caller's own and approved; Invalid when none is chosen."""
    chosen = list(dict.fromkeys(record_ids if isinstance(record_ids, list) else []))[:100]
    if not chosen:
        raise Invalid("package", "Отметьте подтверждённые документы для пакета")
    rows = [portfolio.own_record(session, user, record_id) for record_id in chosen]
    for row in rows:
        if portfolio.latest_decision(session, row).status != review.APPROVED:
            raise Invalid("package", f"Документ № {row.number} ещё не подтверждён")
    return rows


def _entries(
    session: Session, rows: list[PortfolioRecord], progress: Progress, store: backends.Storage
) -> list[Entry]:
    entries: list[Entry] = []
    for done, row in enumerate(rows, start=1):
        version = portfolio.versions_of(session, row.id)[0]
        files = session.exec(
            select(Document)
            .where(Document.request_id == version.request_id)
            .order_by(col(Document.id))
        ).all()
        for part, document in enumerate(files, start=1):
            data = storage.read(document, store)
            suffix = f" ({part})" if len(files) > 1 else ""
            stem = _UNSAFE.sub("_", f"{len(entries) + 1:02d} {review.TYPE_LABELS[row.doc_type]}")
            ext = storage.EXTENSIONS.get(document.content_type, "")
            name = f"{stem} № {_UNSAFE.sub('_', row.number)}{suffix}{ext}"
            entries.append(Entry(name, data, hashlib.sha256(data).hexdigest(), row))
        progress(done, len(rows))
    return entries


def index_pdf(entries: list[Entry], owner: str, created_at: datetime) -> bytes:
    """The package's index: one line per file, with its sha256."""
    columns = [("Файл", 3), ("Вид", 2.2), ("Номер", 1.4), ("Выдан", 1.3), ("Действ. до", 1.3),
               ("Кем выдан", 2.4), ("SHA-256", 4.2)]  # fmt: skip
    rows = [
        [
            e.name,
            review.TYPE_LABELS[e.row.doc_type],
            e.row.number,
            f"{e.row.issued_on:%d.%m.%Y}",
            f"{e.row.valid_until:%d.%m.%Y}" if e.row.valid_until else "бессрочно",
            e.row.issuer,
            e.sha256,
        ]
        for e in entries
    ]
    subtitle = f"{owner}. Сформирован {local_date(created_at):%d.%m.%Y}; файлов: {len(entries)}"
    return pdf.table_report(
        title="Опись пакета документов",
        subtitle=subtitle,
        columns=columns,
        rows=rows,
        landscape=True,
        created_at=created_at,
    )


def build_package(
    *,
    session: Session,
    user: User,
    record_ids: list,
    actor: Actor,
    owner_name: str,
    progress: Progress = lambda done, total: None,
    now: datetime | None = None,
    store: backends.Storage | None = None,
) -> Document:
    """Build, store and audit the package of the chosen approved records; the stored ZIP.
    ``progress(done, total)`` is called after each record's files are read."""
    now = now or utcnow()
    store = store or backends.get_storage()
    rows = package_records(session, user, record_ids)
    entries = _entries(session, rows, progress, store)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(INDEX_NAME, index_pdf(entries, owner_name, now))
        for entry in entries:
            archive.writestr(entry.name, entry.data)
    document = _store_zip(session, user, out.getvalue(), now, store)
    record(
        session=session,
        actor=actor,
        action="portfolio.package",
        object_type="document",
        object_id=document.id,
        details=",".join(str(r.id) for r in rows),
    )
    return document


def _store_zip(
    session: Session, user: User, data: bytes, now: datetime, store: backends.Storage
) -> Document:
    key = backends.new_key()
    store.put(key, data, session=session)
    document = Document(
        owner_id=user.id,
        kind=DocumentKind.ISSUED,  # not an upload: no quota, never purged as a staged file
        storage_key=key,
        original_name=f"Пакет документов {local_date(now):%d.%m.%Y}.zip",
        content_type=ZIP,
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
        created_at=now,
    )
    session.add(document)
    session.flush()
    return document


def purge_packages(
    *,
    session: Session,
    now: datetime | None = None,
    store: backends.Storage | None = None,
) -> int:
    """Remove packages older than ``PACKAGE_KEPT`` (rows now, bytes on commit); how many.

    Packages are the only issued ZIPs without a request. One ``DELETE … RETURNING``, so of two
    workers each package is removed by exactly one.
    """
    cutoff = (now or utcnow()) - PACKAGE_KEPT
    deleted = session.exec(
        delete(Document)
        .where(
            col(Document.kind) == DocumentKind.ISSUED,
            col(Document.request_id).is_(None),
            col(Document.content_type) == ZIP,
            col(Document.created_at) < cutoff,
        )
        .returning(col(Document.storage_key))
    ).all()
    store = store or backends.get_storage()
    for (key,) in deleted:
        store.delete(key, session=session)
    return len(deleted)
