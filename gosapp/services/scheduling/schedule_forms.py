"""The registrar's schedule forms, validated: a weekday's hours and an exception.

Forms arrive as the page's plain dicts (any client may send anything), and leave as typed,
checked values or an ``InvalidForm`` naming each bad field in Russian. A change is one of
``SetWeekday``, ``AddException`` or ``RemoveException``; ``schedules`` previews and applies it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from gosapp.models.scheduling import ExceptionKind
from gosapp.services.common.errors import Invalid
from gosapp.services.common.validation import parse_date
from gosapp.services.identity.accounts import InvalidForm

MIN_SLOT, MAX_SLOT = 5, 120
MAX_EXCEPTION_DAYS = 366
MAX_ROOM = 20
MAX_COMMENT = 200
EXCEPTION_LABELS = {
    ExceptionKind.VACATION: "Отпуск",
    ExceptionKind.SICK_LEAVE: "Больничный",
    ExceptionKind.EXTRA_DAY: "Дополнительный день",
}
_TIME = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")


@dataclass(frozen=True)
class DayHours:
    """A working weekday: hours, slot length, an optional break inside them, room."""

    starts: time
    ends: time
    slot_minutes: int
    break_starts: time | None = None
    break_ends: time | None = None
    room: str = ""
    works_on_holidays: bool = False


@dataclass(frozen=True)
class SetWeekday:
    """Replace a weekday's template (``hours=None``: the weekday becomes a day off)."""

    weekday: int
    hours: DayHours | None


@dataclass(frozen=True)
class AddException:
    """Close days (vacation, sick leave) or open an extra day with its own hours."""

    kind: ExceptionKind
    first_day: date
    last_day: date
    starts: time | None = None
    ends: time | None = None
    slot_minutes: int = 20
    comment: str = ""


@dataclass(frozen=True)
class RemoveException:
    """Delete an exception: its days follow the weekly template again."""

    exception_id: int


Change = SetWeekday | AddException | RemoveException


def _time(errors: dict[str, str], data: dict, name: str, required: bool = True) -> time | None:
    text = str(data.get(name) or "").strip()
    if not text:
        if required:
            errors[name] = "Укажите время в формате ЧЧ:ММ"
        return None
    if not _TIME.match(text):
        errors[name] = "Время в формате ЧЧ:ММ, например 09:00"
        return None
    return time.fromisoformat(text)


def _minutes(errors: dict[str, str], data: dict) -> int:
    text = str(data.get("slot_minutes") or "").strip()
    if not text.isascii() or not text.isdigit() or not MIN_SLOT <= int(text) <= MAX_SLOT:
        errors["slot_minutes"] = f"Длительность приёма — от {MIN_SLOT} до {MAX_SLOT} минут"
        return 0
    return int(text)


def _span(starts: time, ends: time) -> int:
    """Minutes from ``starts`` to ``ends`` on one day."""
    day = date(2000, 1, 1)
    return int((datetime.combine(day, ends) - datetime.combine(day, starts)).total_seconds() // 60)


def _check_hours(errors: dict[str, str], starts, ends, minutes: int) -> None:
    if starts and ends and starts >= ends:
        errors["ends"] = "Окончание приёма должно быть позже начала"
    elif starts and ends and minutes and _span(starts, ends) < minutes:
        errors["ends"] = "В эти часы не помещается ни одного приёма"


def _check_break(errors: dict[str, str], hours: tuple, pause: tuple) -> None:
    (starts, ends), (b_starts, b_ends) = hours, pause
    if bool(b_starts) != bool(b_ends) and "break_starts" not in errors:
        errors["break_ends" if b_starts else "break_starts"] = "Укажите начало и конец перерыва"
    elif b_starts and b_ends and starts and ends and not (starts < b_starts < b_ends < ends):
        errors["break_starts"] = "Перерыв должен быть внутри часов приёма"


def parse_day_hours(data: dict) -> DayHours:
    """A weekday's hours from the page's form, or InvalidForm with a message per field."""
    errors: dict[str, str] = {}
    starts, ends = _time(errors, data, "starts"), _time(errors, data, "ends")
    minutes = _minutes(errors, data)
    b_starts = _time(errors, data, "break_starts", required=False)
    b_ends = _time(errors, data, "break_ends", required=False)
    _check_hours(errors, starts, ends, minutes)
    _check_break(errors, (starts, ends), (b_starts, b_ends))
    room = str(data.get("room") or "").strip()
    if len(room) > MAX_ROOM:
        errors["room"] = f"Не длиннее {MAX_ROOM} символов"
    if errors or starts is None or ends is None:
        raise InvalidForm(errors)
    holidays = data.get("works_on_holidays") in (True, "on", "true", "1")
    return DayHours(starts, ends, minutes, b_starts, b_ends, room, holidays)


def parse_weekday(value: object) -> int:
    """A weekday number 0 (Monday) … 6 (Sunday) from the client."""
    text = str(value)
    if not text.isascii() or not text.isdigit() or int(text) > 6:
        raise Invalid("weekday", "Выберите день недели")
    return int(text)


def _day(errors: dict[str, str], data: dict, name: str) -> date | None:
    try:
        return parse_date(str(data.get(name) or ""), name)
    except Invalid as exc:
        errors[name] = exc.message
        return None


def _check_days(errors: dict[str, str], first: date | None, last: date | None, today: date):
    if first and first < today:
        errors["first_day"] = "Дата не может быть в прошлом"
    if first and last and last < first:
        errors["last_day"] = "Последний день не раньше первого"
    elif first and last and (last - first) > timedelta(days=MAX_EXCEPTION_DAYS):
        errors["last_day"] = "Не больше года за один раз"


def parse_exception(data: dict, today: date) -> AddException:
    """A new exception from the page's form, or InvalidForm with a message per field."""
    errors: dict[str, str] = {}
    kind = next((k for k in ExceptionKind if k.value == data.get("kind")), None)
    if kind is None:
        errors["kind"] = "Выберите вид исключения"
    first, last = _day(errors, data, "first_day"), _day(errors, data, "last_day")
    _check_days(errors, first, last, today)
    starts = ends = None
    minutes = 20
    if kind == ExceptionKind.EXTRA_DAY:
        starts, ends = _time(errors, data, "starts"), _time(errors, data, "ends")
        minutes = _minutes(errors, data)
        _check_hours(errors, starts, ends, minutes)
    comment = str(data.get("comment") or "").strip()
    if len(comment) > MAX_COMMENT:
        errors["comment"] = f"Не длиннее {MAX_COMMENT} символов"
    if errors or kind is None or first is None or last is None:
        raise InvalidForm(errors)
    return AddException(kind, first, last, starts, ends, minutes, comment)
