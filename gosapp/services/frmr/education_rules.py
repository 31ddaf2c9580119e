"""The НМО rules of SPEC §3 as pure arithmetic (no database, no clock): 250 points per
5-year cycle that starts at the accreditation date, 50 a year recommended, the surplus of a
cycle not carried over to the next, progress for the calendar year and the cycle, points per
year for the chart, and the forecast at the current pace.

Only verified points count toward progress; points still on check are reported separately.
An activity belongs to the cycle (and the year) in which it was finished.

Anniversaries of 29 February fall on 1 March in common years (a cycle started on 29.02.2024
runs to 28.02.2029 and the next starts on 01.03.2029); every cycle is counted from the
accreditation date itself, so the dates never drift.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, timedelta

CYCLE_POINTS = 250
CYCLE_YEARS = 5
YEAR_POINTS = 50  # recommended, and the default personal goal
DAYS_PER_QUARTER = 365.25 / 4


def anniversary(start: date, years: int) -> date:
    """``start`` moved by whole ``years``; 29 February becomes 1 March in a common year."""
    try:
        return start.replace(year=start.year + years)
    except ValueError:
        return date(start.year + years, 3, 1)


@dataclass(frozen=True)
class Cycle:
    """One 5-year cycle: its number (0 = the first), first and last day (inclusive)."""

    number: int
    start: date
    end: date

    @property
    def days(self) -> int:
        """Its length in days."""
        return (self.end - self.start).days + 1


def cycle_at(accredited: date, day: date) -> Cycle:
    """The cycle that contains ``day`` (the first one for a day before accreditation)."""
    number = max(0, (day.year - accredited.year) // CYCLE_YEARS)
    while number > 0 and anniversary(accredited, CYCLE_YEARS * number) > day:
        number -= 1
    while anniversary(accredited, CYCLE_YEARS * (number + 1)) <= day:
        number += 1
    start = anniversary(accredited, CYCLE_YEARS * number)
    end = anniversary(accredited, CYCLE_YEARS * (number + 1)) - timedelta(days=1)
    return Cycle(number, start, end)


@dataclass(frozen=True)
class Entry:
    """One activity as the rules see it."""

    finished_on: date
    points: int
    verified: bool


@dataclass(frozen=True)
class Forecast:
    """Where the current pace leads by the end of the cycle."""

    projected: int  # verified points expected at the end of the cycle (capped at 250)
    missing: int  # 0 when the pace is enough
    per_quarter: int  # points to plan per remaining quarter (0 when nothing is missing)
    quarters_left: int

    def text(self) -> str:
        """The sentence the page shows."""
        head = f"При текущем темпе к концу цикла: {self.projected} из {CYCLE_POINTS}"
        if not self.missing:
            return f"{head} — норма цикла будет выполнена."
        return (
            f"{head} — не хватает {self.missing}, запланируйте ≈ {self.per_quarter} "
            f"{points_word(self.per_quarter)} в квартал."
        )


@dataclass(frozen=True)
class Progress:
    """Everything the НМО page reports for one day."""

    cycle: Cycle
    cycle_points: int  # verified, counted toward the cycle (at most 250)
    cycle_surplus: int  # verified points above 250 in this cycle: they do not carry over
    cycle_pending: int
    year: int
    year_points: int  # verified, this calendar year
    year_pending: int
    year_goal: int
    forecast: Forecast


def points_word(n: int) -> str:
    """«балл», «балла», «баллов» for ``n``."""
    if n % 10 == 1 and n % 100 != 11:
        return "балл"
    if 2 <= n % 10 <= 4 and not 12 <= n % 100 <= 14:
        return "балла"
    return "баллов"


def _sum(entries: list[Entry], first: date, last: date, verified: bool) -> int:
    return sum(
        e.points for e in entries if e.verified == verified and first <= e.finished_on <= last
    )


def forecast(cycle: Cycle, points: int, today: date) -> Forecast:
    """The verified ``points`` of ``cycle`` so far, extrapolated linearly to its end; what
    is missing then is spread over the quarters left, on top of the current pace."""
    points = min(points, CYCLE_POINTS)
    elapsed = min(max((today - cycle.start).days + 1, 1), cycle.days)
    remaining = cycle.days - elapsed
    projected = min(CYCLE_POINTS, round(points + points / elapsed * remaining))
    missing = CYCLE_POINTS - projected
    quarters = max(1, math.ceil(remaining / DAYS_PER_QUARTER)) if remaining else 0
    if not missing:
        return Forecast(projected, 0, 0, quarters)
    per_quarter = math.ceil(missing / quarters) if quarters else 0
    return Forecast(projected, missing, per_quarter, quarters)


def progress(entries: list[Entry], accredited: date, today: date, goal: int | None) -> Progress:
    """Progress on ``today`` for the cycle that contains it and the calendar year."""
    cycle = cycle_at(accredited, today)
    raw = _sum(entries, cycle.start, cycle.end, True)
    counted = min(raw, CYCLE_POINTS)
    year_first, year_last = date(today.year, 1, 1), date(today.year, 12, 31)
    return Progress(
        cycle=cycle,
        cycle_points=counted,
        cycle_surplus=raw - counted,
        cycle_pending=_sum(entries, cycle.start, cycle.end, False),
        year=today.year,
        year_points=_sum(entries, year_first, year_last, True),
        year_pending=_sum(entries, year_first, year_last, False),
        year_goal=goal or YEAR_POINTS,
        forecast=forecast(cycle, counted, today),
    )


def per_year(entries: list[Entry], today: date, since: int | None = None) -> list[dict]:
    """Points per calendar year (verified and on check), oldest first, up to ``today``'s year:
    the chart's rows. Years without points are kept, so gaps show."""
    years = [e.finished_on.year for e in entries] + ([since] if since else [])
    first = min(years, default=today.year)
    rows = []
    for year in range(min(first, today.year), today.year + 1):
        first_day, last_day = date(year, 1, 1), date(year, 12, 31)
        rows.append(
            {
                "year": str(year),
                "points": _sum(entries, first_day, last_day, True),
                "pending": _sum(entries, first_day, last_day, False),
            }
        )
    return rows
