"""Support tickets (SPEC §2.6): a request type with a message thread in both directions.

Questions are answered within 1 working day, complex cases within 5.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field, field_validator

from gosapp.services.request_types import RequestType

CATEGORIES = {
    "technical": "Техническая проблема",
    "information": "Запрос информации",
    "suggestion": "Предложение",
    "complaint": "Жалоба",
}
QUICK_CATEGORIES = ("information", "suggestion")  # answered within 1 working day


class SupportPayload(BaseModel):
    """The ticket's first message."""

    category: Literal["technical", "information", "suggestion", "complaint"]
    subject: str = Field(min_length=1, max_length=200)
    text: str = Field(min_length=1, max_length=4000)

    @field_validator("subject", "text", mode="before")
    @classmethod
    def _stripped(cls, value: object) -> object:
        return value.strip() if isinstance(value, str) else value


TYPES = (
    RequestType(
        code="support",
        title="Обращение в поддержку",
        cabinet="account",
        payload=SupportPayload,
        deadline_days=lambda p: 1 if p.category in QUICK_CATEGORIES else 5,
        max_documents=5,
        summary=lambda p: f"{CATEGORIES[p.category]}: {p.subject}",
    ),
)
