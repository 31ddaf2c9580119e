"""`/appointments/my` («Мои записи», SPEC §2.1): upcoming visits as cards (reschedule through
the slot picker, cancel after a confirmation, the .ics file), past visits in a table,
waiting-list offers and entries, and the personal calendar feed.

``state.py`` holds ``MyAppointmentsState``; ``upcoming``, ``past``, ``waiting`` and ``feed``
the views. Notification links open a visit with ``?open=<номер>``.
"""

import reflex as rx

from gosapp import routes
from gosapp.components.layout import TOUCH_TARGET, page
from gosapp.components.loading import list_skeleton
from gosapp.pages.patient.my_appointments.feed import feed_section
from gosapp.pages.patient.my_appointments.past import past_section
from gosapp.pages.patient.my_appointments.state import MyAppointmentsState
from gosapp.pages.patient.my_appointments.upcoming import upcoming_section
from gosapp.pages.patient.my_appointments.waiting import waiting_section
from gosapp.state.auth import SessionState

__all__ = ["MyAppointmentsState", "my_appointments_page"]


def book_button() -> rx.Component:
    """«Записаться к врачу»: the slot picker."""
    return rx.link(
        rx.button(
            rx.icon("calendar-plus", size=18, aria_hidden="true"),
            "Записаться к врачу",
            size="3",
            min_height=TOUCH_TARGET,
        ),
        href=routes.APPOINTMENTS,
        id="my-book-top",
    )


def my_appointments_page() -> rx.Component:
    """The «Мои записи» page (a skeleton until the signed-in patient's own data is loaded)."""
    return page(
        rx.cond(
            SessionState.me & (SessionState.me.id == MyAppointmentsState.owner),
            rx.flex(
                book_button(),
                waiting_section(),
                upcoming_section(),
                past_section(),
                feed_section(),
                direction="column",
                gap="var(--space-5)",
                width="100%",
            ),
            list_skeleton("my-loading"),
        ),
        heading="Мои записи",
    )
