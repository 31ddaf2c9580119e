"""«Календарь на телефоне»: the personal feed's secret address — create it, see it once,
replace it (the old one stops working) or switch it off."""

from __future__ import annotations

import reflex as rx

from gosapp.components.layout import TOUCH_TARGET
from gosapp.pages.patient.my_appointments.state import MyAppointmentsState as S
from gosapp.pages.patient.my_appointments.upcoming import DOWNLOAD_LINK

EXPLAIN = (
    "Подпишитесь на свои записи в календаре телефона или компьютера: новые, перенесённые и "
    "отменённые приёмы появятся там сами. Ссылка личная — не пересылайте её."
)


def address_actions() -> rx.Component:
    """«Скопировать», «Открыть в календаре» (webcal://) and «Готово»."""
    return rx.flex(
        rx.button(
            "Скопировать",
            size="3",
            min_height=TOUCH_TARGET,
            on_click=[rx.set_clipboard(S.feed_url), rx.toast.success("Ссылка скопирована")],
            id="feed-copy",
        ),
        rx.el.a(
            "Открыть в календаре",
            href=S.feed_webcal,
            reload_document=True,
            id="feed-webcal",
            **DOWNLOAD_LINK,
        ),
        rx.button(
            "Готово",
            variant="soft",
            size="3",
            min_height=TOUCH_TARGET,
            on_click=S.hide_feed,
            id="feed-done",
        ),
        gap="var(--space-3)",
        align="center",
        wrap="wrap",
    )


def new_address() -> rx.Component:
    """The address just made, with copy and subscribe; gone after «Готово»."""
    return rx.flex(
        rx.text(rx.text.strong("Ссылка показывается один раз."), " Скопируйте её сейчас."),
        rx.input(value=S.feed_url, read_only=True, id="feed-url", size="3", width="100%"),
        address_actions(),
        direction="column",
        gap="var(--space-3)",
        width="100%",
        padding="var(--space-3)",
        border_radius="var(--radius-3)",
        background="var(--amber-3)",
        id="feed-new",
        role="status",
    )


def live_feed() -> rx.Component:
    """A feed exists: when it was made, replace or switch off."""
    return rx.flex(
        rx.text("Ссылка создана ", S.feed_since, ".", id="feed-since"),
        rx.button(
            "Заменить ссылку",
            variant="soft",
            size="3",
            min_height=TOUCH_TARGET,
            on_click=S.create_feed,
            id="feed-rotate",
        ),
        rx.button(
            "Отключить",
            variant="soft",
            color_scheme="red",
            size="3",
            min_height=TOUCH_TARGET,
            on_click=S.revoke_feed,
            id="feed-revoke",
        ),
        gap="var(--space-3)",
        align="center",
        wrap="wrap",
    )


def feed_section() -> rx.Component:
    """The section: the new address once, else the live feed's controls, else «Создать»."""
    return rx.card(
        rx.heading("Календарь на телефоне", as_="h2", size="5"),
        rx.text(EXPLAIN, size="2", color="var(--gray-11)", margin_y="var(--space-2)"),
        rx.cond(
            S.feed_url != "",
            new_address(),
            rx.cond(
                S.feed_since != "",
                live_feed(),
                rx.button(
                    "Создать ссылку",
                    size="3",
                    min_height=TOUCH_TARGET,
                    on_click=S.create_feed,
                    id="feed-create",
                ),
            ),
        ),
        rx.cond(
            (S.feed_url != "") | (S.feed_since != ""),
            rx.text("Замена ссылки отключает прежнюю.", size="1", color="var(--gray-11)"),
        ),
        id="calendar-feed",
        width="100%",
    )
