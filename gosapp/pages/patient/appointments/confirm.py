"""The last steps: the held slot to confirm (``booking-confirm``) with its countdown, and the
booked visit with its number («ЗП-…»)."""

from __future__ import annotations

import reflex as rx

from gosapp import routes
from gosapp.components.cards import touch_link
from gosapp.components.forms import labelled
from gosapp.components.tokens import TOUCH_TARGET
from gosapp.pages.patient.appointments.state import AppointmentsState
from gosapp.pages.patient.appointments.times import countdown


def summary_row(label: str, value) -> rx.Component:
    """A line of the summary: what, and the chosen value."""
    return rx.flex(
        rx.text(label, size="2", color="var(--gray-11)", min_width="120px"),
        rx.text(value, weight="medium"),
        gap="var(--space-2)",
        wrap="wrap",
    )


def visit_summary() -> rx.Component:
    """Who, where and when the held slot is."""
    doctor = AppointmentsState.doctor
    return rx.flex(
        summary_row("Врач", doctor["name"]),
        summary_row("Специальность", doctor["specialty"]),
        summary_row("Где", doctor["place"]),
        summary_row("Когда", AppointmentsState.held["when"]),
        direction="column",
        gap="var(--space-2)",
        id="booking-summary",
    )


def confirm_buttons() -> rx.Component:
    """Confirm (``booking-confirm``), or give the slot back and pick another time."""
    return rx.flex(
        rx.button(
            rx.cond(AppointmentsState.moving["number"], "Перенести запись", "Подтвердить запись"),
            type="submit",
            id="booking-confirm",
            size="3",
            min_height=TOUCH_TARGET,
        ),
        rx.button(
            "Выбрать другое время",
            type="button",
            on_click=AppointmentsState.release,
            id="booking-back",
            variant="soft",
            size="3",
            min_height=TOUCH_TARGET,
        ),
        gap="var(--space-3)",
        wrap="wrap",
    )


def confirm_step() -> rx.Component:
    """Check the visit, say what bothers you, confirm within the five minutes."""
    return rx.card(
        rx.form(
            rx.flex(
                rx.heading("Проверьте и подтвердите запись", as_="h2", size="5"),
                visit_summary(),
                countdown(),
                rx.cond(
                    AppointmentsState.moving["number"],
                    rx.fragment(),
                    labelled(
                        "Жалобы или цель визита (необязательно)",
                        rx.text_area(name="complaint", id="booking-complaint", max_length=500),
                    ),
                ),
                confirm_buttons(),
                direction="column",
                gap="var(--space-4)",
            ),
            on_submit=AppointmentsState.confirm,
        ),
        id="booking-confirmation",
        max_width="760px",
    )


def done_step() -> rx.Component:
    """The booked visit: its number, time and where to find it."""
    booked = AppointmentsState.booked
    return rx.callout.root(
        rx.callout.icon(rx.icon("circle-check")),
        rx.flex(
            rx.heading(booked["title"], as_="h2", size="5", id="booking-done-title"),
            rx.text("Номер записи: ", rx.text.strong(booked["number"], id="booking-number")),
            rx.text(AppointmentsState.doctor["name"], ", ", booked["when"], id="booking-when"),
            rx.text(AppointmentsState.doctor["place"], size="2"),
            rx.flex(
                touch_link(
                    "Мои записи", href=routes.my_appointment(booked["number"]), id="booking-my"
                ),
                touch_link("Записаться ещё", href=routes.APPOINTMENTS, id="booking-again"),
                gap="var(--space-4)",
                wrap="wrap",
            ),
            direction="column",
            gap="var(--space-2)",
        ),
        color_scheme="green",
        id="booking-done",
    )
