"""How lab results read on the /labs page and the dashboard: rows of text cells, a
trend's chart points, the change since the previous value and the recent results' counts.

Values keep the analyte's precision with a decimal comma («5,4»), units are the Russian ones of
the catalogue («ммоль/л», never UCUM's ``mmol/L``), dates are ДД.ММ.ГГГГ in the portal's time
zone, and a flag is always a word as well as an arrow («↑ выше нормы»): colour is never alone.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import lru_cache
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import case, func
from sqlmodel import Session, col, select

from gosapp.models.labs import LabFlag, LabResult, LabShareItem, LabStatus
from gosapp.services.common.errors import NotFound
from gosapp.services.medical.analytes import Analyte, analyte, panel_name
from gosapp.services.medical.lab_query import LabRow, LabScope, series
from gosapp.services.scheduling.catalog import plural
from gosapp.settings import get_settings

FLAG_LABELS = {LabFlag.HIGH: "выше нормы", LabFlag.LOW: "ниже нормы", LabFlag.NORMAL: ""}
FLAG_ARROWS = {LabFlag.HIGH: "↑", LabFlag.LOW: "↓", LabFlag.NORMAL: ""}
STATUS_LABELS = {LabStatus.FINAL: "окончательный", LabStatus.PRELIMINARY: "предварительный"}
# a flag as the page shows it: the arrow and the words (colour is never alone)
FLAG_TEXTS = {f: f"{FLAG_ARROWS[f]} {FLAG_LABELS[f]}" for f in (LabFlag.HIGH, LabFlag.LOW)}
# the cells of a results table row (``row_cells``), in order
ROW_CELLS = (
    "id", "code", "name", "panel", "value", "unit", "range", "flag", "date", "lab", "status",
)  # fmt: skip
_NORMAL = LabFlag.NORMAL.value
RECENT_DAYS = 30
MAX_POINTS = 200


def number(value: float | None, decimals: int) -> str:
    """``value`` with ``decimals`` places and a decimal comma; "" for none."""
    return "" if value is None else f"{value:.{decimals}f}".replace(".", ",")


def local_day(moment: datetime) -> str:
    """ДД.ММ.ГГГГ in the portal's time zone (a naive time is taken as UTC)."""
    return _day_text(moment, get_settings().timezone)


@lru_cache(maxsize=4096)  # a page's rows share moments: a panel's analytes are taken together
def _day_text(moment: datetime, zone: str) -> str:
    day = (moment if moment.tzinfo else moment.replace(tzinfo=UTC)).astimezone(ZoneInfo(zone))
    return f"{day.day:02d}.{day.month:02d}.{day.year:04d}"


@lru_cache(maxsize=1024)
def range_text(low: float | None, high: float | None, decimals: int) -> str:
    """«3,9–6,1», «до 5,2», «от 1,00», or «—» without a range."""
    if low is not None and high is not None:
        return f"{number(low, decimals)}–{number(high, decimals)}"
    if high is not None:
        return f"до {number(high, decimals)}"
    if low is not None:
        return f"от {number(low, decimals)}"
    return "—"


def _precision(row: LabResult | LabRow) -> tuple[int, str]:
    return _precision_of(row.analyte_code, row.units)


@lru_cache(maxsize=512)
def _precision_of(code: str, units: str) -> tuple[int, str]:
    item = _item_of(code)
    return (item.decimals, item.unit) if item else (2, units)


def _item_of(code: str) -> Analyte | None:
    try:
        return analyte(code)
    except NotFound:
        return None


def row_cells(row: LabResult | LabRow) -> list[str]:
    """One table row: its cells as text, in ``ROW_CELLS`` order. A list, not a dict: fifty rows
    go to the browser on every filter event, and the names repeated in each row made 40 % of the
    reply. The flag («H», «L» or "" for a normal value) and the status («final»,
    «preliminary») are codes the page shows as words (``FLAG_TEXTS``, ``STATUS_LABELS``). The
    catalogue look-ups are cached."""
    decimals, unit = _precision_of(row.analyte_code, row.units)
    flag = str(row.flag)
    return [
        str(row.id),
        row.analyte_code,
        row.analyte_name,
        panel_name(row.panel_code),
        number(row.value, decimals),
        unit,
        range_text(row.ref_low, row.ref_high, decimals),
        "" if flag == _NORMAL else flag,
        local_day(row.taken_at),
        row.laboratory or "—",
        str(row.status),
    ]


def row_display(row: LabResult | LabRow) -> dict[str, str]:
    """``row_cells`` by name."""
    return dict(zip(ROW_CELLS, row_cells(row), strict=True))


def detail_display(row: LabResult, previous: LabResult | None) -> dict[str, str]:
    """The detail of one result: the row's cells plus method, equipment, comment, the change."""
    shown = row_display(row)
    shown.update(
        status=STATUS_LABELS.get(shown["status"], shown["status"]),  # type: ignore[call-overload]
        method=row.method or "—",
        equipment=row.equipment or "—",
        comment=row.comment or "",
        change=change_since(row, previous),
    )
    return shown


def change_since(row: LabResult, previous: LabResult | None) -> str:
    """«+0,4 ммоль/л с 12.03.2026» (the difference from the previous value), or ""."""
    if previous is None:
        return ""
    decimals, unit = _precision(row)
    delta = round(row.value - previous.value, decimals)
    sign = "+" if delta > 0 else ("−" if delta < 0 else "±")
    text = f"{sign}{number(abs(delta), decimals)}"
    return f"{text} {unit} с {local_day(previous.taken_at)}".replace("  ", " ")


def previous_of(points: Sequence[LabResult], row: LabResult) -> LabResult | None:
    """The value taken just before ``row`` among a series (oldest first)."""
    before = [p for p in points if (p.taken_at, p.id) < (row.taken_at, row.id)]
    return before[-1] if before else None


@dataclass(frozen=True)
class Trend:
    """One analyte's chart: its points (≤ MAX_POINTS), its range and its name and unit."""

    code: str
    name: str
    unit: str
    decimals: int
    low: float | None
    high: float | None
    points: list[dict[str, Any]]

    def shaded(self) -> tuple[float, float]:
        """The band to shade: an open side ends at zero or a little above the highest value."""
        values = [p["value"] for p in self.points]
        low = self.low if self.low is not None else min(0.0, *values)
        high = self.high if self.high is not None else max(low, *values) * 1.15
        return low, high

    def display(self) -> dict[str, Any]:
        """The chart as plain data for a page var."""
        low, high = self.shaded()
        return {
            "code": self.code,
            "name": self.name,
            "unit": self.unit,
            "low": low,
            "high": high,
            "range": range_text(self.low, self.high, self.decimals),
            "points": self.points,
        }


def trend(rows: Sequence[LabResult]) -> Trend | None:
    """The chart of a series (oldest first): each point's date, value and, when it lies out of
    its range, the value again as ``abnormal`` (drawn as a red dot on top of the line)."""
    if not rows:
        return None
    last = rows[-1]
    decimals, unit = _precision(last)
    points = [
        {
            "date": local_day(r.taken_at),
            "value": round(r.value, decimals),
            "abnormal": round(r.value, decimals) if r.flag != LabFlag.NORMAL else None,
        }
        for r in rows[-MAX_POINTS:]
    ]
    return Trend(
        last.analyte_code, last.analyte_name, unit, decimals, last.ref_low, last.ref_high, points
    )


def _in_scope(scope: LabScope) -> list[Any]:
    found: list[Any] = [col(LabResult.patient_id) == scope.patient_id]
    if scope.share_ids is not None:
        shared = select(LabShareItem.result_id).where(
            col(LabShareItem.share_id).in_(scope.share_ids)
        )
        found.append(col(LabResult.id).in_(shared))
    return found


def one_result(session: Session, scope: LabScope, result_id: object) -> LabResult:
    """The result ``result_id`` if it is inside ``scope``; NotFound for anything else."""
    text = str(result_id)
    if not (text.isascii() and text.isdigit() and len(text) <= 12):
        raise NotFound("Результат не найден")
    row = session.exec(
        select(LabResult).where(*_in_scope(scope), col(LabResult.id) == int(text))
    ).first()
    if row is None:
        raise NotFound("Результат не найден")
    return row


def analyte_trend(session: Session, scope: LabScope, code: str) -> tuple[list[LabResult], Trend]:
    """One analyte's latest values in ``scope`` (oldest first) and their chart."""
    rows = series(session, scope, code, limit=MAX_POINTS)
    chart = trend(rows)
    if chart is None:
        raise NotFound("Результат не найден")
    return rows, chart


def recent_counts(
    session: Session, patient_id: int, now: datetime, days: int = RECENT_DAYS
) -> tuple[int, int]:
    """How many of the patient's results were taken in the last ``days`` days, and how many
    of them are out of range (the dashboard's «Новые результаты»)."""
    since = now - timedelta(days=days)
    abnormal = func.sum(case((col(LabResult.flag) != LabFlag.NORMAL, 1), else_=0))
    found = session.exec(
        select(func.count(), abnormal).where(
            col(LabResult.patient_id) == patient_id, col(LabResult.taken_at) >= since
        )
    ).one()
    return int(found[0] or 0), int(found[1] or 0)


def recent_summary(session: Session, patient_id: int, now: datetime) -> dict[str, str]:
    """The dashboard's «Новые результаты»: what came in the last 30 days, in words."""
    total, abnormal = recent_counts(session, patient_id, now)
    if not total:
        return {"total": "0", "text": "", "abnormal": ""}
    text = (
        f"За {RECENT_DAYS} дней: {total} {plural(total, 'результат', 'результата', 'результатов')}"
    )
    out = f"{abnormal} вне нормы" if abnormal else ""
    return {"total": str(total), "text": text, "abnormal": out}
