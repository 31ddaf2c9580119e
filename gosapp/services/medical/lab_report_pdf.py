"""The PDF report of a filtered set of lab results: whose and which results (the filter in
words), the trend chart of each analyte in the set, then the table of every row.

Charts are drawn with fpdf2 primitives (no image library): the reference range shaded, the
values joined by a line, abnormal points marked red and larger. At most ``MAX_CHARTS`` analytes,
in catalogue order; the report says when some were left out.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from fpdf import FPDF

from gosapp.models.accounts import User
from gosapp.models.labs import LabFlag, LabResult
from gosapp.services.common.display import display_time
from gosapp.services.common.pdf import FONT, MUTED, document, report_heading, report_table
from gosapp.services.medical import analytes
from gosapp.services.medical.lab_exports_format import (
    cells,
    describe,
    number,
    patient_name,
    unit_text,
)
from gosapp.services.medical.lab_query import LabFilter

TITLE = "Результаты лабораторных исследований"
MAX_CHARTS = 12
CHART_COLUMNS = 3
CHART_H = 62.0  # mm, title and date labels included
CHART_GAP = 6.0
AXIS_W = 13.0  # room for the value labels left of the plot
RANGE_FILL = (222, 241, 224)
LINE = (31, 94, 168)
ABNORMAL = (196, 32, 38)
FRAME = (170, 170, 170)
COLUMNS = [
    ("Дата", 1.35),
    ("Показатель", 2.1),
    ("Панель", 1.7),
    ("Значение", 0.95),
    ("Единицы", 1.0),
    ("Референс", 1.1),
    ("Флаг", 1.0),
    ("Лаборатория", 1.7),
    ("Статус", 1.6),
    ("LOINC", 0.8),
]
ARROWS = {LabFlag.HIGH: "↑ ", LabFlag.LOW: "↓ ", LabFlag.NORMAL: ""}


@dataclass(frozen=True)
class Box:
    """Where a chart goes on the page (mm)."""

    x: float
    y: float
    w: float
    h: float


def report_pdf(
    patient: User, flt: LabFilter, rows: Sequence[LabResult], *, now: datetime
) -> tuple[bytes, int]:
    """The report's bytes and its row count (deterministic for a given ``now``)."""
    pdf = document(TITLE, landscape=True, created_at=now)
    pdf.add_page()
    report_heading(pdf, TITLE, _subtitle(patient, flt, len(rows), now))
    if not rows:
        pdf.set_font(FONT, size=10)
        pdf.cell(0, 8, "Нет результатов, соответствующих условиям отбора.")
        return bytes(pdf.output()), 0
    _charts(pdf, _series(rows))
    pdf.set_font(FONT, "B", 11)
    pdf.cell(0, 8, "Результаты", new_x="LMARGIN", new_y="NEXT")
    report_table(pdf, COLUMNS, [_table_cells(row) for row in rows])
    return bytes(pdf.output()), len(rows)


def _subtitle(patient: User, flt: LabFilter, count: int, now: datetime) -> str:
    return (
        f"Пациент: {patient_name(patient)}, дата рождения {patient.birth_date:%d.%m.%Y}.\n"
        f"Отбор: {describe(flt)}.\nРезультатов: {count}. Сформировано {display_time(now)}."
    )


def _table_cells(row: LabResult) -> list[str]:
    found = cells(row)
    found[6] = ARROWS.get(LabFlag(row.flag), "") + found[6]
    return found


def _series(rows: Sequence[LabResult]) -> dict[str, list[LabResult]]:
    """Each analyte's rows, oldest first, analytes in catalogue order."""
    by_code: dict[str, list[LabResult]] = {}
    for row in rows:
        by_code.setdefault(row.analyte_code, []).append(row)
    order = {item.code: n for n, item in enumerate(analytes.analytes())}
    codes = sorted(by_code, key=lambda code: (order.get(code, len(order)), code))
    return {code: sorted(by_code[code], key=lambda r: (_aware(r.taken_at), r.id)) for code in codes}


def _charts(pdf: FPDF, series: dict[str, list[LabResult]]) -> None:
    pdf.set_font(FONT, "B", 11)
    pdf.cell(0, 8, "Динамика показателей", new_x="LMARGIN", new_y="NEXT")
    if len(series) > MAX_CHARTS:
        pdf.set_font(FONT, size=8)
        pdf.set_text_color(*MUTED)
        note = f"Показаны графики {MAX_CHARTS} из {len(series)} показателей (в порядке каталога)."
        pdf.cell(0, 5, note, new_x="LMARGIN", new_y="NEXT")
        pdf.set_text_color(0)
    width = (pdf.epw - CHART_GAP * (CHART_COLUMNS - 1)) / CHART_COLUMNS
    for number_, points in enumerate(list(series.values())[:MAX_CHARTS]):
        column = number_ % CHART_COLUMNS
        if column == 0 and number_:
            pdf.set_y(pdf.get_y() + CHART_H + CHART_GAP)
        if pdf.get_y() + CHART_H > pdf.page_break_trigger:
            pdf.add_page()
        box = Box(pdf.l_margin + column * (width + CHART_GAP), pdf.get_y(), width, CHART_H)
        chart(pdf, points, box)
    pdf.set_y(pdf.get_y() + CHART_H + CHART_GAP)


def chart(pdf: FPDF, points: Sequence[LabResult], box: Box) -> None:
    """One analyte's trend in ``box``: title, shaded range, line, marked points, last value."""
    last = points[-1]
    pdf.set_font(FONT, "B", 8)
    pdf.set_xy(box.x, box.y)
    pdf.cell(box.w, 4, f"{last.analyte_name}, {unit_text(last)}")
    plot = Box(box.x + AXIS_W, box.y + 6, box.w - AXIS_W - 2, box.h - 17)
    low, high = _value_span(points)
    first_t, last_t = _aware(points[0].taken_at), _aware(last.taken_at)
    span = (last_t - first_t).total_seconds() or 1.0

    def x_of(row: LabResult) -> float:
        if first_t == last_t:
            return plot.x + plot.w / 2
        return plot.x + plot.w * (_aware(row.taken_at) - first_t).total_seconds() / span

    def y_of(value: float) -> float:
        return plot.y + plot.h * (1 - (value - low) / (high - low))

    _range_band(pdf, last, plot, y_of)
    pdf.set_draw_color(*FRAME)
    pdf.set_line_width(0.2)
    pdf.rect(plot.x, plot.y, plot.w, plot.h)
    _axis_labels(pdf, last, plot, low, high, (first_t, last_t))
    _line_and_points(pdf, [(x_of(r), y_of(r.value), r.flag != LabFlag.NORMAL) for r in points])
    _caption(pdf, points, box)


def _value_span(points: Sequence[LabResult]) -> tuple[float, float]:
    """The value axis: every value and the range, with a margin; never zero-height."""
    last = points[-1]
    values = [r.value for r in points] + [v for v in (last.ref_low, last.ref_high) if v is not None]
    low, high = min(values), max(values)
    pad = (high - low) * 0.1 or abs(high) * 0.1 or 1.0
    return (low - pad if low - pad >= 0 or low < 0 else 0.0), high + pad


def _range_band(pdf: FPDF, last: LabResult, plot: Box, y_of) -> None:
    if last.ref_low is None and last.ref_high is None:
        return
    top = y_of(last.ref_high) if last.ref_high is not None else plot.y
    bottom = y_of(last.ref_low) if last.ref_low is not None else plot.y + plot.h
    top, bottom = max(top, plot.y), min(bottom, plot.y + plot.h)
    pdf.set_fill_color(*RANGE_FILL)
    pdf.rect(plot.x, top, plot.w, bottom - top, style="F")


def _axis_labels(pdf, last: LabResult, plot: Box, low: float, high: float, times) -> None:
    pdf.set_font(FONT, size=6)
    pdf.set_text_color(*MUTED)
    for value, y in ((high, plot.y + 2), (low, plot.y + plot.h)):
        label = number(last, value)
        pdf.text(plot.x - 1 - pdf.get_string_width(label), y, label)
    first, final = (f"{_local_day(t)}" for t in times)
    pdf.text(plot.x, plot.y + plot.h + 3.5, first)
    if final != first:
        pdf.text(plot.x + plot.w - pdf.get_string_width(final), plot.y + plot.h + 3.5, final)
    pdf.set_text_color(0)


def _line_and_points(pdf: FPDF, xy: list[tuple[float, float, bool]]) -> None:
    pdf.set_draw_color(*LINE)
    pdf.set_line_width(0.4)
    if len(xy) > 1:
        pdf.polyline([(x, y) for x, y, _ in xy])
    for x, y, abnormal in xy:
        pdf.set_fill_color(*(ABNORMAL if abnormal else LINE))
        pdf.set_draw_color(*(ABNORMAL if abnormal else LINE))
        pdf.circle(x, y, 1.1 if abnormal else 0.7, style="DF")
    pdf.set_draw_color(0)
    pdf.set_line_width(0.2)


def _caption(pdf: FPDF, points: Sequence[LabResult], box: Box) -> None:
    last = points[-1]
    text = f"Последнее: {ARROWS[LabFlag(last.flag)]}{number(last, last.value)}"
    if len(points) > 1:
        change = number(last, abs(last.value - points[-2].value))
        rising = last.value > points[-2].value
        sign = "±" if change.strip("0,") == "" else ("+" if rising else "−")
        text += f" ({sign}{change} к предыдущему)"
    pdf.set_font(FONT, size=7)
    pdf.set_text_color(*(ABNORMAL if last.flag != LabFlag.NORMAL else (0, 0, 0)))
    pdf.text(box.x + AXIS_W, box.y + box.h - 2, f"{text}; точек: {len(points)}")
    pdf.set_text_color(0)


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _local_day(moment: datetime) -> str:
    return display_time(moment)[:10]
