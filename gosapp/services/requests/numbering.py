"""Yearly numbers of requests and certificates: ``ОБР-2026-000123``, ``СПР-2026-000007``.

One ``Counter`` row per prefix and year, created or bumped by one upsert in the caller's
transaction: two transactions never get the same number, and a rolled-back one gives its number
back.
"""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Session, col

from gosapp.db import insert_for
from gosapp.models.requests import Counter
from gosapp.services.common import workdays


def next_number(session: Session, prefix: str, now: datetime) -> str:
    """The next yearly number, e.g. ``ОБР-2026-000123`` (gap-free within the transaction)."""
    year = workdays.local_date(now).year
    # One statement that creates or bumps the year's row: two first requests of a year on
    # PostgreSQL do not both insert (one would fail on the unique key); the row lock it takes
    # queues the next numbering until this transaction ends, so numbers stay gap-free.
    statement = (
        insert_for(session, Counter)
        .values(prefix=prefix, year=year, last=1)
        .on_conflict_do_update(
            index_elements=["prefix", "year"], set_={"last": col(Counter.last) + 1}
        )
        .returning(col(Counter.last))
    )
    last = session.execute(statement).scalar_one()
    return f"{prefix}-{year}-{last:06d}"
