"""The check of a portfolio version (SPEC §3): a request of type ``portfolio_check`` in the
staff queue, and a version's status read back from it.

Each uploaded version is one request whose payload is the record's data as the doctor sent it
and whose documents are the version's files. Registrars claim, approve or reject it (a reason
is required) with the engine's conditional UPDATE, so of two staff deciding at once exactly
one wins. Nothing else stores the decision: «на проверке», «подтверждён», «отклонён» and the
reason come from the request and its decision event.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from pydantic import BaseModel, Field, ValidationInfo, field_validator, model_validator
from sqlmodel import Session, col, select

from gosapp import routes
from gosapp.models.accounts import AccountLevel
from gosapp.models.portfolio import PortfolioType
from gosapp.models.requests import Document, EventKind, Request, RequestEvent, RequestStatus
from gosapp.services.common.errors import Invalid
from gosapp.services.common.validation import parse_date
from gosapp.services.common.workdays import local_date
from gosapp.services.documents import storage
from gosapp.services.requests.types import ActionWording, RequestType

TYPE_CODE = "portfolio_check"
TYPE_LABELS = {
    PortfolioType.DIPLOMA.value: "Диплом",
    PortfolioType.DIPLOMA_SUPPLEMENT.value: "Приложение к диплому",
    PortfolioType.SPECIALIST_CERTIFICATE.value: "Сертификат специалиста",
    PortfolioType.ACCREDITATION.value: "Свидетельство об аккредитации",
    PortfolioType.ADVANCED_TRAINING.value: "Удостоверение о повышении квалификации",
    PortfolioType.LICENSE.value: "Лицензия",
    PortfolioType.EMPLOYMENT_BOOK.value: "Трудовая книжка",
    PortfolioType.OTHER.value: "Прочее",
}
PENDING, APPROVED, REJECTED, WITHDRAWN = "pending", "approved", "rejected", "withdrawn"
STATUS_LABELS = {
    PENDING: "на проверке",
    APPROVED: "подтверждён",
    REJECTED: "отклонён",
    WITHDRAWN: "отозван",
}
PREVIEWABLE = (storage.PDF, storage.JPEG, storage.PNG)
S = RequestStatus
_OPEN = (S.DRAFT, S.SUBMITTED, S.IN_PROGRESS, S.NEEDS_INFO)


class RecordForm(BaseModel):
    """A portfolio record as the doctor fills it in (and as the check request carries it)."""

    doc_type: PortfolioType = Field(
        title="Вид документа", json_schema_extra={"choices": {**TYPE_LABELS}}
    )
    number: str = Field(min_length=1, max_length=60, title="Номер")
    issued_on: date = Field(title="Дата выдачи")
    issuer: str = Field(min_length=1, max_length=200, title="Кем выдан")
    valid_until: date | None = Field(default=None, title="Действителен до")

    @field_validator("number", "issuer", mode="before")
    @classmethod
    def _stripped(cls, value: object) -> object:
        return " ".join(value.split()) if isinstance(value, str) else value

    @field_validator("issued_on", "valid_until", mode="before")
    @classmethod
    def _russian_date(cls, value: object, info: ValidationInfo) -> object:
        """ДД.ММ.ГГГГ (or ISO) read by the portal's date parser; an empty optional date is None."""
        if isinstance(value, str):
            if not value.strip():
                return None
            try:
                return parse_date(value, info.field_name or "")
            except Invalid as exc:
                raise ValueError(exc.message) from None
        return value

    @model_validator(mode="after")
    def _ordered(self) -> RecordForm:
        if self.valid_until and self.valid_until < self.issued_on:
            raise ValueError("Срок действия не может закончиться раньше даты выдачи")
        return self


class CheckPayload(RecordForm):
    """The check request's payload: the form plus which record and version it checks."""

    record_id: int = Field(title="Запись", json_schema_extra={"hidden": True})
    version_no: int = Field(title="Версия")


def _summary(payload: CheckPayload) -> str:
    return f"{TYPE_LABELS[payload.doc_type.value]} № {payload.number}, версия {payload.version_no}"


def preview_rows(session: Session, request: Request) -> list[dict[str, str]]:
    """For the staff page: each previewable file with its preview address beside the data."""
    files = session.exec(
        select(Document).where(Document.request_id == request.id).order_by(col(Document.id))
    ).all()
    return [
        {
            "label": "Предпросмотр",
            "value": d.original_name,
            "preview": routes.portfolio_preview(d.id),
        }
        for d in files
        if d.content_type in PREVIEWABLE
    ]


TYPES = (
    RequestType(
        code=TYPE_CODE,
        title="Проверка документа портфолио",
        cabinet="frmr",
        payload=CheckPayload,
        deadline_days=5,
        min_documents=1,
        max_documents=storage.MAX_STAGED_FILES,
        summary=_summary,
        page=routes.PORTFOLIO,
        detail_rows=preview_rows,
        level=AccountLevel.CONFIRMED,  # SPEC §1: the medical-worker cabinet needs it
        short="Документ портфолио",
        status_phrases={"approved": "подтверждён", "rejected": "отклонён"},
        wording={
            "approve": ActionWording(
                "Подтвердить", "Подтвердить документ?", "Документ подтверждён"
            ),
            "reject": ActionWording("Отклонить", "Отклонить документ?", "Документ отклонён"),
        },
    ),
)


@dataclass(frozen=True)
class Decision:
    """A version's status («pending», «approved», «rejected», «withdrawn») and the reason."""

    status: str
    reason: str = ""
    decided_at: str = ""  # ДД.ММ.ГГГГ

    @property
    def label(self) -> str:
        """The status in Russian."""
        return STATUS_LABELS[self.status]


def decisions(session: Session, request_ids: list[int]) -> dict[int, Decision]:
    """The status of each request's version; one query for the requests, one for decisions."""
    if not request_ids:
        return {}
    requests = session.exec(select(Request).where(col(Request.id).in_(request_ids))).all()
    decided = session.exec(
        select(RequestEvent)
        .where(
            col(RequestEvent.request_id).in_(request_ids),
            RequestEvent.kind == EventKind.STATUS,
            col(RequestEvent.to_status).in_([S.APPROVED.value, S.REJECTED.value]),
        )
        .order_by(col(RequestEvent.id))
    ).all()
    last = {event.request_id: event for event in decided}  # the latest decision wins
    return {r.id: _decision(r, last.get(r.id)) for r in requests}


def _decision(request: Request, event: RequestEvent | None) -> Decision:
    if request.status == S.WITHDRAWN:
        return Decision(WITHDRAWN)
    if request.status in _OPEN or event is None:
        return Decision(PENDING)
    when = f"{local_date(event.at):%d.%m.%Y}"
    if event.to_status == S.APPROVED.value:
        return Decision(APPROVED, decided_at=when)
    return Decision(REJECTED, reason=event.text, decided_at=when)
