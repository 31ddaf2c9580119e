"""The doctor's portfolio (SPEC §3): adding records, corrected versions, archive and restore.

Every function starts from the signed-in user: only holders of the ``doctor`` role reach a
portfolio (``require_doctor``), and a record is found only among the caller's own, so
someone else's record looks exactly like a missing one (``NotFound``, audited). Files are the
caller's staged uploads, checked by content when staged and here against their names: a file
whose name says PDF but whose bytes are a JPEG (or anything else) is refused.

Reading the portfolio back is ``portfolio_view``; files, previews and packages are
``portfolio_files``; the expiry radar is ``portfolio_expiry``.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, update
from sqlmodel import Session, col, select

from gosapp.models.accounts import Role, User, utcnow
from gosapp.models.portfolio import PortfolioRecord, PortfolioVersion
from gosapp.models.requests import Document
from gosapp.services.common.audit import Actor, access_denied, record
from gosapp.services.common.errors import Invalid, NotAllowed, NotFound
from gosapp.services.common.validation import parse_id
from gosapp.services.documents import storage
from gosapp.services.frmr import portfolio_review as review
from gosapp.services.identity.roles import roles_of
from gosapp.services.requests import workflow

RECORD_NOT_FOUND = "Запись портфолио не найдена"
NO_FILE = "Приложите файл документа"
STILL_PENDING = "Предыдущая версия ещё на проверке — дождитесь решения"
_EXTENSIONS = {
    ".pdf": storage.PDF,
    ".jpg": storage.JPEG,
    ".jpeg": storage.JPEG,
    ".jpe": storage.JPEG,
    ".png": storage.PNG,
    ".docx": storage.DOCX,
}
_TYPE_NAMES = {storage.PDF: "PDF", storage.JPEG: "JPEG", storage.PNG: "PNG", storage.DOCX: "DOCX"}


def is_doctor(session: Session, user: User) -> bool:
    """Whether ``user`` holds the doctor role (the only one with a portfolio)."""
    return Role.DOCTOR in roles_of(session, user.id)


def require_doctor(session: Session, user: User) -> None:
    """NotAllowed unless ``user`` is a doctor."""
    if not is_doctor(session, user):
        raise NotAllowed("Портфолио доступно только медицинским работникам")


def own_record(session: Session, user: User, record_id: object) -> PortfolioRecord:
    """The doctor's own record; a missing one and someone else's look alike (and are audited)."""
    require_doctor(session, user)
    number = parse_id(record_id, RECORD_NOT_FOUND)
    row = session.get(PortfolioRecord, number)
    if row is None or row.owner_id != user.id:
        access_denied(
            session=session, actor=Actor(user.id), object_type="portfolio", object_id=number
        )
        raise NotFound(RECORD_NOT_FOUND)
    return row


def check_names(documents: list[Document]) -> None:
    """Refuse a file whose name claims another type than its bytes (``скан.pdf`` that is a
    JPEG, ``диплом.docx`` that is a PDF) or whose extension is not an allowed one."""
    for document in documents:
        name = document.original_name
        ext = "." + name.rsplit(".", 1)[-1].lower() if "." in name else ""
        claimed = _EXTENSIONS.get(ext)
        if claimed is None:
            raise Invalid("file", storage.BAD_TYPE.format(name=name))
        if claimed != document.content_type:
            actual = _TYPE_NAMES.get(document.content_type, "другой формат")
            raise Invalid(
                "file",
                f"Файл «{name}» не соответствует своему названию: по содержимому это {actual}, "
                f"а не {_TYPE_NAMES[claimed]}. Выберите правильный файл",
            )


def _files(session: Session, user: User, document_ids: list[int]) -> list[Document]:
    documents = storage.staged_documents(
        session=session, owner_id=user.id, document_ids=list(document_ids)
    )
    if not documents:
        raise Invalid("file", NO_FILE)
    if len(documents) != len(set(document_ids)):
        raise NotFound("Файл не найден — загрузите его заново")
    check_names(documents)
    return documents


def add_record(
    *,
    session: Session,
    user: User,
    form: dict,
    document_ids: list[int],
    actor: Actor,
    now: datetime | None = None,
) -> PortfolioRecord:
    """«Добавить запись»: a new record and its first version, sent for checking.

    Raises InvalidForm (fields), Invalid("file") for a missing or mislabelled file.
    """
    now = now or utcnow()
    require_doctor(session, user)
    data = review.RecordForm.model_validate(_parsed(form)).model_dump()
    documents = _files(session, user, document_ids)
    row = PortfolioRecord(owner_id=user.id, created_at=now, updated_at=now, **data)
    session.add(row)
    session.flush()
    _send_version(session, user, row, documents, actor, now)
    record(
        session=session,
        actor=actor,
        action="portfolio.record.add",
        object_type="portfolio",
        object_id=row.id,
    )
    return row


def add_version(
    *,
    session: Session,
    user: User,
    record_id: object,
    form: dict,
    document_ids: list[int],
    actor: Actor,
    now: datetime | None = None,
) -> PortfolioVersion:
    """«Загрузить исправленную версию»: new files (and corrected data) for a record whose last
    version is decided; earlier versions and their decisions stay as they were."""
    now = now or utcnow()
    row = own_record(session, user, record_id)
    if row.archived:
        raise NotAllowed("Запись в архиве — сначала восстановите её")
    if latest_decision(session, row).status == review.PENDING:
        raise NotAllowed(STILL_PENDING)
    data = review.RecordForm.model_validate(_parsed(form)).model_dump()
    documents = _files(session, user, document_ids)
    if data["valid_until"] != row.valid_until:
        row.expiry_notice = None  # a new date: the radar counts its thresholds afresh
    for name, value in data.items():
        setattr(row, name, value)
    row.updated_at = now
    session.add(row)
    version = _send_version(session, user, row, documents, actor, now)
    record(
        session=session,
        actor=actor,
        action="portfolio.version.add",
        object_type="portfolio",
        object_id=row.id,
    )
    return version


def _parsed(form: dict) -> dict:
    """The form's values as the model reads them, or InvalidForm with a message per field."""
    if not isinstance(form, dict):
        form = {}
    fields = ("doc_type", "number", "issued_on", "issuer", "valid_until")
    data = {k: str(form.get(k) or "")[:300] for k in fields}
    return (
        review.TYPES[0]
        .parse({**data, "record_id": 1, "version_no": 1})
        .model_dump(include=set(fields))
    )


def _send_version(
    session: Session,
    user: User,
    row: PortfolioRecord,
    documents: list[Document],
    actor: Actor,
    now: datetime,
) -> PortfolioVersion:
    last = session.exec(
        select(func.max(PortfolioVersion.version_no)).where(PortfolioVersion.record_id == row.id)
    ).one()
    number = (last or 0) + 1
    payload = {
        "doc_type": row.doc_type,
        "number": row.number,
        "issued_on": row.issued_on.isoformat(),
        "issuer": row.issuer,
        "valid_until": row.valid_until.isoformat() if row.valid_until else "",
        "record_id": row.id,
        "version_no": number,
    }
    request = workflow.create(
        session=session,
        applicant=user,
        type_code=review.TYPE_CODE,
        data=payload,
        actor=actor,
        document_ids=[d.id for d in documents],
        now=now,
    )
    version = PortfolioVersion(
        record_id=row.id,
        version_no=number,
        document_id=documents[0].id,
        request_id=request.id,
        created_at=now,
    )
    session.add(version)
    session.flush()  # the unique (record, version) pair refuses a concurrent twin
    return version


def versions_of(session: Session, record_id: int) -> list[PortfolioVersion]:
    """A record's versions, newest first."""
    return list(
        session.exec(
            select(PortfolioVersion)
            .where(PortfolioVersion.record_id == record_id)
            .order_by(col(PortfolioVersion.version_no).desc())
        )
    )


def latest_decision(session: Session, row: PortfolioRecord) -> review.Decision:
    """The status of the record's newest version."""
    versions = versions_of(session, row.id)
    if not versions:
        return review.Decision(review.PENDING)
    return review.decisions(session, [versions[0].request_id])[versions[0].request_id]


def set_archived(
    *,
    session: Session,
    user: User,
    record_id: object,
    archived: bool,
    actor: Actor,
    now: datetime | None = None,
) -> PortfolioRecord:
    """Archive a record (it leaves the list and the radar) or restore it; both are audited."""
    row = own_record(session, user, record_id)
    session.execute(
        update(PortfolioRecord)
        .where(col(PortfolioRecord.id) == row.id)
        .values(archived=bool(archived), updated_at=now or utcnow())
        .execution_options(synchronize_session=False)
    )
    session.refresh(row)
    record(
        session=session,
        actor=actor,
        action="portfolio.archive" if archived else "portfolio.restore",
        object_type="portfolio",
        object_id=row.id,
    )
    return row
