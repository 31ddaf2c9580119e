"""The app shell: the header (components/header.py, nav_drawer.py), the content, the footer."""

from __future__ import annotations

import reflex as rx

from gosapp import routes
from gosapp.components.header import LOGOUT, NAV, account_area, brand, nav_link
from gosapp.components.nav_drawer import nav_drawer
from gosapp.components.tokens import (
    GUTTER,
    HEADER_HEIGHT,
    PRODUCT_NAME,
    PRODUCT_TAGLINE,
    TOUCH_LINK,
    TOUCH_TARGET,
)

# Re-exported: pages take the shell's sizes and the logout script from here.
__all__ = ["GUTTER", "LOGOUT", "NAV", "PRODUCT_NAME", "PRODUCT_TAGLINE", "TOUCH_TARGET", "page"]


def header() -> rx.Component:
    """One row on every screen (≤ 64 px): brand, the cabinets on desktop, the account's part,
    and on phones and tablets the menu button with the drawer."""
    return rx.el.header(
        rx.flex(
            brand(),
            rx.el.nav(
                rx.flex(*(nav_link(*c) for c in NAV), spacing="1"),
                aria_label="Кабинеты",
                class_name="desktop-only",
            ),
            rx.flex(
                account_area(),
                rx.box(nav_drawer(), class_name="compact-only"),
                align="center",
                gap="var(--space-2)",
            ),
            justify="between",
            align="center",
            wrap="nowrap",
            gap="var(--space-2)",
            max_width="1200px",
            height=HEADER_HEIGHT,
            margin_x="auto",
            padding_x=GUTTER,
        ),
        id="site-header",
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
            rx.link(
                "История обращений",
                href=routes.HISTORY,
                size="2",
                id="footer-history",
                **TOUCH_LINK,
            ),
            rx.link(
                "Поддержка",
                href=routes.SUPPORT,
                size="2",
                id="footer-support",
                **TOUCH_LINK,
            ),
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
