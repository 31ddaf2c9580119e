"""The picker's place in its URL: every choice is a query parameter, so a reload or a shared
link lands on the same step, and each step's links are plain addresses (the browser's «Назад»
goes one step back). Plain Python: no Reflex here.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import asdict, dataclass, replace
from datetime import date
from urllib.parse import urlencode

from gosapp import routes

# In the order they appear in the URL. ``q`` is part of a doctor's name (the list's filter).
KEYS = ("reschedule", "service", "specialty", "clinic", "district", "q", "doctor", "month", "day")
MAX_VALUE = 80
MAX_ID_DIGITS = 9
_MONTH = re.compile(r"^\d{4}-\d{2}$")


@dataclass(frozen=True)
class Choice:
    """What the URL says the patient chose so far (unchecked: the state validates it)."""

    reschedule: str = ""
    service: str = ""
    specialty: str = ""
    clinic: str = ""
    district: str = ""
    q: str = ""
    doctor: str = ""
    month: str = ""
    day: str = ""

    def url(self, **changes: str) -> str:
        """``/appointments?…`` with ``changes`` applied; empty values are left out."""
        values = asdict(replace(self, **changes))
        query = urlencode([(k, values[k]) for k in KEYS if values[k]])
        return f"{routes.APPOINTMENTS}?{query}" if query else routes.APPOINTMENTS


def from_query(params: Mapping[str, str]) -> Choice:
    """The choice in a page's query parameters (unknown keys dropped, values cut short)."""
    return Choice(**{k: str(params.get(k, ""))[:MAX_VALUE].strip() for k in KEYS})


def parse_id(value: str) -> int:
    """A row id from the URL, or 0: digits only and short (a 5,000-digit «id» would overflow
    the database's integer instead of simply matching nothing)."""
    return int(value) if value.isascii() and value.isdigit() and len(value) <= MAX_ID_DIGITS else 0


def parse_day(value: str) -> date | None:
    """``2027-01-12`` as a date; None for anything else."""
    try:
        return date.fromisoformat(value) if len(value) == 10 else None
    except ValueError:
        return None


def parse_month(value: str) -> date | None:
    """``2027-01`` as the first day of that month; None for anything else."""
    if not _MONTH.match(value):
        return None
    return parse_day(f"{value}-01")


def month_key(day: date) -> str:
    """``2027-01`` for any day of January 2027."""
    return f"{day.year:04d}-{day.month:02d}"


def shift_month(first: date, months: int) -> date:
    """The first day of the month ``months`` after (or before) ``first``'s."""
    index = first.year * 12 + first.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)
