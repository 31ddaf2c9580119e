"""Request types: what each kind of submission carries and what its approval does.

A feature declares its types (certificates, support, passport change, …) and lists them in
``gosapp/services/requests/catalog.py``, the one place the engine looks them up.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING

from pydantic import BaseModel, ValidationError

from gosapp.models.accounts import Role
from gosapp.services.identity.accounts import InvalidForm

if TYPE_CHECKING:
    from sqlmodel import Session

    from gosapp.models.requests import Request
    from gosapp.services.common.audit import Actor

# (session, request, payload, actor, now) -> a line for the timeline, e.g. the certificate number
Outcome = Callable[["Session", "Request", BaseModel, "Actor", datetime], str]


@dataclass(frozen=True)
class RequestType:
    """One kind of request.

    ``deadline_days`` counts working days from submission (a callable may pick them from the
    payload, e.g. support questions vs complex cases). ``min_documents`` and ``max_documents``
    bound the attachments at submission. ``page`` is where the applicant follows the request
    (notifications link there with ``?open=<number>``).
    """

    code: str
    title: str
    cabinet: str  # patient, frmr, szn, account
    payload: type[BaseModel]
    deadline_days: int | Callable[[BaseModel], int]
    staff_roles: tuple[Role, ...] = (Role.REGISTRAR, Role.ADMIN)
    min_documents: int = 0
    max_documents: int = 10
    on_approve: Outcome | None = None
    summary: Callable[[BaseModel], str] = field(default=lambda payload: "")
    page: str = "/history"

    def parse(self, data: dict) -> BaseModel:
        """The typed payload, or InvalidForm with a Russian message per field."""
        try:
            return self.payload.model_validate(data)
        except ValidationError as exc:
            raise InvalidForm(form_errors(exc)) from exc

    def days_for(self, payload: BaseModel) -> int:
        """Working days allowed for the decision."""
        days = self.deadline_days
        return days(payload) if callable(days) else days


_MESSAGES = {
    "missing": "Заполните поле",
    "string_too_short": "Заполните поле",
    "string_too_long": "Слишком длинный текст",
    "enum": "Выберите значение из списка",
    "literal_error": "Выберите значение из списка",
    "date_parsing": "Укажите дату в формате ДД.ММ.ГГГГ",
    "date_from_datetime_parsing": "Укажите дату в формате ДД.ММ.ГГГГ",
    "date_type": "Укажите дату",
}


def form_errors(exc: ValidationError) -> dict[str, str]:
    """Pydantic errors as {field: Russian message}; a validator's own ValueError text is kept
    (payload validators raise Russian messages)."""
    errors: dict[str, str] = {}
    for error in exc.errors():
        name = str(error["loc"][0]) if error["loc"] else "form"
        if error["type"] == "value_error":
            message = str(error["ctx"]["error"])
        else:
            message = _MESSAGES.get(error["type"], "Проверьте значение")
        errors.setdefault(name, message)
    return errors
