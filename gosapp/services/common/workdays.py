"""Working-day arithmetic on the Russian production calendar (request deadlines, §5).

The calendar comes from the `holidays` package: `holidays.RU` lists public holidays and the
days off moved by government decree, and its `weekend_workdays` holds the Saturdays turned into
working days by the same decrees, so both directions of a transfer are honoured.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from functools import lru_cache

import holidays

from gosapp.settings import get_settings

_ONE_DAY = timedelta(days=1)


@lru_cache(maxsize=64)
def _calendar(year: int) -> holidays.HolidayBase:
    """One year's calendar, built once: building it is far slower than a lookup."""
    return holidays.RU(years=year)


def is_working_day(d: date) -> bool:
    """True on a working day: not a weekend (unless a transferred working one), not a holiday."""
    return _calendar(d.year).is_working_day(d)


def add_working_days(start: date, days: int) -> date:
    """The date of the `days`-th working day after `start` (the deadline of a request).

    Counting starts on the next working day after submission, so a request filed on a Friday
    with a one-day deadline is due on Monday; `days=0` gives `start` itself.
    """
    if days < 0:
        raise ValueError("days must not be negative")
    current = start
    for _ in range(days):
        current += _ONE_DAY
        while not is_working_day(current):
            current += _ONE_DAY
    return current


def working_days_between(a: date, b: date) -> int:
    """Working days in the half-open range (a, b]; negative when `b` is before `a`.

    It is the inverse of `add_working_days` (`working_days_between(a, add_working_days(a, n))
    == n`), which is what "days left until the deadline" and "days overdue" need.
    """
    if b < a:
        return -working_days_between(b, a)
    return sum(1 for offset in range(1, (b - a).days + 1) if is_working_day(a + offset * _ONE_DAY))


def local_date(dt: datetime) -> date:
    """The calendar date of a moment in the portal's time zone.

    Timestamps are stored in UTC; 22:30 UTC is already the next day in Moscow, and deadlines
    count from the user's date. A naive value is taken as UTC (what the database stores).
    """
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=UTC)
    return dt.astimezone(get_settings().tz).date()


def deadline_for(submitted_at: datetime, days: int) -> date:
    """The decision deadline of a request submitted at `submitted_at` (aware UTC)."""
    return add_working_days(local_date(submitted_at), days)


def format_deadline(d: date, word: str = "решение") -> str:
    """The deadline as the request history shows it: «решение до 24.11.2026» (``word`` names
    what is due: «ответ» for a support ticket)."""
    return f"{word} до {d:%d.%m.%Y}"
