"""The «История входов» card: the user's own login attempts and their results."""

import reflex as rx

from gosapp.components.data_table import cell, data_table
from gosapp.pages.account.security.state import SecurityState

HEADERS = ("Дата", "IP-адрес", "Устройство", "Результат")


def history_row(row: dict) -> rx.Component:
    """One login attempt."""
    return rx.table.row(
        cell("Дата", row["at"]),
        cell("IP-адрес", row["ip"]),
        cell("Устройство", row["device"]),
        cell(
            "Результат",
            rx.badge(row["result"], color_scheme=rx.cond(row["ok"], "green", "red")),
        ),
        class_name="history-row",
    )


def history_card() -> rx.Component:
    """«История входов»."""
    return rx.card(
        rx.heading("История входов", as_="h2", size="5", margin_bottom="var(--space-3)"),
        rx.cond(
            SecurityState.history.length() > 0,
            data_table(HEADERS, SecurityState.history, history_row, element_id="login-history"),
            rx.text("Входов пока не было."),
        ),
        size="3",
        width="100%",
    )
