"""`/staff/schedules`: doctors' and windows' weekly templates and exceptions (SPEC §5).

Pick a clinic and a resource; edit a weekday or add and remove exceptions. A change that
would cancel booked visits lists them in a confirmation first; their patients are notified.
"""

from __future__ import annotations

import reflex as rx

from gosapp.components.layout import TOUCH_TARGET
from gosapp.pages.staff import staff_page
from gosapp.pages.staff.schedules.exceptions import exception_form, exception_list
from gosapp.pages.staff.schedules.pickers import pickers
from gosapp.pages.staff.schedules.state import StaffSchedulesState
from gosapp.pages.staff.schedules.week import day_form, week_table

__all__ = ["StaffSchedulesState", "schedules_page"]


def hit_item(visit: dict) -> rx.Component:
    """A visit the change would cancel."""
    return rx.list_item(
        rx.text.strong(visit["when"]),
        " — ",
        visit["patient"],
        " (",
        visit["number"],
        ")",
        class_name="schedules-hit",
    )


def confirm_buttons() -> rx.Component:
    """«Отмена» (nothing saved) and «Сохранить и отменить записи»."""
    s = StaffSchedulesState
    return rx.flex(
        rx.button(
            "Отмена",
            variant="soft",
            color_scheme="gray",
            size="3",
            min_height=TOUCH_TARGET,
            on_click=s.cancel_change,
            id="schedules-confirm-cancel",
        ),
        rx.button(
            "Сохранить и отменить записи",
            color_scheme="red",
            size="3",
            min_height=TOUCH_TARGET,
            on_click=s.confirm_change,
            id="schedules-confirm",
        ),
        gap="var(--space-3)",
        justify="end",
        wrap="wrap",
        margin_top="var(--space-4)",
    )


def confirm_dialog() -> rx.Component:
    """«Изменение затронет 3 записи: …» before anything is saved (a long list scrolls)."""
    s = StaffSchedulesState
    return rx.alert_dialog.root(
        rx.alert_dialog.content(
            rx.alert_dialog.title(s.hit_title, id="schedules-confirm-title"),
            rx.alert_dialog.description(
                rx.cond(s.hit_note != "", rx.text(s.hit_note, color="var(--red-11)")),
                rx.text("Эти записи будут отменены:"),
                rx.scroll_area(
                    rx.unordered_list(rx.foreach(s.hit, hit_item), id="schedules-hit-list"),
                    type="auto",
                    scrollbars="vertical",
                    max_height="40vh",
                ),
                rx.text("Пациенты получат уведомление и смогут записаться на другое время."),
            ),
            confirm_buttons(),
            id="schedules-confirm-dialog",
        ),
        open=s.hit.length() > 0,
        on_open_change=s.confirm_open_change,
    )


def resource_section() -> rx.Component:
    """The chosen resource's week and exceptions."""
    return rx.cond(
        StaffSchedulesState.resource_id != "",
        rx.vstack(
            rx.heading(
                StaffSchedulesState.resource_title, as_="h2", size="5", id="schedules-title"
            ),
            rx.heading("Недельное расписание", as_="h3", size="4"),
            week_table(),
            day_form(),
            rx.heading("Исключения", as_="h3", size="4", margin_top="var(--space-4)"),
            exception_list(),
            exception_form(),
            spacing="3",
            width="100%",
        ),
        rx.text("Выберите учреждение и врача (или окно приёма).", color="var(--gray-11)"),
    )


def schedules_page() -> rx.Component:
    """The «Расписания» page."""
    return staff_page(
        rx.vstack(pickers(), resource_section(), confirm_dialog(), spacing="4", width="100%"),
        StaffSchedulesState.owner,
        "Бэк-офис: расписания",
    )
