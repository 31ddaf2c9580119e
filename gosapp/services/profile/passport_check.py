"""Passport verification (SPEC §1): a request with the passport scan; approval applies a pending
passport change and makes the account confirmed."""

from __future__ import annotations

import json
from datetime import datetime

from pydantic import BaseModel, Field
from sqlmodel import Session, col, select

from gosapp import routes
from gosapp.models.accounts import AccountLevel, PassportChange, PassportChangeStatus, User
from gosapp.models.requests import Request, RequestStatus
from gosapp.services.common.audit import Actor
from gosapp.services.common.errors import DomainError
from gosapp.services.requests.types import RequestType

TYPE_CODE = "passport_verification"


class PassportPayload(BaseModel):
    """Which pending change to apply (None: confirm the passport already in the profile)."""

    # An internal id: the staff page shows the change itself (``passport_rows``) instead.
    change_id: int | None = Field(default=None, json_schema_extra={"hidden": True})


def _approve(session: Session, request: Request, payload: PassportPayload, actor: Actor,
             now: datetime) -> str:  # fmt: skip
    user = session.get_one(User, request.applicant_id)
    if payload.change_id is not None:
        change = session.get(PassportChange, payload.change_id)
        if change is None or change.user_id != user.id:
            raise DomainError("Изменение паспортных данных не найдено")
        if change.status != PassportChangeStatus.PENDING:
            raise DomainError("Эти данные уже заменены более новыми — отклоните заявление")
        user.passport_series, user.passport_number = change.series, change.number
        user.passport_issued_on, user.passport_issuer = change.issued_on, change.issuer
        user.passport_division_code = change.division_code
        change.status = PassportChangeStatus.APPLIED
        session.add(change)
    if not (user.passport_series and user.passport_number):
        raise DomainError("В профиле нет паспортных данных для подтверждения")
    user.level = AccountLevel.CONFIRMED
    session.add(user)
    return "Паспортные данные подтверждены, учётная запись подтверждена"


def passport_rows(session: Session, request: Request) -> list[dict[str, str]]:
    """What a passport check is about, for staff: the new data submitted, and the data in the
    profile."""
    applicant = session.get_one(User, request.applicant_id)
    change_id = json.loads(request.payload).get("change_id")
    change = session.get(PassportChange, change_id) if isinstance(change_id, int) else None
    rows = []
    if change is not None and change.user_id == applicant.id:
        new = (change.series, change.number, change.issued_on, change.issuer, change.division_code)
        rows.append({"label": "Новые паспортные данные", "value": _passport_text(*new)})
    current = (
        applicant.passport_series,
        applicant.passport_number,
        applicant.passport_issued_on,
        applicant.passport_issuer,
        applicant.passport_division_code,
    )
    rows.append({"label": "Паспорт в профиле", "value": _passport_text(*current) or "не указан"})
    return rows


def _passport_text(series, number, issued_on, issuer, division) -> str:
    if not (series and number):
        return ""
    issued = f", выдан {issued_on:%d.%m.%Y}" if issued_on else ""
    return f"{series} {number}{issued}, {issuer}, код подразделения {division}"


TYPES = (
    RequestType(
        code=TYPE_CODE,
        title="Проверка паспортных данных",
        cabinet="account",
        payload=PassportPayload,
        deadline_days=5,
        min_documents=1,
        max_documents=3,
        on_approve=_approve,
        summary=lambda payload: "Подтверждение паспорта",
        short="Проверка паспорта",
        status_phrases={"approved": "паспорт подтверждён", "rejected": "паспорт не подтверждён"},
        page=routes.PROFILE,
        detail_rows=passport_rows,
        level=AccountLevel.STANDARD,  # SNILS and the passport entered before they are checked
    ),
)


def open_verification(session: Session, user_id: int) -> Request | None:
    """The user's passport verification still being decided, if any."""
    open_statuses = (RequestStatus.SUBMITTED, RequestStatus.IN_PROGRESS, RequestStatus.NEEDS_INFO)
    return session.exec(
        select(Request).where(
            Request.applicant_id == user_id,
            Request.type_code == TYPE_CODE,
            col(Request.status).in_(open_statuses),
        )
    ).first()
