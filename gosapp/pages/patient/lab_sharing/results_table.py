"""The read-only table of shared results: what a doctor sees of a share and what a share
link shows. Flags are coloured *and* labelled (↑ выше нормы, ↓ ниже нормы)."""

from __future__ import annotations

import reflex as rx
from reflex.vars import ObjectVar

from gosapp.components.data_table import cell, data_table, row_header
from gosapp.services.medical.sharing import ResultLine

HEADERS = ("Показатель", "Дата", "Результат", "Норма", "Оценка")
FLAG_COLOURS = {"H": "red", "L": "blue", "N": "green"}

ResultVar = ObjectVar[ResultLine]


def flag_badge(line: ResultVar) -> rx.Component:
    """The flag as a coloured badge with its words (colour is never the only cue)."""
    return rx.badge(
        line.flag_label,
        color_scheme=rx.match(line.flag, ("H", "red"), ("L", "blue"), "green"),  # pyright: ignore[reportArgumentType]
        variant="soft",
        size="2",
    )


def result_row(line: ResultVar) -> rx.Component:
    """One shared result."""
    return rx.table.row(
        row_header(
            "Показатель",
            rx.flex(
                rx.text(line.name, weight="medium"),
                rx.text(line.panel, size="1", color="var(--gray-11)"),
                direction="column",
            ),
        ),
        cell("Дата", line.taken, white_space="nowrap"),
        cell(
            "Результат",
            rx.text(rx.text.strong(line.value), " ", line.units, white_space="nowrap"),
        ),
        cell("Норма", rx.cond(line.ref != "", rx.text(line.ref, " ", line.units), "—")),
        cell("Оценка", flag_badge(line)),
        id="shared-result-" + line.id.to(str),
    )


def results_table(rows: rx.Var, element_id: str) -> rx.Component:
    """The shared results, newest first."""
    return data_table(HEADERS, rows, result_row, element_id=element_id)
