"""The end of a qualification category's validity as the register applicant declares it
(«Категория действует до»): required with a category, not in the past, and at most five
years ahead (a category is granted for five years, SPEC §3). Older applications sent before
the field existed carry no date and stay valid (``RegisterPayload.category_valid_until``).
"""

from __future__ import annotations

from datetime import date

from gosapp.services.common.errors import Invalid
from gosapp.services.common.validation import parse_date
from gosapp.services.frmr.education_rules import anniversary

FIELD = "category_valid_until"
MAX_YEARS = 5
REQUIRED = "Укажите, до какой даты действует категория"
PAST = "Срок действия категории уже истёк — укажите действующую дату или выберите «Без категории»"
TOO_FAR = f"Категория присваивается не более чем на {MAX_YEARS} лет — проверьте дату"


def check(raw: str, category: str, today: date) -> tuple[date | None, str]:
    """``(the date, "")`` or ``(None, a Russian message)``; ``(None, "")`` without a
    category, whatever was typed (the field is hidden then)."""
    if not category or category == "none":
        return None, ""
    if not raw.strip():
        return None, REQUIRED
    try:
        until = parse_date(raw, FIELD)
    except Invalid as exc:
        return None, exc.message
    if until < today:
        return None, PAST
    if until > anniversary(today, MAX_YEARS):
        return None, TOO_FAR
    return until, ""


def shown(value: object) -> str:
    """A stored ISO date as ДД.ММ.ГГГГ for the form; anything else as it is ("" for None)."""
    text = str(value or "")
    try:
        return f"{date.fromisoformat(text):%d.%m.%Y}"
    except ValueError:
        return text
