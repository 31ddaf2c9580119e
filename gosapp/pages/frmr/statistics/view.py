"""«Статистика приёмов» on the medical-worker overview (doctors only): the period switch, the
figures as text, four charts (Reflex's recharts) and the same numbers as tables for screen
readers and anyone who prefers them, and the CSV download.

Tablet first (768×1024): the switch and the download are 44 px tall, the charts sit two in a
row from 1024 px and one under another below.
"""

from __future__ import annotations

import reflex as rx

from gosapp.components.data_table import cell, data_table, row_header
from gosapp.components.tokens import TOUCH_TARGET
from gosapp.pages.frmr.statistics.state import DoctorStatsState
from gosapp.services.scheduling.doctor_stats import PERIODS

S = DoctorStatsState
F = S.figures
HELD, MISSED = "#16a34a", "#ea580c"
LENGTH_NOTE = (
    "В графиках — приёмы, отмеченные «состоялся» или «неявка». "
    "Длительность — по расписанию (длина слота записи): фактическое время начала и окончания "
    "приёма не записывается."
)


def period_switch() -> rx.Component:
    """«Месяц» / «Квартал» / «Год», the chosen one filled."""
    return rx.flex(
        *(
            rx.button(
                label,
                on_click=S.choose(code),
                id=f"stats-period-{code}",
                size="3",
                min_height=TOUCH_TARGET,
                variant=rx.cond(S.period == code, "solid", "soft"),
                aria_pressed=rx.cond(S.period == code, "true", "false"),
            )
            for code, label in PERIODS.items()
        ),
        gap="var(--space-2)",
        role="group",
        aria_label="Период статистики",
    )


def _figure(element_id: str, title: str, value, note=None) -> rx.Component:
    return rx.box(
        rx.text(title, size="2", color="var(--gray-11)"),
        rx.text(value, size="6", weight="bold", id=f"{element_id}-value"),
        rx.cond(note is not None, rx.text(note, size="1", color="var(--gray-11)")),
        id=element_id,
        flex="1",
        min_width="150px",
    )


def figures() -> rx.Component:
    """The period's totals as text."""
    return rx.flex(
        _figure(
            "stats-completed",
            "Приёмы состоялись",
            F["completed"],
            "отменено записей: " + F["cancelled"],
        ),
        _figure("stats-rate", "Неявки", F["no_show"] + " (" + F["rate"] + ")", "доля неявок"),
        _figure("stats-average", "Средняя длительность", F["average"], "по расписанию"),
        _figure("stats-busiest", "Самый загруженный час", F["busiest"], "местное время"),
        gap="var(--space-3)",
        wrap="wrap",
        width="100%",
    )


def _chart_card(element_id: str, title: str, summary, chart: rx.Component) -> rx.Component:
    """A chart with its heading; ``summary`` is what a screen reader hears instead."""
    return rx.card(
        rx.heading(title, as_="h3", size="3"),
        rx.box(chart, role="img", aria_label=summary, width="100%"),
        id=element_id,
        width="100%",
        min_width="0",
    )


def _bars(data, x_key: str, *bars: rx.Component, height: int = 220) -> rx.Component:
    return rx.recharts.bar_chart(
        rx.recharts.cartesian_grid(stroke_dasharray="3 3"),
        rx.recharts.x_axis(data_key=x_key),
        rx.recharts.y_axis(allow_decimals=False, width=32),
        rx.recharts.tooltip(),
        *bars,
        data=data,
        width="100%",
        height=height,
    )


def _bar(key: str, name: str, fill: str, stack: str | None = None) -> rx.Component:
    return rx.recharts.bar(
        data_key=key, name=name, fill=fill, stack_id=stack, is_animation_active=False
    )


def weeks_chart() -> rx.Component:
    """Visits per week: held and no-shows stacked."""
    return _chart_card(
        "stats-weeks-chart",
        "Приёмы по неделям",
        "Приёмы по неделям за "
        + F["period"]
        + ": состоялись "
        + F["completed"]
        + ", неявки "
        + F["no_show"]
        + ". Числа по неделям — в таблице ниже.",
        _bars(
            S.weeks,
            "week",
            rx.recharts.legend(),
            _bar("completed", "Состоялись", HELD, "a"),
            _bar("no_show", "Неявки", MISSED, "a"),
        ),
    )


def rate_chart() -> rx.Component:
    """The no-show rate per week, in percent (a gap where a week had no visits)."""
    return _chart_card(
        "stats-rate-chart",
        "Доля неявок по неделям, %",
        "Доля неявок за " + F["period"] + ": " + F["rate"] + ". По неделям — в таблице ниже.",
        rx.recharts.line_chart(
            rx.recharts.cartesian_grid(stroke_dasharray="3 3"),
            rx.recharts.x_axis(data_key="week"),
            rx.recharts.y_axis(domain=[0, 100], width=32),
            rx.recharts.tooltip(),
            rx.recharts.line(
                data_key="rate",
                name="Доля неявок, %",
                stroke=MISSED,
                stroke_width=2,
                is_animation_active=False,
            ),
            data=S.weeks,
            width="100%",
            height=220,
        ),
    )


def hours_chart() -> rx.Component:
    """Visits by the hour they started (the clinic's local time)."""
    return _chart_card(
        "stats-hours-chart",
        "Загруженность по часам (местное время)",
        "Больше всего приёмов в "
        + F["busiest"]
        + ": "
        + F["busiest_visits"]
        + ". По часам — в таблице ниже.",
        _bars(S.hours, "hour", _bar("visits", "Приёмов", "#2563eb")),
    )


def weekdays_chart() -> rx.Component:
    """Visits by weekday."""
    return _chart_card(
        "stats-weekdays-chart",
        "Загруженность по дням недели",
        "Приёмы по дням недели — в таблице ниже.",
        _bars(S.weekdays, "day", _bar("visits", "Приёмов", "#7c3aed")),
    )


def tables() -> rx.Component:
    """The charts' numbers as tables, folded (screen readers and keyboards open them)."""
    return rx.el.details(
        rx.el.summary(
            "Показать числа таблицей", min_height=TOUCH_TARGET, cursor="pointer", padding_y="10px"
        ),
        data_table(
            ["Неделя", "Состоялись", "Неявки", "Доля неявок"],
            S.weeks,
            lambda w: rx.table.row(
                row_header("Неделя", w["label"]),
                cell("Состоялись", w["completed"]),
                cell("Неявки", w["no_show"]),
                cell("Доля неявок", w["rate_label"]),
            ),
            element_id="stats-weeks-table",
        ),
        data_table(
            ["Часы", "Приёмов"],
            S.hours,
            lambda h: rx.table.row(row_header("Часы", h["label"]), cell("Приёмов", h["visits"])),
            element_id="stats-hours-table",
            margin_top="var(--space-3)",
        ),
        data_table(
            ["День недели", "Приёмов"],
            S.weekdays,
            lambda d: rx.table.row(
                row_header("День недели", d["day"]), cell("Приёмов", d["visits"])
            ),
            element_id="stats-weekdays-table",
            margin_top="var(--space-3)",
        ),
        id="stats-tables",
    )
