"""Yearly numbers of requests and certificates: ``ОБР-2026-000123``, ``СПР-2026-000007``.

One ``Counter`` row per prefix and year, bumped by an UPDATE in the caller's transaction: two
transactions never get the same number, and a rolled-back one gives its number back.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import update
from sqlmodel import Session, col, select

from gosapp.models.requests import Counter
from gosapp.services.common import workdays


def next_number(session: Session, prefix: str, now: datetime) -> str:
    """The next yearly number, e.g. ``ОБР-2026-000123`` (gap-free within the transaction)."""
    year = workdays.local_date(now).year
    bumped = session.exec(
        update(Counter)
        .where(col(Counter.prefix) == prefix, col(Counter.year) == year)
        .values(last=Counter.last + 1)
    )
    if bumped.rowcount == 0:
        session.add(Counter(prefix=prefix, year=year, last=1))
        session.flush()
    last = session.exec(
        select(Counter.last).where(Counter.prefix == prefix, Counter.year == year)
    ).one()
    return f"{prefix}-{year}-{last:06d}"
