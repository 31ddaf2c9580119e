"""Upcoming visits as cards (status, time in the clinic's zone, doctor, clinic, room, and
«Перенести» / «Отменить» / «Добавить в календарь»), the cancel confirmation, the empty state."""

from __future__ import annotations

import reflex as rx
from reflex.vars import ObjectVar

from gosapp import routes
from gosapp.components.layout import TOUCH_TARGET
from gosapp.components.tokens import TOUCH_LINK
from gosapp.pages.patient.my_appointments.state import MyAppointmentsState as S
from gosapp.services.scheduling.visits import Visit

VisitVar = ObjectVar[Visit]
# A link standing on its own, 44 px tall, in the link colour.
DOWNLOAD_LINK = {
    **TOUCH_LINK,
    "gap": "var(--space-1)",
    "color": "var(--accent-11)",
    "text_decoration": "underline",
}
STATUS_COLORS = (
    ("scheduled", "blue"),
    ("completed", "green"),
    ("no_show", "orange"),
    ("cancelled", "red"),
    ("held", "amber"),
)


def visit_badge(visit: VisitVar) -> rx.Component:
    """The visit's status in Russian, coloured (the words carry the meaning)."""
    return rx.badge(
        visit.status_label,
        color_scheme=rx.match(visit.status, *STATUS_COLORS, "gray"),  # pyright: ignore[reportArgumentType]
        variant="soft",
        size="2",
        class_name="status-badge",
    )


def visit_time(visit: VisitVar, **props) -> rx.Component:
    """«12.01.2027 10:30» and, in another zone, «(время Владивостока, МСК+7)» under it."""
    return rx.flex(
        rx.text(visit.when, weight="bold", **props),
        rx.cond(visit.zone != "", rx.text("(", visit.zone, ")", size="1", color="var(--gray-11)")),
        direction="column",
    )


def place(visit: VisitVar) -> rx.Component:
    """Doctor and specialty, clinic and address, and the room."""
    return rx.flex(
        rx.text(visit.doctor, weight="medium"),
        rx.text(visit.specialty, size="2", color="var(--gray-11)"),
        rx.text(visit.clinic, ", ", visit.address, size="2"),
        rx.cond(visit.room != "", rx.text("Кабинет ", visit.room, size="2")),
        direction="column",
        gap="var(--space-1)",
    )


def actions(visit: VisitVar) -> rx.Component:
    """«Перенести», «Отменить» (up to 2 hours before) and the .ics file."""
    return rx.flex(
        rx.cond(
            visit.can_reschedule,
            rx.link(
                rx.button("Перенести", variant="soft", size="3", min_height=TOUCH_TARGET),
                href=visit.reschedule,
                id="visit-reschedule-" + visit.id.to(str),
            ),
        ),
        rx.cond(
            visit.can_cancel,
            rx.button(
                "Отменить",
                variant="soft",
                color_scheme="red",
                size="3",
                min_height=TOUCH_TARGET,
                on_click=S.ask_cancel(visit.id),
                id="visit-cancel-" + visit.id.to(str),
            ),
            rx.text("Изменить запись можно не позднее чем за 2 часа до приёма", size="2"),
        ),
        ics_link(visit, "Добавить в календарь (.ics)"),
        gap="var(--space-3)",
        align="center",
        wrap="wrap",
    )


def ics_link(visit: VisitVar, label: str) -> rx.Component:
    """The visit's calendar file (a download: the link leaves the SPA)."""
    return rx.el.a(
        rx.icon("calendar-plus", size=16, aria_hidden="true"),
        label,
        href=visit.ics,
        download="",
        reload_document=True,  # rx.el.a is a React Router link: fetch the file, do not route
        id="visit-ics-" + visit.id.to(str),
        **DOWNLOAD_LINK,
    )


def visit_card(visit: VisitVar) -> rx.Component:
    """One upcoming visit; the one a notification opened is outlined."""
    opened = S.opened == visit.number
    return rx.card(
        rx.flex(
            rx.heading("Запись ", visit.number, as_="h3", size="4"),
            visit_badge(visit),
            justify="between",
            wrap="wrap",
            gap="var(--space-2)",
        ),
        rx.grid(
            visit_time(visit, size="4"),
            place(visit),
            columns=rx.breakpoints(initial="1", sm="2"),
            gap="var(--space-3)",
            margin_y="var(--space-3)",
        ),
        actions(visit),
        id="visit-" + visit.id.to(str),
        width="100%",
        class_name=rx.cond(opened, "visit-card opened", "visit-card"),
        outline=rx.cond(opened, "3px solid var(--accent-9)", "none"),
    )


def cancel_dialog() -> rx.Component:
    """«Отменить запись?» for the visit whose «Отменить» was pressed."""
    return rx.alert_dialog.root(
        rx.alert_dialog.content(
            rx.alert_dialog.title("Отменить запись?"),
            rx.alert_dialog.description(
                S.cancelling_label,
                ". Время освободится для других пациентов.",
            ),
            rx.flex(
                rx.alert_dialog.cancel(
                    rx.button("Не отменять", variant="soft", size="3", min_height=TOUCH_TARGET)
                ),
                # a plain button: the dialog closes when the state says so, after the cancel
                rx.button(
                    "Да, отменить",
                    color_scheme="red",
                    size="3",
                    min_height=TOUCH_TARGET,
                    on_click=S.cancel,
                    id="cancel-confirm",
                ),
                gap="var(--space-3)",
                justify="end",
                wrap="wrap",
                margin_top="var(--space-4)",
            ),
            id="cancel-dialog",
        ),
        open=S.cancelling != "",
        on_open_change=S.dialog_changed,
    )


def empty_state() -> rx.Component:
    """No upcoming visits: the way to the slot picker."""
    return rx.card(
        rx.text(
            rx.cond(S.past.length() > 0, "Предстоящих записей нет", "Записей пока нет"),
            " — ",
            rx.link("записаться к врачу", href=routes.APPOINTMENTS, id="my-book"),
        ),
        id="my-empty",
        width="100%",
    )


def upcoming_section() -> rx.Component:
    """The upcoming visits, soonest first."""
    return rx.flex(
        rx.heading("Предстоящие приёмы", as_="h2", size="5"),
        rx.cond(
            S.upcoming.length() > 0,
            rx.flex(rx.foreach(S.upcoming, visit_card), direction="column", gap="var(--space-3)"),
            empty_state(),
        ),
        cancel_dialog(),
        direction="column",
        gap="var(--space-3)",
        id="my-upcoming",
    )
