"""The header: one row on every screen, at most 64 px tall.

Desktop (≥ 1024 px): brand, the cabinets, the bell and the user menu. Phones and tablets: brand,
the bell and a menu button opening a side drawer with the cabinets and the same user menu. Which
variant shows is CSS (``desktop-only`` / ``compact-only`` in assets/styles.css), so the first
paint is already right. Nothing about the account is drawn until ``SessionState.checked``: a
signed-in user never sees «Войти» flash, a visitor never sees an empty user menu.
"""

from __future__ import annotations

import reflex as rx

from gosapp import routes
from gosapp.components.tokens import PRODUCT_NAME, TOUCH_LINK, TOUCH_TARGET
from gosapp.state.auth import SessionState

# (label, route, element id) of each cabinet in the navigation, the back office last.
NAV = [
    *((c.nav_label, c.route, f"nav-{c.route.strip('/')}") for c in routes.CABINETS),
    ("Сотрудник", routes.STAFF, "nav-staff"),
]
# The user menu's pages (label, route, icon, element id suffix); «Выйти» follows them.
USER_LINKS = (
    ("Профиль", routes.PROFILE, "user", "profile"),
    ("Безопасность", routes.SECURITY, "shield-check", "security"),
    ("Уведомления", routes.NOTIFICATIONS, "bell", "notifications"),
)

# Logout is a native POST to the API route, which clears the HttpOnly cookie: a full page load
# (Reflex forms and links stay inside the SPA), and a cross-site POST carries no Lax cookie.
LOGOUT = rx.call_script(
    "const f = document.createElement('form'); f.method = 'post';"
    f" f.action = '{routes.API_LOGOUT}'; document.body.appendChild(f); f.submit();"
)


def nav_link(label: str, route: str, element_id: str) -> rx.Component:
    """One navigation entry, large enough to hit with a finger."""
    return rx.link(
        label,
        href=route,
        id=element_id,
        underline="none",
        weight="medium",
        padding_x="var(--space-3)",
        border_radius="var(--radius-2)",
        _hover={"background": "var(--accent-3)"},
        **TOUCH_LINK,
    )


def brand() -> rx.Component:
    """Product name linking home (a smaller type on phones, so the row fits 360 px)."""
    return rx.link(
        rx.icon("shield-plus", size=28, color="var(--accent-9)", aria_hidden="true"),
        rx.text(PRODUCT_NAME, weight="bold", size=rx.breakpoints(initial="4", sm="5")),
        href=routes.HOME,
        id="brand",
        underline="none",
        color="var(--gray-12)",
        gap="var(--space-2)",
        white_space="nowrap",
        **TOUCH_LINK,
    )


def bell() -> rx.Component:
    """The notifications link with the unread count."""
    return rx.link(
        rx.icon("bell", size=22, aria_hidden="true"),
        rx.cond(
            SessionState.unread > 0,
            rx.badge(SessionState.unread, color_scheme="red", id="unread-count"),
        ),
        href=routes.NOTIFICATIONS,
        aria_label=rx.cond(
            SessionState.unread > 0,
            "Уведомления, непрочитанных: " + SessionState.unread.to(str),
            "Уведомления",
        ),
        id="header-bell",
        justify_content="center",
        min_width=TOUCH_TARGET,
        gap="var(--space-1)",
        **TOUCH_LINK,
    )


def login_button() -> rx.Component:
    """«Войти» for a visitor."""
    return rx.link(
        # A smaller button on phones: brand, «Войти» and the menu fit one 360 px row.
        rx.button(
            "Войти",
            size=rx.breakpoints(initial="2", sm="3"),
            id="header-login",
            min_height=TOUCH_TARGET,
        ),
        href=routes.LOGIN,
    )


def menu_link(label: str, route: str, icon: str, suffix: str) -> rx.Component:
    """A page of the user menu as a real link (the item renders as the anchor): Tab/arrows and
    Enter reach it, a middle click or «Открыть в новой вкладке» works, the URL shows on hover."""
    return rx.menu.item(
        rx.el.a(
            rx.icon(icon, size=16, aria_hidden="true"),
            label,
            href=route,
            id=f"menu-{suffix}",
            min_height=TOUCH_TARGET,
            gap="var(--space-2)",
            text_decoration="none",
        ),
        as_child=True,
    )


def user_menu() -> rx.Component:
    """Desktop: the user's name opening «Профиль», «Безопасность», «Уведомления», «Выйти»."""
    return rx.menu.root(
        rx.menu.trigger(
            rx.button(
                rx.icon("circle-user-round", size=20, aria_hidden="true"),
                SessionState.me.short_name,
                rx.icon("chevron-down", size=16, aria_hidden="true"),
                variant="soft",
                size="3",
                id="account-name",
                min_height=TOUCH_TARGET,
                aria_label="Меню пользователя " + SessionState.me.short_name.to(str),
            ),
        ),
        rx.menu.content(
            *(menu_link(*link) for link in USER_LINKS),
            rx.menu.separator(),
            rx.menu.item(
                rx.icon("log-out", size=16),
                "Выйти",
                color_scheme="red",
                id="logout",
                on_click=LOGOUT,
                min_height=TOUCH_TARGET,
                gap="var(--space-2)",
            ),
            align="end",
        ),
    )


def account_area() -> rx.Component:
    """The account's part of the row, drawn only once the server said who this is."""
    return rx.cond(
        SessionState.checked,
        rx.cond(
            SessionState.me,
            rx.flex(bell(), rx.box(user_menu(), class_name="desktop-only"), align="center"),
            login_button(),
        ),
    )
