"""The day's time grid (step 5): ``slot-HH-MM`` buttons grouped утро/день/вечер, in the
clinic's own zone and labelled when it is not the portal's; and the hold's countdown."""

from __future__ import annotations

import reflex as rx
from reflex.vars import ObjectVar

from gosapp.components.tokens import TOUCH_TARGET
from gosapp.pages.patient.appointments.rows import SlotGroup
from gosapp.pages.patient.appointments.state import AppointmentsState
from gosapp.pages.patient.appointments.waiting import waitlist_offer


def zone_note() -> rx.Component:
    """«Время указано местное: время Владивостока, МСК+7» for a clinic outside the portal's zone."""
    return rx.cond(
        AppointmentsState.doctor["zone_note"] != "",
        rx.callout.root(
            rx.callout.icon(rx.icon("clock")),
            rx.callout.text(
                "Время указано местное для клиники: ", AppointmentsState.doctor["zone_note"]
            ),
            color_scheme="amber",
            size="1",
            id="slot-zone-note",
        ),
    )


def time_button(slot: ObjectVar[dict[str, str]]) -> rx.Component:
    """One free time; pressing it holds the slot for five minutes."""
    return rx.button(
        slot["time"],
        on_click=AppointmentsState.pick(slot["time"]),
        id=slot["id"],
        variant="surface",
        size="3",
        min_height=TOUCH_TARGET,
        min_width="76px",
    )


def time_group(group: ObjectVar[SlotGroup]) -> rx.Component:
    """Утро, день or вечер and its times."""
    return rx.flex(
        rx.heading(group.title, as_="h3", size="3"),
        rx.flex(rx.foreach(group.slots, time_button), wrap="wrap", gap="var(--space-2)"),
        role="group",
        aria_label=group.title,
        direction="column",
        gap="var(--space-2)",
    )


def time_grid() -> rx.Component:
    """The chosen day's free times, or the way to the waiting list when none are left."""
    return rx.card(
        rx.flex(
            rx.heading(
                AppointmentsState.day_title,
                as_="h2",
                size="4",
                id="day-title",
                scroll_margin_top="72px",
            ),
            zone_note(),
            rx.cond(
                AppointmentsState.groups.length() > 0,
                rx.flex(
                    rx.foreach(AppointmentsState.groups, time_group),
                    direction="column",
                    gap="var(--space-4)",
                    id="time-grid",
                ),
                waitlist_offer(
                    "На этот день свободного времени не осталось — выберите другой день."
                ),
            ),
            direction="column",
            gap="var(--space-3)",
        ),
        width="100%",
    )


def countdown() -> rx.Component:
    """The time left to confirm, counted down in the browser (``scripts.countdown``)."""
    return rx.callout.root(
        rx.callout.icon(rx.icon("timer")),
        rx.callout.text(
            "Время удерживается за вами 5 минут, до ",
            rx.el.span("", id="hold-until"),
            ". Осталось ",
            rx.el.strong("5:00", id="hold-countdown", role="timer"),
            ".",
        ),
        rx.button(
            on_click=AppointmentsState.hold_ran_out,
            type="button",  # inside the confirmation form: never a submit
            id="hold-expired",
            display="none",
            aria_hidden="true",
            tab_index=-1,
        ),
        color_scheme="blue",
    )
