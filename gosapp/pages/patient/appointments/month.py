"""The month calendar (step 4): a real ``role="grid"`` table whose days with free slots are
links marked with their count (``slot-day-YYYY-MM-DD``), other days plain text marked
unavailable; the previous and next month; arrow keys move between the bookable days
(``scripts.CALENDAR_KEYS``)."""

from __future__ import annotations

from typing import Any

import reflex as rx
from reflex.vars import ArrayVar, ObjectVar

from gosapp.components.tokens import TOUCH_TARGET
from gosapp.pages.patient.appointments.state import AppointmentsState

CellVar = ObjectVar[dict[str, str]]
WEEKDAY_HEADS = (
    ("Пн", "понедельник"),
    ("Вт", "вторник"),
    ("Ср", "среда"),
    ("Чт", "четверг"),
    ("Пт", "пятница"),
    ("Сб", "суббота"),
    ("Вс", "воскресенье"),
)
DAY: dict[str, Any] = {
    "display": "flex",
    "flex_direction": "column",
    "align_items": "center",
    "justify_content": "center",
    "min_height": "52px",
    "min_width": TOUCH_TARGET,
    "border_radius": "var(--radius-2)",
    "line_height": "1.1",
}


def free_day(cell: CellVar) -> rx.Component:
    """A bookable day: its number and count, a link to that day's times."""
    chosen = cell["kind"] == "chosen"
    return rx.link(
        rx.text(cell["day"], weight="bold", size="3", as_="span"),
        rx.text(cell["count"], size="1", aria_hidden="true", as_="span"),
        href=cell["href"],
        id=cell["id"],
        aria_label=cell["label"],
        aria_current=rx.cond(chosen, "date", "false"),
        tab_index=cell["tab"].to(int),
        underline="none",
        background=rx.cond(chosen, "var(--accent-9)", "var(--accent-3)"),
        color=rx.cond(chosen, "var(--accent-contrast)", "var(--accent-11)"),
        _hover={"background": rx.cond(chosen, "var(--accent-10)", "var(--accent-5)")},
        **DAY,
    )


def closed_day(cell: CellVar) -> rx.Component:
    """A day with nothing to book: not a button, its label read by screen readers."""
    return rx.box(
        rx.text(cell["day"], size="3", aria_hidden="true", as_="span"),
        rx.text(cell["label"], class_name="visually-hidden", as_="span"),
        color="var(--gray-9)",
        **DAY,
    )


def day_cell(cell: CellVar) -> rx.Component:
    """One cell of the grid (empty for the neighbouring months' days)."""
    return rx.el.td(
        rx.match(
            cell["kind"],
            ("blank", rx.fragment()),
            ("closed", closed_day(cell)),
            free_day(cell),
        ),
        role="gridcell",
        custom_attrs={
            "data-date": cell["date"],
            "aria-disabled": rx.cond(cell["kind"] == "closed", "true", "false"),
            "aria-selected": rx.cond(cell["kind"] == "chosen", "true", "false"),
        },
        padding="2px",
    )


def week_row(week: ArrayVar) -> rx.Component:
    """A week, Monday first."""
    return rx.el.tr(rx.foreach(week, day_cell), role="row")


def month_switch(key: str, icon: str, label: str) -> rx.Component:
    """The previous or next month, or a dimmed arrow outside the six bookable weeks."""
    href = AppointmentsState.month[key]
    return rx.cond(
        href != "",
        rx.button(
            rx.link(
                rx.icon(icon, aria_hidden="true"), href=href, aria_label=label, id=f"month-{key}"
            ),
            as_child=True,
            variant="soft",
            size="3",
            min_width=TOUCH_TARGET,
            min_height=TOUCH_TARGET,
        ),
        rx.box(rx.icon(icon, color="var(--gray-7)", aria_hidden="true"), min_width=TOUCH_TARGET),
    )


def month_header() -> rx.Component:
    """«Январь 2027» between the arrows."""
    return rx.flex(
        month_switch("prev", "chevron-left", "Предыдущий месяц"),
        rx.heading(AppointmentsState.month["title"], as_="h2", size="4", id="month-title"),
        month_switch("next", "chevron-right", "Следующий месяц"),
        justify="between",
        align="center",
    )


def month_grid() -> rx.Component:
    """The month as a grid of weeks."""
    return rx.el.table(
        rx.el.thead(
            rx.el.tr(
                *(
                    rx.el.th(
                        short, abbr=full, scope="col", role="columnheader", font_weight="normal"
                    )
                    for short, full in WEEKDAY_HEADS
                ),
                role="row",
            )
        ),
        rx.el.tbody(rx.foreach(AppointmentsState.weeks, week_row)),
        role="grid",
        id="slot-calendar",
        aria_labelledby="month-title",
        width="100%",
        table_layout="fixed",
        border_collapse="collapse",
        text_align="center",
    )


def calendar_card() -> rx.Component:
    """The month with its switch and a hint on how to read it."""
    return rx.card(
        rx.flex(
            month_header(),
            month_grid(),
            rx.text(
                "Цифра под датой — число свободных слотов. Стрелки клавиатуры переходят "
                "между днями.",
                size="1",
                color="var(--gray-11)",
            ),
            direction="column",
            gap="var(--space-3)",
        ),
        id="month-calendar",
        width="100%",
    )
