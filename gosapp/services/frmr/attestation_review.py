"""The attestation application (аттестация на категорию, SPEC §3): a request of type
``attestation`` in the staff queue. Its payload is the category applied for with a snapshot
of the requirement check the doctor passed (so staff see what was claimed), the chosen
approved portfolio records and the work report, which is the request's own document.

Approval goes through the engine (its conditional UPDATE lets exactly one of two deciders
win) and runs ``_approve``: the profile takes the new category (or keeps the confirmed one),
valid for 5 years from the approval date, and the expiry reminder is re-armed for the new date.
"""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, Field, field_validator
from sqlmodel import Session, col, select

from gosapp import routes
from gosapp.models.accounts import AccountLevel
from gosapp.models.frmr import MedicalWorkerProfile, QualificationCategory
from gosapp.models.portfolio import PortfolioRecord, PortfolioVersion
from gosapp.models.requests import Document, Request
from gosapp.services.common.audit import Actor
from gosapp.services.common.errors import NotAllowed
from gosapp.services.common.workdays import local_date
from gosapp.services.frmr import attestation_rules as rules
from gosapp.services.frmr.portfolio_review import PREVIEWABLE, TYPE_LABELS
from gosapp.services.requests import workflow
from gosapp.services.requests.types import ActionWording, RequestType

TYPE_CODE = "attestation"
TARGETS = {"second": "Вторая", "first": "Первая", "highest": "Высшая"}
CURRENT = {"none": "Без категории", **TARGETS}


def target_label(target: str, current: str) -> str:
    """«Высшая», or «Высшая (подтверждение)» when the doctor already holds it."""
    label = TARGETS.get(target, "—")
    return f"{label} (подтверждение)" if target == current and target in TARGETS else label


class AttestationPayload(BaseModel):
    """What the application carries (built by ``attestation.submit``, never typed freely)."""

    target: str = Field(title="Заявленная категория", json_schema_extra={"choices": {**TARGETS}})
    current: str = Field(title="Текущая категория", json_schema_extra={"choices": {**CURRENT}})
    experience: str = Field(max_length=60, title="Зафиксированный медицинский стаж")
    points: str = Field(max_length=120, title="Баллы НМО в текущем цикле")
    portfolio_records: list[int] = Field(
        min_length=1, title="Документы портфолио", json_schema_extra={"hidden": True}
    )

    @field_validator("target")
    @classmethod
    def _target(cls, value: str) -> str:
        if value not in TARGETS:
            raise ValueError("Выберите категорию из списка")
        return value

    @field_validator("current")
    @classmethod
    def _current(cls, value: str) -> str:
        if value not in CURRENT:
            raise ValueError("Выберите категорию из списка")
        return value


def _summary(payload: AttestationPayload) -> str:
    if payload.target == payload.current:
        return f"Подтверждение {rules.GENITIVE[payload.target]} категории"
    return f"Аттестация на {rules.ACCUSATIVE[payload.target]} категорию"


def _approve(
    session: Session, request: Request, payload: AttestationPayload, actor: Actor, now: datetime
) -> str:
    """The approval hook: the category and its new valid-until date on the profile."""
    profile = session.exec(
        select(MedicalWorkerProfile).where(MedicalWorkerProfile.user_id == request.applicant_id)
    ).first()
    if profile is None:
        raise NotAllowed("У заявителя нет профиля медработника")
    until = rules.valid_until(local_date(now))
    profile.category = QualificationCategory(payload.target)
    profile.category_valid_until, profile.category_reminded_for = until, None
    profile.updated_at = now
    session.add(profile)
    session.flush()
    done = "Подтверждена" if payload.target == payload.current else "Присвоена"
    return f"{done} {rules.LABELS[payload.target]} категория, действует до {until:%d.%m.%Y}"


def detail_rows(session: Session, request: Request) -> list[dict[str, str]]:
    """For staff: the report file and each chosen portfolio document with its preview."""
    payload = workflow.payload_of(request)
    reports = session.exec(
        select(Document.original_name).where(Document.request_id == request.id)
    ).all()
    rows = [{"label": "Отчёт о работе", "value": ", ".join(reports) or "—"}]
    ids = [int(i) for i in payload.get("portfolio_records", []) if str(i).isdigit()]
    records = session.exec(
        select(PortfolioRecord).where(
            col(PortfolioRecord.id).in_(ids),
            PortfolioRecord.owner_id == request.applicant_id,  # never another doctor's file
        )
    ).all()
    for record in sorted(records, key=lambda r: r.id):
        rows.append(_record_row(session, record))
    return rows


def _record_row(session: Session, record: PortfolioRecord) -> dict[str, str]:
    name = f"{TYPE_LABELS.get(record.doc_type, 'Документ')} № {record.number}"
    row = {"label": "Документ портфолио", "value": f"{name} от {record.issued_on:%d.%m.%Y}"}
    latest = session.exec(
        select(Document)
        .join(PortfolioVersion, col(PortfolioVersion.document_id) == col(Document.id))
        .where(PortfolioVersion.record_id == record.id)
        .order_by(col(PortfolioVersion.version_no).desc())
    ).first()
    if latest is not None and latest.content_type in PREVIEWABLE:
        row["preview"] = routes.portfolio_preview(latest.id)
    return row


TYPES = (
    RequestType(
        code=TYPE_CODE,
        title="Аттестация на квалификационную категорию",
        cabinet="frmr",
        payload=AttestationPayload,
        deadline_days=30,
        min_documents=1,
        max_documents=5,
        on_approve=_approve,
        summary=_summary,
        page=routes.ATTESTATION,
        detail_rows=detail_rows,
        level=AccountLevel.CONFIRMED,
        short="Аттестация на категорию",
        status_phrases={"approved": "категория присвоена", "rejected": "отказано"},
        wording={
            "approve": ActionWording(
                "Присвоить категорию", "Присвоить заявленную категорию?", "Категория присвоена"
            ),
            "reject": ActionWording("Отказать", "Отказать в аттестации?", "Отказано"),
        },
    ),
)
