"""The waiting list on «Мои записи»: slots held for the patient (confirm or decline within
15 minutes) and the entries still waiting (leave the list)."""

from __future__ import annotations

import reflex as rx
from reflex.vars import ObjectVar

from gosapp.components.layout import TOUCH_TARGET
from gosapp.pages.patient.my_appointments.state import MyAppointmentsState as S
from gosapp.pages.patient.my_appointments.upcoming import place, visit_time
from gosapp.services.scheduling.visits import Offer, Waiting


def offer_buttons(offer: ObjectVar[Offer]) -> rx.Component:
    """«Подтвердить» and «Отказаться»."""
    return rx.flex(
        rx.button(
            "Подтвердить",
            size="3",
            min_height=TOUCH_TARGET,
            on_click=S.accept(offer.id),
            id="offer-accept-" + offer.id.to(str),
        ),
        rx.button(
            "Отказаться",
            variant="soft",
            color_scheme="gray",
            size="3",
            min_height=TOUCH_TARGET,
            on_click=S.decline(offer.id),
            id="offer-decline-" + offer.id.to(str),
        ),
        gap="var(--space-3)",
        wrap="wrap",
        margin_top="var(--space-2)",
    )


def offer_card(offer: ObjectVar[Offer]) -> rx.Component:
    """A freed slot held for the patient: «Подтвердить» or «Отказаться»."""
    return rx.card(
        rx.flex(
            rx.heading("Освободилось время", as_="h3", size="4"),
            rx.badge("Удерживается ", offer.expires, color_scheme="amber", size="2"),
            justify="between",
            wrap="wrap",
            gap="var(--space-2)",
        ),
        rx.grid(
            visit_time(offer, size="4"),
            place(offer),
            columns=rx.breakpoints(initial="1", sm="2"),
            gap="var(--space-3)",
            margin_y="var(--space-3)",
        ),
        rx.cond(
            offer.replaces != "",
            rx.text("Запись ", offer.replaces, " будет перенесена на это время.", size="2"),
        ),
        offer_buttons(offer),
        id="offer-" + offer.id.to(str),
        width="100%",
        border="2px solid var(--amber-7)",
    )


def waiting_row(entry: ObjectVar[Waiting]) -> rx.Component:
    """One entry: specialty, doctor and dates wished, since when; «Покинуть лист ожидания»."""
    return rx.flex(
        rx.flex(
            rx.text(entry.specialty, weight="medium"),
            rx.text(
                rx.cond(entry.doctor != "", entry.doctor, "любой врач"),
                rx.cond(entry.period != "", ", " + entry.period.to(str), ""),
                size="2",
            ),
            rx.text("В листе с ", entry.since, " · ", entry.status_label, size="1"),
            direction="column",
        ),
        rx.button(
            "Покинуть лист ожидания",
            variant="soft",
            color_scheme="gray",
            size="2",
            min_height=TOUCH_TARGET,
            on_click=S.leave(entry.id),
            id="waiting-leave-" + entry.id.to(str),
        ),
        justify="between",
        align="center",
        wrap="wrap",
        gap="var(--space-2)",
        padding_y="var(--space-2)",
        border_bottom="1px solid var(--gray-4)",
        id="waiting-" + entry.id.to(str),
    )


def waiting_section() -> rx.Component:
    """Offers first (they run out), then the entries; nothing when there are neither."""
    return rx.fragment(
        rx.cond(
            S.offers.length() > 0,
            rx.flex(
                rx.heading("Предложения из листа ожидания", as_="h2", size="5"),
                rx.foreach(S.offers, offer_card),
                direction="column",
                gap="var(--space-3)",
                id="my-offers",
            ),
        ),
        rx.cond(
            S.waiting.length() > 0,
            rx.card(
                rx.heading("Лист ожидания", as_="h2", size="5"),
                rx.foreach(S.waiting, waiting_row),
                id="my-waiting",
                width="100%",
            ),
        ),
    )
