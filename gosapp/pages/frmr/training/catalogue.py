"""The catalogue: the filters (applied with «Показать», kept in the address), the programme
cards with «Записаться», the waiting-list offer and the pager."""

from __future__ import annotations

import reflex as rx

from gosapp.components.forms import date_field, error_for, labelled
from gosapp.components.tokens import TOUCH_TARGET
from gosapp.pages.frmr.portfolio.view import native_select
from gosapp.pages.frmr.training.state import TrainingState
from gosapp.services.frmr.training_catalog import KINDS, MAX_TEXT, REGIONS

S = TrainingState
P = "training"
STATUS_COLORS = (("enrolled", "green"), ("waiting", "amber"), ("finished", "blue"))


def status_badge(status, label) -> rx.Component:
    """The doctor's own status (the word carries the meaning)."""
    return rx.badge(
        label,
        color_scheme=rx.match(status, *STATUS_COLORS, "gray"),  # pyright: ignore[reportArgumentType]
        variant="soft",
        size="2",
    )


def _select(label: str, name: str, options: dict[str, str]) -> rx.Component:
    return rx.box(
        labelled(
            label,
            native_select(
                name,
                f"{P}-filter-{name}",
                {"": "Все", **options},
                default_value=S.applied.get(name, ""),
            ),
        ),
        error_for(S.errors, name, P),
    )


def _free_switch() -> rx.Component:
    return rx.el.label(
        rx.checkbox(
            name="free",
            value="1",
            default_checked=S.applied.get("free", "") == "1",
            id=f"{P}-filter-free",
            size="3",
        ),
        rx.text("Только со свободными местами", size="2"),
        display="flex",
        align_items="center",
        gap="var(--space-2)",
        min_height=TOUCH_TARGET,
        cursor="pointer",
    )


def _text() -> rx.Component:
    return rx.box(
        labelled(
            "Поиск",
            rx.input(
                name="q",
                id=f"{P}-filter-q",
                placeholder="Название или организатор",
                max_length=MAX_TEXT,
                default_value=S.applied.get("q", ""),
                size="3",
                auto_complete="off",
            ),
        ),
        error_for(S.errors, "q", P),
    )


def _buttons() -> rx.Component:
    return rx.flex(
        rx.button("Показать", type="submit", size="3", min_height=TOUCH_TARGET, id=f"{P}-apply"),
        rx.button(
            "Сбросить",
            type="button",
            variant="soft",
            size="3",
            min_height=TOUCH_TARGET,
            on_click=S.reset_filters,
            id=f"{P}-reset",
        ),
        gap="var(--space-2)",
        align="end",
        wrap="wrap",
    )


def filters_card() -> rx.Component:
    """Kind, region, the first date, the text and «только со свободными местами»."""
    return rx.card(
        rx.form(
            rx.grid(
                _select("Вид", "kind", KINDS),
                _select("Регион", "region", {r: r for r in REGIONS}),
                date_field(
                    "Начало не раньше",
                    "from",
                    f"{P}-filter-from",
                    S.errors.get("from", ""),
                    default_value=S.applied.get("from", ""),
                ),
                _text(),
                _free_switch(),
                _buttons(),
                columns=rx.breakpoints(initial="1", sm="2", lg="3"),
                gap="var(--space-3)",
                align_items="end",
                width="100%",
            ),
            on_submit=S.apply,
            no_validate=True,
            key=S.form_key,
        ),
        id=f"{P}-filters",
        width="100%",
    )
