"""Work-experience arithmetic of SPEC §3, pure: the total of a set of periods in years,
months and days with overlapping periods counted once (a part-time job during a main one
adds nothing), medical experience separately.

Periods are inclusive calendar days; an open period («по настоящее время») runs to today.
The periods are merged into disjoint blocks; each block is measured on the calendar (whole
months from its first day, then the remaining days), and the blocks' years, months and days
are added, 30 days making a month and 12 months a year (the usual rule of adding periods).
A month counted from a day the target month lacks (31.01 + 1 month, 29.02 + 12 months)
ends on the 1st of the month after, so 31.01–28.02 is one whole month and 29.02.2020–
28.02.2021 one whole year.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta


@dataclass(frozen=True)
class Span:
    """A period as the arithmetic sees it: first day, last day (None: to this day)."""

    start: date
    end: date | None = None


@dataclass(frozen=True)
class Duration:
    """Years, months and days."""

    years: int = 0
    months: int = 0
    days: int = 0

    def text(self) -> str:
        """«12 лет 3 мес. 5 дн.» («0 дн.» for nothing)."""
        parts = []
        if self.years:
            parts.append(f"{self.years} {_years_word(self.years)}")
        if self.months:
            parts.append(f"{self.months} мес.")
        if self.days or not parts:
            parts.append(f"{self.days} дн.")
        return " ".join(parts)


def _years_word(n: int) -> str:
    if n % 10 == 1 and n % 100 != 11:
        return "год"
    if 2 <= n % 10 <= 4 and not 12 <= n % 100 <= 14:
        return "года"
    return "лет"


def add_months(day: date, months: int) -> date:
    """``day`` moved by ``months``; a day the target month lacks becomes the 1st of the next."""
    total = day.month - 1 + months
    year, month = day.year + total // 12, total % 12 + 1
    try:
        return day.replace(year=year, month=month)
    except ValueError:
        return date(year + month // 12, month % 12 + 1, 1)


def merge(spans: list[Span], today: date) -> list[tuple[date, date]]:
    """Disjoint inclusive blocks covering the spans (adjacent ones joined); spans that start
    after ``today`` are left out and open or future ends stop at ``today``."""
    closed = sorted((s.start, min(s.end or today, today)) for s in spans if s.start <= today)
    blocks: list[tuple[date, date]] = []
    for start, end in closed:
        if end < start:
            continue
        if blocks and start <= blocks[-1][1] + timedelta(days=1):
            if end > blocks[-1][1]:
                blocks[-1] = (blocks[-1][0], end)
        else:
            blocks.append((start, end))
    return blocks


def measure(start: date, end: date) -> Duration:
    """The calendar length of ``start``…``end`` inclusive."""
    after = end + timedelta(days=1)
    months = (after.year - start.year) * 12 + after.month - start.month
    while months > 0 and add_months(start, months) > after:
        months -= 1
    days = (after - add_months(start, months)).days
    return Duration(months // 12, months % 12, days)


def total(spans: list[Span], today: date) -> Duration:
    """The experience the spans make, each day counted once."""
    years = months = days = 0
    for start, end in merge(spans, today):
        piece = measure(start, end)
        years, months, days = years + piece.years, months + piece.months, days + piece.days
    months += days // 30
    years += months // 12
    return Duration(years, months % 12, days % 30)


def day_count(spans: list[Span], today: date) -> int:
    """How many distinct days the spans cover (for tests and the timeline)."""
    return sum((end - start).days + 1 for start, end in merge(spans, today))
