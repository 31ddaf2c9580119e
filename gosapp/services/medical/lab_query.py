"""Filtering, sorting and keyset paging of one patient's lab results (SPEC §2.2, §7).

Every query starts from ``LabResult.patient_id == scope.patient_id``; a doctor who sees results
through shares is further limited to the shared rows (``scope.share_ids``). Who may look is
decided before, in ``services.medical.access``; this module only never widens the scope.

Pages are keyset pages, never OFFSET: a page ends with a cursor (the sort key of its last row)
and the next one starts strictly after it. ``id`` closes every sort key, so ties (two results
taken at the same moment) are ordered and never skipped or repeated. All columns of a sort key
run in the same direction, so one index serves each sort forwards and backwards.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from enum import StrEnum
from typing import Any

from sqlalchemy import ColumnElement, and_, or_
from sqlmodel import Session, col, select

from gosapp.models.labs import LabFlag, LabResult, LabShareItem
from gosapp.services.common.display import local_midnight_utc
from gosapp.services.common.errors import Invalid

PAGE_SIZE = 50
MAX_PAGE_SIZE = 200  # never more rows than this pushed to a browser in one event
MAX_TEXT = 100


class SortKey(StrEnum):
    """What the table is sorted by (the tie-breakers follow the same direction)."""

    DATE = "date"
    NAME = "name"
    VALUE = "value"


@dataclass(frozen=True)
class LabFilter:
    """What a user asked to see (validated on construction)."""

    panel: str = ""
    analyte: str = ""
    date_from: date | None = None
    date_to: date | None = None
    abnormal_only: bool = False
    text: str = ""
    sort: SortKey = SortKey.DATE
    descending: bool = True  # newest first by default

    def __post_init__(self) -> None:
        if self.date_from and self.date_to and self.date_from > self.date_to:
            raise Invalid("date_from", "Дата «с» позже даты «по»")
        if len(self.text) > MAX_TEXT:
            raise Invalid("text", f"Не более {MAX_TEXT} символов")


@dataclass(frozen=True)
class LabScope:
    """Whose results, and (for a doctor seeing shares) which of them."""

    patient_id: int
    share_ids: tuple[int, ...] | None = None  # None: all of the patient's results


Cursor = tuple[Any, ...]  # the sort key of the last row of a page


@dataclass(frozen=True)
class LabPage:
    """One page of rows and the cursor to the next one (None on the last page)."""

    rows: list[LabResult] = field(default_factory=list)
    next_cursor: Cursor | None = None


def _sort_columns(sort: SortKey) -> tuple[Any, ...]:
    if sort is SortKey.NAME:
        return (LabResult.analyte_name, LabResult.taken_at, LabResult.id)
    if sort is SortKey.VALUE:
        return (LabResult.value, LabResult.id)
    return (LabResult.taken_at, LabResult.id)


def cursor_of(row: LabResult, sort: SortKey) -> Cursor:
    """The sort key of ``row``: where the next page starts."""
    return tuple(getattr(row, c.key) for c in _sort_columns(sort))


def _after(columns: Sequence[Any], cursor: Cursor, descending: bool) -> ColumnElement[bool]:
    """Rows strictly after ``cursor`` in the sort order, written so the leading column bounds
    an index range: ``a <= x AND (a < x OR (b <= y AND (b < y OR …)))`` (for descending)."""
    head, *rest = columns
    value, *rest_values = cursor
    if not rest:
        return head < value if descending else head > value
    bound = head <= value if descending else head >= value
    strictly = head < value if descending else head > value
    return and_(bound, or_(strictly, _after(rest, tuple(rest_values), descending)))


def _conditions(scope: LabScope, flt: LabFilter) -> list[ColumnElement[bool]]:
    found: list[ColumnElement[bool]] = [col(LabResult.patient_id) == scope.patient_id]
    if scope.share_ids is not None:
        shared = select(LabShareItem.result_id).where(
            col(LabShareItem.share_id).in_(scope.share_ids)
        )
        found.append(col(LabResult.id).in_(shared))
    if flt.panel:
        found.append(col(LabResult.panel_code) == flt.panel)
    if flt.analyte:
        found.append(col(LabResult.analyte_code) == flt.analyte)
    if flt.date_from:
        found.append(col(LabResult.taken_at) >= local_midnight_utc(flt.date_from))
    if flt.date_to:
        found.append(col(LabResult.taken_at) < local_midnight_utc(flt.date_to + timedelta(1)))
    if flt.abnormal_only:
        found.append(col(LabResult.flag) != LabFlag.NORMAL)
    if flt.text.strip():
        found.append(col(LabResult.search_text).contains(flt.text.strip().casefold()))
    return found


def _select(scope: LabScope, flt: LabFilter, after: Cursor | None):
    columns = _sort_columns(flt.sort)
    conditions = _conditions(scope, flt)
    if after is not None:
        if len(after) != len(columns):
            raise Invalid("page", "Страница устарела, обновите список")
        conditions.append(_after(columns, after, flt.descending))
    order = [c.desc() if flt.descending else c.asc() for c in columns]
    return select(LabResult).where(*conditions).order_by(*order)


def search(
    session: Session,
    scope: LabScope,
    flt: LabFilter,
    *,
    after: Cursor | None = None,
    limit: int = PAGE_SIZE,
) -> LabPage:
    """One page of the scope's results matching ``flt``, starting after ``after``."""
    limit = max(1, min(int(limit), MAX_PAGE_SIZE))
    rows = list(session.exec(_select(scope, flt, after).limit(limit + 1)).all())
    more = len(rows) > limit
    rows = rows[:limit]
    return LabPage(rows, cursor_of(rows[-1], flt.sort) if more else None)


def iter_all(
    session: Session, scope: LabScope, flt: LabFilter, *, batch: int = 1000
) -> Iterator[LabResult]:
    """Every matching row in order, fetched in keyset batches (for exports)."""
    after: Cursor | None = None
    while True:
        rows = list(session.exec(_select(scope, flt, after).limit(batch)).all())
        yield from rows
        if len(rows) < batch:
            return
        after = cursor_of(rows[-1], flt.sort)


def series(
    session: Session, scope: LabScope, analyte_code: str, *, limit: int = 200
) -> list[LabResult]:
    """The latest ``limit`` values of one analyte, oldest first (a trend chart's points)."""
    flt = LabFilter(analyte=analyte_code)
    rows = session.exec(_select(scope, flt, None).limit(limit)).all()
    return list(reversed(rows))
