"""Filtering, sorting and keyset paging of one patient's lab results (SPEC §2.2, §7).

Every query starts from ``LabResult.patient_id == scope.patient_id``; a doctor who sees results
through shares is further limited to the shared rows (``scope.share_ids``). Who may look is
decided before, in ``services.medical.access``; this module only never widens the scope.

Pages are keyset pages, never OFFSET: a page ends with a cursor (the sort key of its last row)
and the next one starts strictly after it. ``id`` closes every sort key, so ties (two results
taken at the same moment) are ordered and never skipped or repeated. All columns of a sort key
run in the same direction, so one index serves each sort forwards and backwards.

``search`` (a page of the table, 50 rows on every filter event) is the hot path: it selects only
the columns a page shows as light ``LabRow`` tuples (no ORM entities), and its statement is built
once per shape (sort, direction, which filters, cursor or not) with bound parameters, so a call
costs little more than the SQL itself. ``iter_all`` and ``series`` return full ``LabResult`` rows.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from enum import StrEnum
from functools import lru_cache
from typing import Any, NamedTuple, cast

from sqlalchemy import (
    ColumnElement,
    DateTime,
    Select,
    Table,
    and_,
    bindparam,
    literal_column,
    or_,
    type_coerce,
)
from sqlalchemy import select as sa_select
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

    @property
    def narrows(self) -> bool:
        """Whether it leaves any result out (sorting alone does not)."""
        kept = (self.panel, self.analyte, self.date_from, self.date_to, self.abnormal_only)
        return any(kept) or bool(self.text)

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
# «flag != 'N'» with the literal in the SQL, as the partial indexes of out-of-range results are
# defined (models.labs): a bound parameter would not let the database match their condition
_NORMAL = literal_column(f"'{LabFlag.NORMAL.value}'")


class LabRow(NamedTuple):
    """What a page of results shows of one result (the detail reads the full ``LabResult``):
    a plain tuple of these columns, no ORM entity (its fields are read 50 times an event)."""

    id: int
    patient_id: int
    analyte_code: str
    analyte_name: str
    panel_code: str
    taken_at: datetime  # naive UTC (see _ROW_COLUMNS)
    value: float
    units: str
    ref_low: float | None
    ref_high: float | None
    flag: str
    status: str
    laboratory: str


_TABLE = cast(Table, getattr(LabResult, "__table__"))  # noqa: B009  (SQLModel leaves it untyped)
# ``taken_at`` read (and a page's cursor bound) as the plain timestamp it is stored as: SQLModel's
# UTC type checks and converts every value in Python, a quarter of a page's time outside the
# database. The value is naive UTC; ``local_day`` and ``display_time`` take naive as UTC.
_PLAIN_TIME = DateTime()
_ROW_COLUMNS = tuple(
    type_coerce(_TABLE.c.taken_at, _PLAIN_TIME).label(name)
    if name == "taken_at"
    else _TABLE.c[name]
    for name in LabRow._fields
)
_ROW_TYPES = {column.key: column.type for column in _ROW_COLUMNS}  # what a cursor binds as


@dataclass(frozen=True)
class LabPage:
    """One page of rows and the cursor to the next one (None on the last page)."""

    rows: list[LabRow] = field(default_factory=list)
    next_cursor: Cursor | None = None


def _sort_columns(sort: SortKey) -> tuple[Any, ...]:
    if sort is SortKey.NAME:
        return (LabResult.analyte_name, LabResult.taken_at, LabResult.id)
    if sort is SortKey.VALUE:
        return (LabResult.value, LabResult.id)
    return (LabResult.taken_at, LabResult.id)


def cursor_of(row: LabResult | LabRow, sort: SortKey) -> Cursor:
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
        found.append(col(LabResult.flag) != _NORMAL)
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


class _Shape(NamedTuple):
    """What decides a page statement's SQL (the values are bound parameters)."""

    sort: SortKey
    descending: bool
    shared: bool
    panel: bool
    analyte: bool
    date_from: bool
    date_to: bool
    abnormal: bool
    text: bool
    after: bool


@lru_cache(maxsize=512)
def _page_statement(shape: _Shape) -> Select:
    """The page statement of one shape, built once: every value is a named bound parameter."""
    c = _TABLE.c
    found: list[ColumnElement[bool]] = [c.patient_id == bindparam("patient_id")]
    if shape.shared:
        items = cast(Table, getattr(LabShareItem, "__table__")).c  # noqa: B009
        shared = sa_select(items.result_id).where(
            items.share_id.in_(bindparam("share_ids", expanding=True))
        )
        found.append(c.id.in_(shared))
    for on, condition in (
        (shape.panel, lambda: c.panel_code == bindparam("panel")),
        (shape.analyte, lambda: c.analyte_code == bindparam("analyte")),
        (shape.date_from, lambda: c.taken_at >= bindparam("date_from", type_=c.taken_at.type)),
        (shape.date_to, lambda: c.taken_at < bindparam("date_to", type_=c.taken_at.type)),
        (shape.abnormal, lambda: c.flag != _NORMAL),
        (shape.text, lambda: c.search_text.contains(bindparam("text"))),
    ):
        if on:
            found.append(condition())
    columns = [c[k.key] for k in _sort_columns(shape.sort)]
    if shape.after:
        marks = tuple(
            bindparam(f"after_{n}", type_=_ROW_TYPES[k.key]) for n, k in enumerate(columns)
        )
        found.append(_after(columns, marks, shape.descending))
    order = [k.desc() if shape.descending else k.asc() for k in columns]
    page = sa_select(*_ROW_COLUMNS).where(*found).order_by(*order)
    return page.limit(bindparam("limit", type_=page.selected_columns.id.type))


def _page_params(
    scope: LabScope, flt: LabFilter, after: Cursor | None, limit: int
) -> tuple[_Shape, dict[str, Any]]:
    text = flt.text.strip().casefold()
    params: dict[str, Any] = {"patient_id": scope.patient_id, "limit": limit}
    if scope.share_ids is not None:
        params["share_ids"] = list(scope.share_ids)
    if flt.panel:
        params["panel"] = flt.panel
    if flt.analyte:
        params["analyte"] = flt.analyte
    if flt.date_from:
        params["date_from"] = local_midnight_utc(flt.date_from)
    if flt.date_to:
        params["date_to"] = local_midnight_utc(flt.date_to + timedelta(1))
    if text:
        params["text"] = text
    if after is not None:
        if len(after) != len(_sort_columns(flt.sort)):
            raise Invalid("page", "Страница устарела, обновите список")
        params.update((f"after_{n}", v) for n, v in enumerate(after))
    shape = _Shape(
        flt.sort, flt.descending, scope.share_ids is not None, bool(flt.panel),
        bool(flt.analyte), bool(flt.date_from), bool(flt.date_to), flt.abnormal_only,
        bool(text), after is not None,
    )  # fmt: skip
    return shape, params


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
    shape, params = _page_params(scope, flt, after, limit + 1)
    found = session.connection().execute(_page_statement(shape), params).all()
    rows = list(map(LabRow._make, found[:limit]))
    return LabPage(rows, cursor_of(rows[-1], flt.sort) if len(found) > limit else None)


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
