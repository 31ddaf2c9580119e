"""Cards shared by pages: a cabinet's overview (its greeting and the services it offers)."""

from __future__ import annotations

import reflex as rx

from gosapp.components.layout import page
from gosapp.components.tokens import TOUCH_LINK
from gosapp.routes import CabinetInfo
from gosapp.state.auth import SessionState


def service_item(service: str | tuple[str, str]) -> rx.Component:
    """A service, linked to its page when that page exists."""
    if isinstance(service, str):
        return rx.list_item(service)
    label, route = service
    return rx.list_item(rx.link(label, href=route, **TOUCH_LINK))


def cabinet_overview(info: CabinetInfo) -> rx.Component:
    """A cabinet's overview page: the signed-in user's greeting, the summary, the services."""
    return page(
        rx.cond(
            SessionState.me,
            rx.text(
                "Здравствуйте, ",
                SessionState.me.full_name,
                "!",
                size="5",
                id="cabinet-greeting",
            ),
        ),
        rx.text(info.summary, size="4", color="var(--gray-11)"),
        rx.card(
            rx.heading("Услуги кабинета", as_="h2", size="5", margin_bottom="var(--space-2)"),
            rx.unordered_list(*(service_item(s) for s in info.services)),
            margin_top="var(--space-4)",
        ),
        heading=info.title,
    )
