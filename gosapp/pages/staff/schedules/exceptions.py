"""A resource's exceptions: the list with «Удалить», and the form that adds one."""

from __future__ import annotations

import reflex as rx

from gosapp.components.data_table import cell, data_table, row_header
from gosapp.components.forms import date_input, error_for, submit_button
from gosapp.components.layout import TOUCH_TARGET
from gosapp.pages.staff.schedules.state import StaffSchedulesState
from gosapp.services.scheduling.schedule_forms import EXCEPTION_LABELS

PREFIX = "schedules-exception"


def exception_row(row: dict) -> rx.Component:
    """One exception."""
    return rx.table.row(
        row_header("Вид", rx.text(row["kind"], weight="medium")),
        cell("Даты", row["period"]),
        cell("Часы", row["hours"]),
        cell("Комментарий", row["comment"]),
        cell(
            "",
            rx.button(
                "Удалить",
                variant="soft",
                color_scheme="red",
                size="2",
                min_height=TOUCH_TARGET,
                on_click=StaffSchedulesState.remove_exception(row["id"]),
                class_name="schedules-exception-remove",
            ),
        ),
        class_name="schedules-exception-row",
    )


def exception_list() -> rx.Component:
    """Current and future exceptions, or that there are none."""
    headers = ("Вид", "Даты", "Часы", "Комментарий", "")
    return rx.cond(
        StaffSchedulesState.exceptions.length() > 0,
        data_table(
            headers,
            StaffSchedulesState.exceptions,
            exception_row,
            element_id="schedules-exceptions",
        ),
        rx.text(
            "Исключений нет: работает по недельному расписанию.",
            color="var(--gray-11)",
            id="schedules-exceptions-empty",
        ),
    )


def field(label: str, name: str, **props) -> rx.Component:
    """A labelled input of the exception form with its error (a date: ДД.ММ.ГГГГ whatever the
    browser's language)."""
    element_id = f"{PREFIX}-{name.replace('_', '-')}"
    control = (
        date_input(name, element_id)
        if props.get("type") == "date"
        else rx.input(name=name, id=element_id, size="3", **props)
    )
    return rx.el.label(
        rx.text(label, size="2", weight="medium"),
        control,
        error_for(StaffSchedulesState.exception_errors, name, PREFIX),
        display="flex",
        flex_direction="column",
        gap="var(--space-1)",
        min_width="150px",
    )


def kind_select() -> rx.Component:
    """Vacation, sick leave or an extra day."""
    return rx.el.label(
        rx.text("Вид", size="2", weight="medium"),
        rx.select.root(
            rx.select.trigger(id=f"{PREFIX}-kind", min_height=TOUCH_TARGET),
            rx.select.content(
                *(rx.select.item(label, value=k.value) for k, label in EXCEPTION_LABELS.items())
            ),
            value=StaffSchedulesState.exception_kind,
            on_change=StaffSchedulesState.set_exception_kind,
            size="3",
        ),
        error_for(StaffSchedulesState.exception_errors, "kind", PREFIX),
        display="flex",
        flex_direction="column",
        gap="var(--space-1)",
    )


def extra_hours() -> rx.Component:
    """An extra day's hours and slot length."""
    return rx.cond(
        StaffSchedulesState.exception_kind == "extra_day",
        rx.flex(
            field("Начало", "starts", type="time"),
            field("Окончание", "ends", type="time"),
            field(
                "Приём, минут", "slot_minutes", type="number", min=5, max=120, default_value="20"
            ),
            gap="var(--space-3)",
            wrap="wrap",
        ),
    )


def exception_form() -> rx.Component:
    """«Добавить исключение»."""
    return rx.form(
        rx.flex(
            kind_select(),
            field("С", "first_day", type="date"),
            field("По", "last_day", type="date"),
            field("Комментарий", "comment", max_length=200),
            gap="var(--space-3)",
            wrap="wrap",
            align="start",
        ),
        extra_hours(),
        submit_button(
            "Добавить исключение", f"{PREFIX}-add", size="3", margin_top="var(--space-3)"
        ),
        on_submit=StaffSchedulesState.add_exception,
        reset_on_submit=False,
        no_validate=True,
    )
