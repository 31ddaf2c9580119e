"""Whole months: their Russian names, a month in the address («2026-03»), and a range of
months picked on a page (from month – to month, both included)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from gosapp.services.common.errors import Invalid

MONTHS = "январь февраль март апрель май июнь июль август сентябрь октябрь ноябрь декабрь"
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")


def month_title(year: int, month: int) -> str:
    """«Январь 2027»."""
    return f"{MONTHS.split()[month - 1].capitalize()} {year}"


def month_names() -> list[str]:
    """«Январь» … «Декабрь»."""
    return [name.capitalize() for name in MONTHS.split()]


def first_of(day: date) -> date:
    """The first day of ``day``'s month."""
    return day.replace(day=1)


def shift(month: date, months: int) -> date:
    """The first day of the month ``months`` after (or before) ``month``'s."""
    index = month.year * 12 + month.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def months_between(start: date, end: date) -> int:
    """How many months from ``start``'s to ``end``'s, both included (1 for the same month)."""
    return (end.year - start.year) * 12 + end.month - start.month + 1


def month_key(month: date) -> str:
    """The month as the address carries it: «2026-03»."""
    return f"{month.year:04d}-{month.month:02d}"


def parse_month(raw: str, field: str) -> date:
    """«2026-03» → 1 March 2026; anything else is Invalid (years 1990–2100)."""
    found = _MONTH.match(raw.strip())
    if found is None or not 1 <= int(found[2]) <= 12 or not 1990 <= int(found[1]) <= 2100:
        raise Invalid(field, "Выберите месяц и год")
    return date(int(found[1]), int(found[2]), 1)


@dataclass(frozen=True)
class MonthRange:
    """From the first month to the last, both included (each is the 1st of its month)."""

    start: date
    end: date

    @property
    def title(self) -> str:
        """«Январь 2026 – Декабрь 2026», or one month's title."""
        first = month_title(self.start.year, self.start.month)
        if self.start == self.end:
            return first
        return f"{first} – {month_title(self.end.year, self.end.month)}"

    def query(self) -> dict[str, str]:
        """The range as the address carries it (``from``, ``to``)."""
        return {"from": month_key(self.start), "to": month_key(self.end)}


def parse_range(query: object, default: MonthRange, longest: int) -> MonthRange:
    """``from`` and ``to`` of the query («2026-01», «2026-12»); a missing one is the default's.
    A reversed range or one longer than ``longest`` months is Invalid."""
    get = getattr(query, "get", lambda *_: "")
    raw = {name: str(get(name, "") or "")[:20] for name in ("from", "to")}
    start = parse_month(raw["from"], "from") if raw["from"].strip() else default.start
    end = parse_month(raw["to"], "to") if raw["to"].strip() else default.end
    if end < start:
        raise Invalid("to", "Месяц «по» раньше месяца «с»")
    if months_between(start, end) > longest:
        raise Invalid("to", f"Выберите не больше {longest} месяцев")
    return MonthRange(start, end)
