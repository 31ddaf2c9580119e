"""A programme card of the catalogue, the waiting-list offer inside it and the pager."""

from __future__ import annotations

import reflex as rx

from gosapp.components.tokens import TOUCH_TARGET
from gosapp.pages.frmr.training.catalogue import P, status_badge
from gosapp.pages.frmr.training.state import TrainingState

S = TrainingState


def facts(row) -> rx.Component:
    """Provider, dates, hours, points, region and seats."""
    return rx.flex(
        rx.text(row["kind"], " · ", row["provider"], size="2", color="var(--gray-11)"),
        rx.text(
            row["dates"],
            " · ",
            row["hours"],
            " ч · ",
            row["points"],
            " ЗЕТ · ",
            row["region"],
            size="2",
        ),
        direction="column",
        gap="var(--space-1)",
    )


def _offer(row) -> rx.Component:
    return rx.callout.root(
        rx.callout.text(S.offer.get("message", "")),
        rx.flex(
            rx.button(
                "Встать в лист ожидания",
                on_click=S.join_waiting,
                id=f"{P}-join-waiting",
                size="3",
                min_height=TOUCH_TARGET,
            ),
            rx.button(
                "Не нужно",
                on_click=S.dismiss_offer,
                variant="soft",
                color_scheme="gray",
                size="3",
                min_height=TOUCH_TARGET,
            ),
            gap="var(--space-2)",
            wrap="wrap",
        ),
        color_scheme="amber",
        id=f"{P}-offer",
    )


def _action(row) -> rx.Component:
    return rx.cond(
        row["status"] != "",
        status_badge(row["status"], row["status_label"]),
        rx.button(
            rx.cond(row["full"] == "1", "Встать в лист ожидания", "Записаться"),
            on_click=S.enrol(row["id"]),
            id=f"{P}-enrol-" + row["id"],
            variant=rx.cond(row["full"] == "1", "soft", "solid"),
            size="3",
            min_height=TOUCH_TARGET,
        ),
    )


def programme_card(row) -> rx.Component:
    """One programme with its seats and «Записаться» (or the doctor's own status)."""
    return rx.card(
        rx.flex(
            rx.text(row["title"], weight="bold", size="4", flex="1", min_width="220px"),
            rx.text(
                row["seats"],
                size="2",
                weight="medium",
                color=rx.cond(row["full"] == "1", "var(--red-11)", "var(--green-11)"),
                id=f"{P}-seats-" + row["id"],
            ),
            gap="var(--space-2)",
            wrap="wrap",
            align="baseline",
        ),
        facts(row),
        rx.box(_action(row), margin_top="var(--space-2)"),
        rx.cond(S.offer.get("id", "") == row["id"], _offer(row)),
        id=f"{P}-programme-" + row["id"],
        width="100%",
    )


def pager() -> rx.Component:
    """«Назад» and «Далее» (shown when there is more than one page)."""
    return rx.cond(
        S.has_next | (S.page_no > 1),
        rx.flex(
            rx.button(
                "Назад",
                on_click=S.previous_page,
                disabled=S.page_no <= 1,
                variant="soft",
                size="3",
                min_height=TOUCH_TARGET,
                id=f"{P}-prev",
            ),
            rx.text("Страница ", S.page_no, size="2"),
            rx.button(
                "Далее",
                on_click=S.next_page,
                disabled=~S.has_next,
                variant="soft",
                size="3",
                min_height=TOUCH_TARGET,
                id=f"{P}-next",
            ),
            gap="var(--space-3)",
            align="center",
            justify="center",
        ),
    )


def catalogue() -> rx.Component:
    """The cards, or what to do when none match."""
    return rx.box(
        rx.cond(
            S.rows.length() > 0,
            rx.grid(
                rx.foreach(S.rows, programme_card),
                columns=rx.breakpoints(initial="1", md="2"),
                gap="var(--space-3)",
                width="100%",
            ),
            rx.callout(
                rx.cond(
                    S.filtered,
                    "Под эти условия программ нет. Измените фильтры или нажмите «Сбросить».",
                    "Ближайших программ пока нет — загляните позже.",
                ),
                icon="search-x",
                id=f"{P}-empty",
            ),
        ),
        pager(),
        id=f"{P}-catalogue",
        width="100%",
    )
