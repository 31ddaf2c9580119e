"""A resource's week: the template as a table, and the form that edits one weekday."""

from __future__ import annotations

import reflex as rx

from gosapp.components.data_table import cell, data_table, row_header
from gosapp.components.forms import error_for, submit_button
from gosapp.components.layout import TOUCH_TARGET
from gosapp.pages.staff.schedules.state import StaffSchedulesState

HEADERS = ("День", "Часы приёма", "Перерыв", "Приём", "Кабинет", "Праздники", "")


def week_row(row: dict) -> rx.Component:
    """One weekday with «Изменить»."""
    return rx.table.row(
        row_header("День", rx.text(row["name"], weight="medium")),
        cell("Часы приёма", row["hours"]),
        cell("Перерыв", row["pause"]),
        cell("Приём", row["slot"]),
        cell("Кабинет", row["room"]),
        cell("Праздники", row["holidays"]),
        cell(
            "",
            rx.button(
                "Изменить",
                variant="soft",
                size="2",
                min_height=TOUCH_TARGET,
                on_click=StaffSchedulesState.edit_day(row["weekday"]),
                id=f"schedules-edit-{row['weekday']}",
            ),
        ),
        class_name="schedules-week-row",
    )


def week_table() -> rx.Component:
    """Monday to Sunday."""
    return data_table(HEADERS, StaffSchedulesState.week, week_row, element_id="schedules-week")


def time_field(label: str, name: str, prefix: str = "schedules-day") -> rx.Component:
    """An «ЧЧ:ММ» field of the weekday form with its error."""
    return rx.el.label(
        rx.text(label, size="2", weight="medium"),
        rx.input(
            type="time",
            name=name,
            id=f"{prefix}-{name.replace('_', '-')}",
            default_value=StaffSchedulesState.editing[name].to(str),
            size="3",
        ),
        error_for(StaffSchedulesState.errors, name, prefix),
        display="flex",
        flex_direction="column",
        gap="var(--space-1)",
        min_width="130px",
    )


def checkbox(label: str, name: str, checked) -> rx.Component:
    """A labelled checkbox, touch-sized."""
    return rx.el.label(
        rx.checkbox(name=name, default_checked=checked, size="3", id=f"schedules-day-{name}"),
        rx.text(label),
        display="flex",
        align_items="center",
        gap="var(--space-2)",
        min_height=TOUCH_TARGET,
    )


def day_fields() -> rx.Component:
    """Hours, slot length, break, room."""
    e = StaffSchedulesState.editing
    return rx.flex(
        time_field("Начало", "starts"),
        time_field("Окончание", "ends"),
        rx.el.label(
            rx.text("Приём, минут (5–120)", size="2", weight="medium"),
            rx.input(
                type="number",
                name="slot_minutes",
                id="schedules-day-slot-minutes",
                default_value=e["slot_minutes"].to(str),
                min=5,
                max=120,
                size="3",
            ),
            error_for(StaffSchedulesState.errors, "slot_minutes", "schedules-day"),
            display="flex",
            flex_direction="column",
            gap="var(--space-1)",
        ),
        time_field("Перерыв с", "break_starts"),
        time_field("Перерыв до", "break_ends"),
        rx.el.label(
            rx.text("Кабинет", size="2", weight="medium"),
            rx.input(name="room", default_value=e["room"].to(str), max_length=20, size="3"),
            error_for(StaffSchedulesState.errors, "room", "schedules-day"),
            display="flex",
            flex_direction="column",
            gap="var(--space-1)",
        ),
        gap="var(--space-3)",
        wrap="wrap",
    )


def day_form() -> rx.Component:
    """The weekday being edited (keyed by weekday, so its defaults refill on a new choice)."""
    e = StaffSchedulesState.editing
    return rx.cond(
        e.length() > 0,
        rx.card(
            rx.form(
                rx.heading(e["name"], as_="h3", size="4", margin_bottom="var(--space-3)"),
                day_fields(),
                rx.flex(
                    checkbox(
                        "Работает в праздники", "works_on_holidays", e["works_on_holidays"].to(bool)
                    ),
                    checkbox("Выходной день", "day_off", ~e["working"].to(bool)),
                    gap="var(--space-4)",
                    wrap="wrap",
                ),
                rx.flex(
                    submit_button("Сохранить", "schedules-day-save", size="3"),
                    rx.button(
                        "Отмена",
                        type="button",
                        variant="soft",
                        color_scheme="gray",
                        size="3",
                        min_height=TOUCH_TARGET,
                        on_click=StaffSchedulesState.cancel_edit,
                    ),
                    gap="var(--space-3)",
                    margin_top="var(--space-3)",
                ),
                on_submit=StaffSchedulesState.save_day,
                no_validate=True,
                key=e["weekday"].to(str),
            ),
            id="schedules-day-form",
            width="100%",
        ),
    )
