"""The app shell: header with the product name and the cabinet navigation, content, footer."""

from __future__ import annotations

import reflex as rx

from gosapp import routes
from gosapp.state.auth import SessionState

PRODUCT_NAME = "Госпортал здоровья"
PRODUCT_TAGLINE = "Личный кабинет: здравоохранение и социальная защита"

# (label, route, element id) of each cabinet in the navigation, the back office last.
NAV = [
    *((c.nav_label, c.route, f"nav-{c.route.strip('/')}") for c in routes.CABINETS),
    ("Сотрудник", routes.STAFF, "nav-staff"),
]

TOUCH_TARGET = "44px"
# Page side padding by screen width: phone, tablet, desktop.
GUTTER = rx.breakpoints(initial="var(--space-3)", sm="var(--space-4)", md="var(--space-5)")


def nav_link(label: str, route: str, element_id: str) -> rx.Component:
    """One navigation entry, large enough to hit with a finger."""
    return rx.link(
        label,
        href=route,
        id=element_id,
        underline="none",
        weight="medium",
        padding_x="var(--space-3)",
        min_height=TOUCH_TARGET,
        display="inline-flex",
        align_items="center",
        border_radius="var(--radius-2)",
        _hover={"background": "var(--accent-3)"},
    )


def brand() -> rx.Component:
    """Product name linking home."""
    return rx.link(
        rx.hstack(
            rx.icon("shield-plus", size=28, color="var(--accent-9)"),
            rx.text(PRODUCT_NAME, weight="bold", size="5"),
            align="center",
            spacing="2",
        ),
        href=routes.HOME,
        id="brand",
        underline="none",
        color="var(--gray-12)",
        min_height=TOUCH_TARGET,
        display="inline-flex",
        align_items="center",
    )


# Logout is a native POST to the API route, which clears the HttpOnly cookie: a full page load
# (Reflex forms and links stay inside the SPA), and a cross-site POST carries no Lax cookie.
LOGOUT = rx.call_script(
    "const f = document.createElement('form'); f.method = 'post';"
    f" f.action = '{routes.API_LOGOUT}'; document.body.appendChild(f); f.submit();"
)


def account_menu() -> rx.Component:
    """Sign-in link, or the signed-in user's name, notifications and sign-out."""
    return rx.cond(
        SessionState.me,
        rx.hstack(
            rx.link(
                rx.icon("bell", size=20),
                rx.cond(
                    SessionState.unread > 0,
                    rx.badge(SessionState.unread, color_scheme="red", id="unread-count"),
                ),
                href=routes.NOTIFICATIONS,
                aria_label="Уведомления",
                min_height=TOUCH_TARGET,
                display="inline-flex",
                align_items="center",
            ),
            rx.link(
                SessionState.me.short_name,
                href=routes.SECURITY,
                id="account-name",
                min_height=TOUCH_TARGET,
                display="inline-flex",
                align_items="center",
            ),
            rx.button("Выйти", variant="soft", size="3", id="logout", on_click=LOGOUT),
            align="center",
            spacing="3",
        ),
        rx.link(rx.button("Войти", size="3", id="header-login"), href=routes.LOGIN),
    )


def header() -> rx.Component:
    """Top bar: brand on the left, cabinets beside it; wraps on narrow screens."""
    return rx.el.header(
        rx.flex(
            brand(),
            rx.el.nav(
                rx.flex(*(nav_link(*c) for c in NAV), wrap="wrap", spacing="1"),
                aria_label="Кабинеты",
            ),
            account_menu(),
            justify="between",
            align="center",
            wrap="wrap",
            gap="var(--space-2)",
            max_width="1200px",
            margin_x="auto",
            padding_x=GUTTER,
            padding_y="var(--space-2)",
        ),
        border_bottom="1px solid var(--gray-5)",
        background="var(--color-panel-solid)",
        position="sticky",
        top="0",
        z_index="10",
    )


def footer() -> rx.Component:
    """Short footer with the portal's purpose and the way to support."""
    return rx.el.footer(
        rx.flex(
            rx.text(
                f"{PRODUCT_NAME} — {PRODUCT_TAGLINE.lower()}. Демонстрационный проект.",
                size="2",
                color="var(--gray-11)",
            ),
            rx.link("История обращений", href=routes.HISTORY, size="2", id="footer-history"),
            rx.link("Поддержка", href=routes.SUPPORT, size="2", id="footer-support"),
            gap="var(--space-4)",
            wrap="wrap",
            align="center",
        ),
        max_width="1200px",
        margin_x="auto",
        padding=GUTTER,
    )


def page(*children: rx.Component, heading: str | None = None) -> rx.Component:
    """Wrap a page's content in the shell."""
    body = (
        [rx.heading(heading, as_="h1", size="7", margin_bottom="var(--space-4)")] if heading else []
    )
    return rx.box(
        rx.el.a("Перейти к содержимому", href="#main", class_name="skip-link"),
        header(),
        rx.el.main(
            *body,
            *children,
            id="main",
            max_width="1200px",
            margin_x="auto",
            padding=GUTTER,
            min_height="70vh",
        ),
        footer(),
        background="var(--gray-2)",
        min_height="100vh",
    )
