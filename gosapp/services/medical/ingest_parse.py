"""Reading an ingestion request body: JSON in gosapp's format or a FHIR R4 Bundle, validated by
the ``ingest_schema`` models. Nothing here touches the database; ``ingest`` does the checks that
need it. Every problem of every item is collected, so a laboratory fixes a batch in one go.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field

from pydantic import ValidationError
from pydantic_core import ErrorDetails

from gosapp.services.medical import ingest_fhir
from gosapp.services.medical.ingest_schema import (
    MAX_RESULTS,
    ItemError,
    LabResultIn,
    LabResultsIn,
)

JSON_TYPES = ("application/json", "application/fhir+json")
MESSAGES = {
    "missing": "Обязательное поле",
    "extra_forbidden": "Неизвестное поле",
    "string_pattern_mismatch": "Неверный формат: латинские буквы, цифры и . _ : / -, до 64",
    "string_too_short": "Слишком короткое значение",
    "string_too_long": "Слишком длинное значение",
    "timezone_aware": "Время должно быть с часовым поясом, например 2026-03-12T08:30:00+03:00",
    "finite_number": "Значение должно быть конечным числом",
    "float_type": "Значение должно быть числом JSON",
    "string_type": "Ожидается строка",
    "model_type": "Ожидается объект JSON",
    "list_type": "Ожидается список",
    "date_type": "Ожидается дата YYYY-MM-DD",
    "date_parsing": "Ожидается дата YYYY-MM-DD",
    "date_from_datetime_parsing": "Ожидается дата YYYY-MM-DD",
    "date_from_datetime_inexact": "Ожидается дата YYYY-MM-DD",
    "datetime_type": "Ожидается дата и время ISO 8601 с часовым поясом",
    "datetime_parsing": "Ожидается дата и время ISO 8601 с часовым поясом",
    "datetime_from_date_parsing": "Ожидается дата и время ISO 8601 с часовым поясом",
    "enum": "Допустимые значения: final, preliminary",
    "too_short": "Нужен хотя бы один результат",
    "too_long": f"Не больше {MAX_RESULTS} результатов в одном запросе",
}


@dataclass
class Rejected(Exception):
    """A refused request: the HTTP status, a short code, a message and the item errors."""

    status: int
    error: str
    message: str
    errors: list[ItemError] = field(default_factory=list)

    def body(self) -> dict[str, object]:
        """The JSON answer (``ingest_schema.ErrorReport``)."""
        return {
            "error": self.error,
            "message": self.message,
            "errors": [e.model_dump() for e in self.errors],
        }


def invalid(errors: list[ItemError]) -> Rejected:
    """422 listing every bad item; nothing of the request is stored."""
    message = f"Запрос отклонён, ничего не сохранено. Ошибок: {len(errors)}"
    return Rejected(422, "invalid", message, errors)


@dataclass
class Parsed:
    """The well-formed results with their positions, the errors of the others, and how a
    field is named in the request's format (a Bundle: its FHIR path)."""

    results: list[tuple[int, LabResultIn]]
    errors: list[ItemError]
    field_path: Callable[[str], str] = str


def parse(body: bytes, content_type: str) -> Parsed:
    """The well-formed results with their positions (a Bundle: entry indexes) and the errors of
    the others, so that the checks against stored data still run on the rest; Rejected when
    the request as a whole is wrong."""
    media = content_type.split(";", 1)[0].strip().lower()
    if media not in JSON_TYPES:
        raise Rejected(415, "unsupported_media_type", "Ожидается application/json")
    data = _load(body)
    if ingest_fhir.is_bundle(data) or media == "application/fhir+json":
        return _from_fhir(data)
    try:
        batch = LabResultsIn.model_validate_json(body)
    except ValidationError as exc:
        errors = [_item_error(e, prefix=("results",)) for e in exc.errors()]
        if any(e.index is None for e in errors):
            raise invalid([e for e in errors if e.index is None]) from None
        bad = {e.index for e in errors}
        raw = data["results"]  # type: ignore[index]  # the envelope is valid here
        good = [
            (i, LabResultIn.model_validate_json(json.dumps(raw[i])))
            for i in range(len(raw))
            if i not in bad
        ]
        return Parsed(good, errors)
    return Parsed(list(enumerate(batch.results)), [])


def _load(body: bytes) -> object:
    def refuse_constant(name: str) -> object:
        raise ValueError(f"{name} is not JSON")

    try:
        return json.loads(body, parse_constant=refuse_constant)
    except (ValueError, RecursionError, UnicodeDecodeError):
        raise Rejected(400, "bad_json", "Тело запроса — не JSON в UTF-8") from None


def _from_fhir(data: object) -> Parsed:
    if not isinstance(data, dict):
        raise invalid([ItemError(index=None, field="", code="bundle", message="Ожидается Bundle")])
    items, where, errors = ingest_fhir.from_bundle(data)
    if len(items) > MAX_RESULTS:
        raise invalid([_batch_error("entry", "too_long")])
    parsed: list[tuple[int, LabResultIn]] = []
    for index, item in zip(where, items, strict=True):
        try:
            parsed.append((index, LabResultIn.model_validate_json(json.dumps(item))))
        except ValidationError as exc:
            for e in exc.errors():
                error = _item_error(e, prefix=())
                error.index, error.field = index, ingest_fhir.fhir_path(error.field)
                errors.append(error)
    if any(e.index is None for e in errors):
        raise invalid([e for e in errors if e.index is None])
    return Parsed(parsed, errors, ingest_fhir.fhir_path)


def _item_error(error: ErrorDetails, prefix: tuple[str, ...]) -> ItemError:
    """A pydantic error as an ItemError: ``results.3.unit`` → index 3, field ``unit``."""
    loc = list(error["loc"])
    if loc[: len(prefix)] != list(prefix):
        return _batch_error(".".join(map(str, loc)), error["type"], error["msg"])
    loc = loc[len(prefix) :]
    if prefix and (not loc or not isinstance(loc[0], int)):
        return _batch_error(".".join(map(str, [*prefix, *loc])), error["type"], error["msg"])
    index = int(loc.pop(0)) if prefix else None
    path = ".".join(str(part) for part in loc)
    return ItemError(index=index, field=path, code=error["type"], message=_message(error))


def _batch_error(path: str, code: str, fallback: str = "") -> ItemError:
    return ItemError(index=None, field=path, code=code, message=MESSAGES.get(code, fallback))


def _message(error: ErrorDetails) -> str:
    if error["type"] == "value_error":
        return str(error.get("ctx", {}).get("error", error["msg"]))
    return MESSAGES.get(error["type"]) or error["msg"]
