"""The verification of a benefit (SPEC §4): a request of type ``szn_benefit`` whose decision is
due within 24 hours, and whose approval makes the benefit «действует».

The benefit row exists from the moment the citizen asks (status "pending", see
``social.benefits``); approval runs inside the engine's approval transaction, after the
engine's own conditional UPDATE on the request, and activates the row with a second
conditional UPDATE (``WHERE status = 'pending'``): of two registrars approving at once only one
reaches it, and even a replayed outcome could not activate a benefit twice.
"""

from __future__ import annotations

from datetime import date, datetime

from pydantic import BaseModel, Field, ValidationInfo, field_validator, model_validator
from sqlalchemy import update
from sqlmodel import Session, col, select

from gosapp import routes
from gosapp.models.accounts import AccountLevel
from gosapp.models.requests import Request
from gosapp.models.social_benefits import Benefit, BenefitKind, BenefitStatus
from gosapp.services.common.audit import Actor
from gosapp.services.common.errors import DomainError, Invalid
from gosapp.services.common.validation import parse_date
from gosapp.services.documents import storage
from gosapp.services.requests.types import ActionWording, RequestType

TYPE_CODE = "szn_benefit"
DEADLINE_HOURS = 24
KIND_LABELS = {
    BenefitKind.LABOUR_VETERAN.value: "Ветеран труда",
    BenefitKind.LARGE_FAMILY.value: "Многодетная семья",
    BenefitKind.DISABILITY.value: "Инвалидность",
    BenefitKind.LOW_INCOME.value: "Малоимущая семья",
}


class BenefitForm(BaseModel):
    """«Добавить льготу»: which benefit, the basis document, and its validity."""

    kind: BenefitKind = Field(title="Льгота", json_schema_extra={"choices": {**KIND_LABELS}})
    basis: str = Field(min_length=1, max_length=300, title="Документ-основание")
    valid_from: date = Field(title="Действует с")
    valid_to: date | None = Field(default=None, title="Действует по")
    renewed_from: int | None = Field(
        default=None, title="Продление льготы", json_schema_extra={"hidden": True}
    )

    @field_validator("basis", mode="before")
    @classmethod
    def _stripped(cls, value: object) -> object:
        return " ".join(value.split()) if isinstance(value, str) else value

    @field_validator("valid_from", "valid_to", mode="before")
    @classmethod
    def _russian_date(cls, value: object, info: ValidationInfo) -> object:
        """ДД.ММ.ГГГГ (or ISO); an empty «по» means бессрочно."""
        if isinstance(value, str):
            if not value.strip():
                return None
            try:
                return parse_date(value, info.field_name or "")
            except Invalid as exc:
                raise ValueError(exc.message) from None
        return value

    @model_validator(mode="after")
    def _ordered(self) -> BenefitForm:
        if self.valid_to and self.valid_to < self.valid_from:
            raise ValueError("Дата окончания раньше даты начала")
        return self


def _summary(payload: BenefitForm) -> str:
    label = KIND_LABELS[payload.kind.value]
    return f"{label} (продление)" if payload.renewed_from else label


def _activate(
    session: Session, request: Request, payload: BenefitForm, actor: Actor, now: datetime
) -> str:
    """The approval outcome: the request's pending benefit becomes «действует» — once."""
    changed = session.exec(
        update(Benefit)
        .where(
            col(Benefit.request_id) == request.id,
            col(Benefit.status) == BenefitStatus.PENDING,
        )
        .values(status=BenefitStatus.ACTIVE, updated_at=now)
        .execution_options(synchronize_session=False)
    )
    if changed.rowcount != 1:  # rolls the approval back with it
        raise DomainError("Льгота по этому заявлению уже подтверждена или не найдена")
    row = benefit_of_request(session, request.id)
    if row is not None:  # the session may hold it from before the UPDATE
        session.refresh(row)
    return "Льгота подтверждена и действует"


def benefit_of_request(session: Session, request_id: int) -> Benefit | None:
    """The benefit a verification request is about."""
    return session.exec(select(Benefit).where(Benefit.request_id == request_id)).first()


TYPES = (
    RequestType(
        code=TYPE_CODE,
        title="Подтверждение права на льготу",
        cabinet="szn",
        payload=BenefitForm,
        deadline_days=1,
        deadline_hours=DEADLINE_HOURS,
        max_documents=storage.MAX_STAGED_FILES,
        on_approve=_activate,
        summary=_summary,
        page=routes.SZN_BENEFITS,
        level=AccountLevel.STANDARD,
        short="Льгота",
        status_phrases={"approved": "подтверждена", "rejected": "отклонена"},
        wording={
            "approve": ActionWording(
                "Подтвердить льготу", "Подтвердить льготу?", "Льгота подтверждена"
            ),
            "reject": ActionWording("Отклонить", "Отклонить льготу?", "Льгота отклонена"),
        },
    ),
)
