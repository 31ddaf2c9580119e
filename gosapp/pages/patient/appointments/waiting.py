"""The empty state's way out: «нет свободных слотов — встать в лист ожидания» (SPEC §2.1)."""

from __future__ import annotations

import reflex as rx

from gosapp.components.tokens import TOUCH_TARGET
from gosapp.pages.patient.appointments.state import AppointmentsState


def waitlist_offer(reason: str) -> rx.Component:
    """Why nothing can be booked here, and the button that puts the patient in line."""
    return rx.callout.root(
        rx.callout.icon(rx.icon("calendar-x")),
        rx.flex(
            rx.text(
                reason,
                " Можно встать в лист ожидания: когда время освободится, мы удержим "
                "его за вами на 15 минут и сообщим.",
            ),
            rx.cond(
                AppointmentsState.waitlisted,
                rx.text("Вы уже в листе ожидания.", weight="medium", id="waitlist-joined"),
                rx.button(
                    "Встать в лист ожидания",
                    on_click=AppointmentsState.join_waitlist,
                    id="waitlist-join",
                    size="3",
                    min_height=TOUCH_TARGET,
                    width="fit-content",
                ),
            ),
            direction="column",
            gap="var(--space-2)",
        ),
        color_scheme="gray",
        id="appointments-empty",
    )
