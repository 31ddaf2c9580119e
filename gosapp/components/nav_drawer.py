"""The menu of phones and tablets: a side drawer with the cabinets and the user menu.

A Radix dialog styled as a sheet (``nav-drawer`` in assets/styles.css): focus stays inside
while it is open, Escape and the overlay close it, and every entry closes it as it navigates.
Element ids: ``menu-button`` opens it; ``drawer-nav-<cabinet>``, ``drawer-<page>``, ``logout``
and ``drawer-login`` are its entries (``logout`` is the desktop menu's id too: only one of the
two menus is ever open).
"""

from __future__ import annotations

import reflex as rx

from gosapp import routes
from gosapp.components.header import LOGOUT, NAV, USER_LINKS
from gosapp.components.tokens import TOUCH_TARGET
from gosapp.state.auth import SessionState

ENTRY = {
    "min_height": TOUCH_TARGET,
    "display": "flex",
    "align_items": "center",
    "gap": "var(--space-3)",
    "padding_x": "var(--space-2)",
    "border_radius": "var(--radius-2)",
    "underline": "none",
    "weight": "medium",
    "_hover": {"background": "var(--accent-3)"},
}


def entry(label: str, route: str, element_id: str, icon: str = "") -> rx.Component:
    """A link of the drawer; following it closes the drawer."""
    parts = [rx.icon(icon, size=18, aria_hidden="true")] if icon else []
    return rx.dialog.close(rx.link(*parts, label, href=route, id=element_id, **ENTRY))


def cabinets() -> rx.Component:
    """The cabinets, as in the desktop header."""
    return rx.el.nav(
        rx.flex(
            *(entry(label, route, "drawer-" + element_id) for label, route, element_id in NAV),
            direction="column",
        ),
        aria_label="Кабинеты",
    )


def account_entries() -> rx.Component:
    """The user menu for a signed-in user, «Войти» for a visitor."""
    return rx.cond(
        SessionState.me,
        rx.flex(
            *(entry(label, route, f"drawer-{key}", icon) for label, route, icon, key in USER_LINKS),
            rx.button(
                rx.icon("log-out", size=18, aria_hidden="true"),
                "Выйти",
                variant="soft",
                color_scheme="red",
                size="3",
                id="logout",
                on_click=LOGOUT,
                min_height=TOUCH_TARGET,
                margin_top="var(--space-2)",
            ),
            direction="column",
        ),
        rx.link(
            rx.button("Войти", size="3", width="100%", min_height=TOUCH_TARGET),
            href=routes.LOGIN,
            id="drawer-login",
        ),
    )


def title_row() -> rx.Component:
    """«Меню», who is signed in, and the close button."""
    return rx.flex(
        rx.box(
            rx.dialog.title("Меню", size="5", margin="0"),
            rx.dialog.description(
                rx.cond(
                    SessionState.me,
                    "Вы вошли: " + SessionState.me.short_name.to(str),
                    "Вы не вошли",
                ),
                size="2",
                color="var(--gray-11)",
            ),
        ),
        rx.dialog.close(
            rx.icon_button(
                rx.icon("x", size=22),
                variant="ghost",
                size="3",
                aria_label="Закрыть меню",
                id="menu-close",
                width=TOUCH_TARGET,
                height=TOUCH_TARGET,
            )
        ),
        justify="between",
        align="start",
    )


def nav_drawer() -> rx.Component:
    """The menu button and the drawer it opens."""
    return rx.dialog.root(
        rx.dialog.trigger(
            rx.icon_button(
                rx.icon("menu", size=24),
                variant="soft",
                size="3",
                aria_label="Меню",
                id="menu-button",
                width=TOUCH_TARGET,
                height=TOUCH_TARGET,
            )
        ),
        rx.dialog.content(
            rx.flex(
                title_row(),
                cabinets(),
                rx.separator(size="4"),
                account_entries(),
                direction="column",
                gap="var(--space-3)",
            ),
            class_name="nav-drawer",
            id="nav-drawer",
        ),
    )
