"""`/appointments` («Запись к врачу», SPEC §2.1): the slot picker.

Service type → specialty → doctor (filters, cards) → a month calendar → the day's times → a
five-minute hold to confirm → booked, with a number. Every choice is in the URL (``query.py``),
so a reload or a shared link lands on the same step; ``?reschedule=<id>`` moves a visit instead
of booking a new one. ``state.py`` holds ``AppointmentsState``; ``choices.py``, ``month.py``,
``times.py``, ``confirm.py`` and ``waiting.py`` the views.
"""

from __future__ import annotations

import reflex as rx
from reflex.vars import ObjectVar

from gosapp.components.cards import level_gate, touch_link
from gosapp.components.layout import page
from gosapp.components.loading import list_skeleton
from gosapp.pages.patient.appointments.choices import doctor_step, service_step, specialty_step
from gosapp.pages.patient.appointments.confirm import confirm_step, done_step
from gosapp.pages.patient.appointments.month import calendar_card
from gosapp.pages.patient.appointments.state import AppointmentsState
from gosapp.pages.patient.appointments.times import time_grid
from gosapp.pages.patient.appointments.waiting import waitlist_offer

__all__ = ["AppointmentsState", "appointments_page"]


def path_item(item: ObjectVar[dict[str, str]]) -> rx.Component:
    """A choice made: its value as a chip linking back to change it (the label for readers)."""
    return rx.list_item(
        touch_link(
            rx.text(item["label"], ": ", class_name="visually-hidden", as_="span"),
            item["value"],
            rx.icon("pencil", size=14, aria_hidden="true"),
            href=item["href"],
            size="2",
            gap="var(--space-1)",
            padding_x="var(--space-3)",
            border="1px solid var(--gray-6)",
            border_radius="var(--radius-5)",
            background="var(--color-panel-solid)",
            underline="none",
        ),
    )


def progress() -> rx.Component:
    """The way back one step, and the choices so far (each a link to change it)."""
    return rx.flex(
        rx.cond(
            AppointmentsState.back["href"] & (AppointmentsState.step != "confirm"),
            touch_link(
                rx.icon("arrow-left", size=18, aria_hidden="true"),
                "Назад ",
                AppointmentsState.back["label"],
                href=AppointmentsState.back["href"],
                id="picker-back",
                gap="var(--space-1)",
                width="fit-content",
            ),
        ),
        rx.el.nav(
            rx.el.ul(
                rx.foreach(AppointmentsState.path, path_item),
                display="flex",
                flex_wrap="wrap",
                gap="var(--space-2)",
                list_style="none",
                padding="0",
                margin="0",
            ),
            aria_label="Выбранное: нажмите, чтобы изменить",
        ),
        direction="column",
        gap="var(--space-2)",
    )


def reschedule_note() -> rx.Component:
    """Which visit is being moved (``?reschedule=<id>``)."""
    return rx.cond(
        AppointmentsState.moving["number"],
        rx.callout.root(
            rx.callout.icon(rx.icon("calendar-clock")),
            rx.callout.text(
                "Перенос записи ",
                AppointmentsState.moving["number"],
                " (",
                AppointmentsState.moving["when"],
                "): выберите новое время. Старое освободится, когда вы подтвердите новое.",
            ),
            id="reschedule-note",
        ),
    )


def messages() -> rx.Component:
    """The visit being moved, and what just happened (a slot taken, a hold run out)."""
    return rx.cond(
        AppointmentsState.moving["number"]
        | (AppointmentsState.notice != "")
        | (AppointmentsState.error != ""),
        rx.flex(
            reschedule_note(),
            rx.cond(
                AppointmentsState.notice != "",
                rx.callout(
                    AppointmentsState.notice, icon="info", role="status", id="picker-notice"
                ),
            ),
            rx.cond(
                AppointmentsState.error != "",
                rx.callout(
                    AppointmentsState.error,
                    icon="triangle-alert",
                    color_scheme="red",
                    role="alert",
                    id="picker-error",
                    scroll_margin_top="72px",
                ),
            ),
            direction="column",
            gap="var(--space-2)",
        ),
    )


def day_hint() -> rx.Component:
    """Beside the calendar before a day is chosen: what to do, or the waiting list."""
    return rx.cond(
        AppointmentsState.month["empty"],
        waitlist_offer("В этом месяце свободных слотов нет — посмотрите следующий месяц."),
        rx.card(
            rx.heading(AppointmentsState.doctor["name"], as_="h3", size="4"),
            rx.text(
                AppointmentsState.doctor["specialty"], " · ", AppointmentsState.doctor["details"]
            ),
            rx.text(AppointmentsState.doctor["place"], size="2", color="var(--gray-11)"),
            rx.text("Выберите день в календаре.", weight="medium", margin_top="var(--space-2)"),
            width="100%",
        ),
    )


def calendar_step() -> rx.Component:
    """Steps 4 and 5 together: the month, and beside it the day's times once a day is chosen."""
    return rx.grid(
        calendar_card(),
        rx.cond(AppointmentsState.step == "time", time_grid(), day_hint()),
        columns=rx.breakpoints(initial="1", md="2"),
        gap="var(--space-4)",
        align_items="start",
    )


def step_loading() -> rx.Component:
    """While the next step loads (a link followed, its on_load not answered yet)."""
    return rx.cond(
        ~rx.State.is_hydrated,
        rx.flex(
            rx.spinner(size="2"),
            rx.text("Загрузка…", size="2"),
            role="status",
            id="picker-loading",
            gap="var(--space-2)",
            align="center",
        ),
    )


def picker() -> rx.Component:
    """The current step (dimmed while the next one loads)."""
    return rx.flex(
        messages(),
        rx.cond(AppointmentsState.step != "done", progress()),
        step_loading(),
        rx.match(
            AppointmentsState.step,
            ("service", service_step()),
            ("specialty", specialty_step()),
            ("doctor", doctor_step()),
            ("confirm", confirm_step()),
            ("done", done_step()),
            calendar_step(),
        ),
        direction="column",
        gap="var(--space-4)",
        opacity=rx.cond(rx.State.is_hydrated, "1", "0.6"),
        transition="opacity 0.15s",
    )


def appointments_page() -> rx.Component:
    """«Запись к врачу»: the level gate for a basic account, else the picker."""
    return page(
        rx.cond(
            ~AppointmentsState.loaded,
            list_skeleton("appointments-loading"),
            rx.cond(
                AppointmentsState.gate["todo"],
                level_gate(AppointmentsState.gate, "Запись к врачу", "appointments-level-gate"),
                picker(),
            ),
        ),
        heading="Запись к врачу",
    )
