"""The portfolio as the doctor's page shows it: records filtered by type and status, each with
all its versions, their decisions and files, and the expiry flag.

Every query starts from ``PortfolioRecord.owner_id == user.id`` after ``require_doctor``:
the page only ever receives the caller's own documents, as plain display rows.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlmodel import Session, col, select

from gosapp import routes
from gosapp.models.accounts import User
from gosapp.models.portfolio import PortfolioRecord, PortfolioVersion
from gosapp.models.requests import Document
from gosapp.services.common.display import file_size
from gosapp.services.common.workdays import local_date
from gosapp.services.frmr import portfolio, portfolio_expiry
from gosapp.services.frmr import portfolio_review as review

ALL = ""
SHOW = ("active", "archived")


@dataclass
class FileRow:
    """One file of a version: its download and (for PDF and images) preview addresses."""

    id: str
    name: str
    size: str
    href: str
    preview: str  # "" for DOCX


@dataclass
class VersionRow:
    """One version and its decision."""

    no: str
    sent: str
    status: str
    status_label: str
    reason: str
    decided: str
    files: list[FileRow] = field(default_factory=list)


@dataclass
class RecordRow:
    """One record as its card shows it; ``status`` is its newest version's."""

    id: str
    type_label: str
    number: str
    issued: str
    issuer: str
    valid_until: str
    status: str
    status_label: str
    reason: str
    archived: bool
    can_correct: bool
    flag_level: str
    flag_label: str
    form: dict[str, str]  # the record's data as the correction form starts from it
    versions: list[VersionRow] = field(default_factory=list)


@dataclass(frozen=True)
class Filters:
    """The list's filters: a type code, a status code ("" = any) and active or archived."""

    doc_type: str = ALL
    status: str = ALL
    show: str = "active"


def clean_filters(doc_type: object, status: object, show: object) -> Filters:
    """Whatever a client sent, as valid filters (unknown values mean «all»)."""
    return Filters(
        str(doc_type) if doc_type in review.TYPE_LABELS else ALL,
        str(status) if status in review.STATUS_LABELS else ALL,
        str(show) if show in SHOW else "active",
    )


def records(*, session: Session, user: User, filters: Filters, today: date) -> list[RecordRow]:
    """The caller's records matching ``filters``, newest first."""
    portfolio.require_doctor(session, user)
    query = select(PortfolioRecord).where(
        PortfolioRecord.owner_id == user.id,
        col(PortfolioRecord.archived).is_(filters.show == "archived"),
    )
    if filters.doc_type:
        query = query.where(PortfolioRecord.doc_type == filters.doc_type)
    rows = list(session.exec(query.order_by(col(PortfolioRecord.id).desc())))
    versions = _versions(session, [r.id for r in rows])
    decisions = review.decisions(session, [v.request_id for vs in versions.values() for v in vs])
    files = _files(session, [v.request_id for vs in versions.values() for v in vs])
    shown = []
    for row in rows:
        own = versions.get(row.id, [])
        card = _card(row, own, decisions, files, today)
        if not filters.status or card.status == filters.status:
            shown.append(card)
    return shown


def _versions(session: Session, record_ids: list[int]) -> dict[int, list[PortfolioVersion]]:
    found: dict[int, list[PortfolioVersion]] = {}
    if not record_ids:
        return found
    query = (
        select(PortfolioVersion)
        .where(col(PortfolioVersion.record_id).in_(record_ids))
        .order_by(col(PortfolioVersion.version_no).desc())
    )
    for version in session.exec(query):
        found.setdefault(version.record_id, []).append(version)
    return found


def _files(session: Session, request_ids: list[int]) -> dict[int, list[FileRow]]:
    found: dict[int, list[FileRow]] = {}
    if not request_ids:
        return found
    query = (
        select(Document).where(col(Document.request_id).in_(request_ids)).order_by(col(Document.id))
    )
    for d in session.exec(query):
        preview = routes.portfolio_preview(d.id) if d.content_type in review.PREVIEWABLE else ""
        row = FileRow(str(d.id), d.original_name, file_size(d.size), routes.document(d.id), preview)
        found.setdefault(d.request_id or 0, []).append(row)
    return found


def _card(row, versions, decisions, files, today: date) -> RecordRow:
    shown = [_version(v, decisions, files) for v in versions]
    latest = decisions.get(versions[0].request_id) if versions else None
    latest = latest or review.Decision(review.PENDING)
    expiry = portfolio_expiry.flag(row.valid_until, today)
    return RecordRow(
        id=str(row.id),
        type_label=review.TYPE_LABELS[row.doc_type],
        number=row.number,
        issued=f"{row.issued_on:%d.%m.%Y}",
        issuer=row.issuer,
        valid_until=f"{row.valid_until:%d.%m.%Y}" if row.valid_until else "бессрочно",
        status=latest.status,
        status_label=latest.label,
        reason=latest.reason,
        archived=row.archived,
        can_correct=not row.archived and latest.status != review.PENDING,
        flag_level="" if row.archived else expiry.level,
        flag_label="" if row.archived else expiry.label,
        form={
            "doc_type": str(row.doc_type),
            "number": row.number,
            "issued_on": f"{row.issued_on:%d.%m.%Y}",
            "issuer": row.issuer,
            "valid_until": f"{row.valid_until:%d.%m.%Y}" if row.valid_until else "",
        },
        versions=shown,
    )


def _version(version: PortfolioVersion, decisions, files) -> VersionRow:
    decision = decisions.get(version.request_id) or review.Decision(review.PENDING)
    return VersionRow(
        no=str(version.version_no),
        sent=f"{local_date(version.created_at):%d.%m.%Y}",
        status=decision.status,
        status_label=decision.label,
        reason=decision.reason,
        decided=decision.decided_at,
        files=files.get(version.request_id, []),
    )


def radar(*, session: Session, user: User, today: date) -> list[dict[str, str]]:
    """The cabinet overview's list: the caller's documents expiring within 90 days."""
    if not portfolio.is_doctor(session, user):
        return []
    return [
        {
            "id": str(row.id),
            "title": f"{review.TYPE_LABELS[row.doc_type]} № {row.number}",
            **vars(portfolio_expiry.flag(row.valid_until, today)),
        }
        for row in portfolio_expiry.expiring(session, user.id, today)
    ]
