"""The «Активные сеансы» card: the user's own sessions, each with «Завершить»."""

import reflex as rx

from gosapp.components.data_table import cell, data_table
from gosapp.components.layout import TOUCH_TARGET
from gosapp.pages.account.security.state import SecurityState

HEADERS = ("Устройство", "IP-адрес", "Последняя активность", "")


def end_button(row: dict) -> rx.Component:
    """«Завершить» with a confirmation dialog."""
    return rx.alert_dialog.root(
        rx.alert_dialog.trigger(
            rx.button("Завершить", variant="soft", color_scheme="red", min_height=TOUCH_TARGET)
        ),
        rx.alert_dialog.content(
            rx.alert_dialog.title("Завершить сеанс?"),
            rx.alert_dialog.description(
                rx.cond(
                    row["current"],
                    "Это ваш текущий сеанс: вы выйдете из учётной записи.",
                    rx.text("Устройство «", row["device"], "» будет отключено."),
                )
            ),
            rx.flex(
                rx.alert_dialog.cancel(rx.button("Отмена", variant="soft", color_scheme="gray")),
                rx.alert_dialog.action(
                    rx.button(
                        "Завершить",
                        color_scheme="red",
                        class_name="confirm-end-session",
                        on_click=SecurityState.end_session(row["handle"]),
                    )
                ),
                gap="var(--space-3)",
                justify="end",
                margin_top="var(--space-4)",
            ),
        ),
    )


def session_row(row: dict) -> rx.Component:
    """One active session."""
    return rx.table.row(
        cell(
            "Устройство",
            rx.text(row["device"]),
            rx.cond(
                row["current"],
                rx.badge("Этот сеанс", color_scheme="green", id="current-session-marker"),
            ),
        ),
        cell("IP-адрес", row["ip"]),
        cell("Последняя активность", row["last_seen"]),
        cell("", end_button(row)),
        class_name="session-row",
    )


def sessions_card() -> rx.Component:
    """«Активные сеансы»."""
    return rx.card(
        rx.heading("Активные сеансы", as_="h2", size="5", margin_bottom="var(--space-3)"),
        data_table(HEADERS, SecurityState.sessions, session_row, element_id="security-sessions"),
        size="3",
        width="100%",
    )
