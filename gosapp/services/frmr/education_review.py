"""The check of an НМО certificate (SPEC §3): a request of type ``nmo_check`` in the staff
queue. Its payload is the activity as the doctor entered it and its document the certificate;
registrars claim, approve or reject it (a reason is required) through the engine, whose
conditional UPDATE lets exactly one of two deciders win. The activity's status is read back
with ``portfolio_review.decisions`` (the same rule: the request is the one source).
"""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel, Field, ValidationInfo, field_validator, model_validator

from gosapp import routes
from gosapp.models.accounts import AccountLevel
from gosapp.services.common.errors import Invalid
from gosapp.services.common.validation import parse_date
from gosapp.services.documents import storage
from gosapp.services.frmr.portfolio_review import preview_rows
from gosapp.services.requests.types import ActionWording, RequestType

TYPE_CODE = "nmo_check"
KINDS = {
    "course": "Курс повышения квалификации",
    "module": "Интерактивный модуль",
    "webinar": "Вебинар",
    "conference": "Конференция, конгресс",
    "seminar": "Семинар, мастер-класс",
    "other": "Другое",
}
MAX_POINTS = 144  # one activity: an advanced-training course at most (1 point per hour)


def russian_date(value: object, info: ValidationInfo) -> object:
    """ДД.ММ.ГГГГ (or ISO) read by the portal's date parser; an empty optional date is None."""
    if isinstance(value, str):
        if not value.strip():
            return None
        try:
            return parse_date(value, info.field_name or "")
        except Invalid as exc:
            raise ValueError(exc.message) from None
    return value


def stripped(value: object) -> object:
    """Inner runs of spaces collapsed, ends trimmed."""
    return " ".join(value.split()) if isinstance(value, str) else value


class ActivityForm(BaseModel):
    """An НМО activity as the doctor fills it in (and as the check request carries it)."""

    name: str = Field(min_length=1, max_length=200, title="Название")
    provider: str = Field(min_length=1, max_length=200, title="Организатор")
    kind: str = Field(title="Вид", json_schema_extra={"choices": {**KINDS}})
    started_on: date = Field(title="Начало")
    finished_on: date = Field(title="Окончание")
    hours: int = Field(ge=1, le=1000, title="Часы")
    points: int = Field(ge=1, le=MAX_POINTS, title="Баллы (ЗЕТ)")

    _strip = field_validator("name", "provider", mode="before")(stripped)
    _dates = field_validator("started_on", "finished_on", mode="before")(russian_date)

    @field_validator("kind")
    @classmethod
    def _known_kind(cls, value: str) -> str:
        if value not in KINDS:
            raise ValueError("Выберите вид из списка")
        return value

    @field_validator("hours", "points", mode="before")
    @classmethod
    def _whole(cls, value: object) -> object:
        if isinstance(value, str):
            value = value.strip()
            if not value.isdigit():
                raise ValueError("Укажите целое число")
            return int(value)
        return value

    @model_validator(mode="after")
    def _ordered(self) -> ActivityForm:
        if self.finished_on < self.started_on:
            raise ValueError("Окончание не может быть раньше начала")
        return self


def _summary(payload: ActivityForm) -> str:
    return f"НМО: {payload.name}, {payload.points} ЗЕТ, {payload.finished_on:%d.%m.%Y}"


TYPES = (
    RequestType(
        code=TYPE_CODE,
        title="Проверка сертификата НМО",
        cabinet="frmr",
        payload=ActivityForm,
        deadline_days=5,
        min_documents=1,
        max_documents=storage.MAX_STAGED_FILES,
        summary=_summary,
        page=routes.EDUCATION,
        detail_rows=preview_rows,
        level=AccountLevel.CONFIRMED,
        short="Сертификат НМО",
        resubmittable=True,  # «Исправить и отправить снова» (career_corrections)
        status_phrases={"approved": "подтверждён", "rejected": "отклонён"},
        wording={
            "approve": ActionWording(
                "Подтвердить баллы", "Подтвердить баллы НМО?", "Баллы подтверждены"
            ),
            "reject": ActionWording("Отклонить", "Отклонить сертификат?", "Сертификат отклонён"),
        },
    ),
)
