"""The check of a work-experience period (SPEC §3): a request of type ``experience_check``.
Staff approve it to «зафиксировано» or reject it with a reason through the engine (one
winner of concurrent decisions); the period's status is read back from the request.
"""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel, Field, field_validator, model_validator
from stdnum.ru import inn as ru_inn

from gosapp import routes
from gosapp.models.accounts import AccountLevel
from gosapp.services.documents import storage
from gosapp.services.frmr.education_review import russian_date, stripped
from gosapp.services.frmr.portfolio_review import preview_rows
from gosapp.services.requests.types import ActionWording, RequestType

TYPE_CODE = "experience_check"
CONTRACTS = {"main": "Основное место работы", "part_time": "Совместительство"}
STATUS_LABELS = {
    "pending": "на проверке",
    "approved": "зафиксировано",
    "rejected": "отклонено",
    "withdrawn": "отозвано",
}


class PeriodForm(BaseModel):
    """A period of work as the doctor fills it in (and as the check request carries it)."""

    organisation: str = Field(min_length=1, max_length=200, title="Организация")
    inn: str = Field(title="ИНН организации")
    position: str = Field(min_length=1, max_length=200, title="Должность")
    contract: str = Field(title="Вид занятости", json_schema_extra={"choices": {**CONTRACTS}})
    started_on: date = Field(title="Начало")
    ended_on: date | None = Field(default=None, title="Окончание (пусто — по настоящее время)")
    leaving_reason: str = Field(default="", max_length=200, title="Причина увольнения")
    medical: bool = Field(default=True, title="Медицинский стаж")

    _strip = field_validator("organisation", "position", "leaving_reason", mode="before")(stripped)
    _dates = field_validator("started_on", "ended_on", mode="before")(russian_date)

    @field_validator("inn", mode="before")
    @classmethod
    def _inn(cls, value: object) -> str:
        digits = "".join(str(value or "").split())
        if not digits.isdigit() or len(digits) not in (10, 12):
            raise ValueError("ИНН организации — 10 цифр (12 — для ИП)")
        if not ru_inn.is_valid(digits):
            raise ValueError("Неверная контрольная сумма ИНН")
        return digits

    @field_validator("contract")
    @classmethod
    def _known_contract(cls, value: str) -> str:
        if value not in CONTRACTS:
            raise ValueError("Выберите вид занятости")
        return value

    @model_validator(mode="after")
    def _ordered(self) -> PeriodForm:
        if self.ended_on and self.ended_on < self.started_on:
            raise ValueError("Окончание не может быть раньше начала")
        if not self.ended_on:
            self.leaving_reason = ""
        return self


def _summary(payload: PeriodForm) -> str:
    end = f"{payload.ended_on:%d.%m.%Y}" if payload.ended_on else "по н. в."
    return f"Стаж: {payload.organisation}, {payload.started_on:%d.%m.%Y}–{end}"


TYPES = (
    RequestType(
        code=TYPE_CODE,
        title="Фиксация периода трудового стажа",
        cabinet="frmr",
        payload=PeriodForm,
        deadline_days=5,
        min_documents=1,
        max_documents=storage.MAX_STAGED_FILES,
        summary=_summary,
        page=routes.EXPERIENCE,
        detail_rows=preview_rows,
        level=AccountLevel.CONFIRMED,
        short="Период стажа",
        resubmittable=True,  # «Исправить и отправить снова» (career_corrections)
        status_phrases={"approved": "зафиксирован", "rejected": "отклонён"},
        wording={
            "approve": ActionWording(
                "Зафиксировать", "Зафиксировать период стажа?", "Период зафиксирован"
            ),
            "reject": ActionWording("Отклонить", "Отклонить период?", "Период отклонён"),
        },
    ),
)
