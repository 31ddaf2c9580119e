"""The filters card (date range typed as ДД.ММ.ГГГГ, applied with «Показать»; type, status and
sort on change) and the CSV/PDF export links of the whole filtered list."""

import reflex as rx

from gosapp import routes
from gosapp.components.forms import date_field, labelled
from gosapp.components.layout import TOUCH_TARGET
from gosapp.pages.account.history.state import (
    ALL,
    DATE_INPUTS,
    ORDERS,
    HistoryState,
)
from gosapp.services.requests import history

CHOICE_FIELDS = (  # field, label, options, element id: the selects applied on change
    ("type", "Вид обращения", [(ALL, "Все виды"), *history.type_choices()], "history-filter-type"),
    (
        "status",
        "Статус",
        [(ALL, "Все статусы"), *history.status_choices()],
        "history-filter-status",
    ),
    ("order", "Сортировка", list(ORDERS), "history-sort"),
)


def choice(field: str, label: str, options: list[tuple[str, str]], element_id: str) -> rx.Component:
    """A select applied on change (type, status, sort)."""
    return labelled(
        label,
        rx.select.root(
            rx.select.trigger(id=element_id, min_height=TOUCH_TARGET, width="100%"),
            rx.select.content(*(rx.select.item(text, value=value) for value, text in options)),
            value=HistoryState.applied[field],
            on_change=lambda value: HistoryState.choose(field, value),
            size="3",
        ),
    )


def date_form() -> rx.Component:
    """The date range with «Показать» and «Сбросить фильтры»."""
    return rx.form(
        rx.grid(
            *(
                date_field(label, name, DATE_INPUTS[name], HistoryState.errors.get(name, ""))
                for name, label in (("date_from", "Дата подачи с"), ("date_to", "по"))
            ),
            rx.flex(
                rx.button("Показать", type="submit", size="3", min_height=TOUCH_TARGET),
                rx.button(
                    "Сбросить фильтры",
                    type="button",
                    variant="soft",
                    size="3",
                    min_height=TOUCH_TARGET,
                    on_click=HistoryState.reset_filters,
                    id="history-filter-reset",
                ),
                gap="var(--space-2)",
                align="end",
                wrap="wrap",
            ),
            columns=rx.breakpoints(initial="1", sm="2", md="3"),
            gap="var(--space-3)",
            width="100%",
        ),
        on_submit=HistoryState.apply_dates,
        no_validate=True,
    )


def filters_card() -> rx.Component:
    """Date range (applied with «Показать»), type, status and sort (applied on change)."""
    return rx.card(
        date_form(),
        rx.grid(
            *(
                choice(field, label, options, element_id)
                for field, label, options, element_id in CHOICE_FIELDS
            ),
            columns=rx.breakpoints(initial="1", sm="3"),
            gap="var(--space-3)",
            margin_top="var(--space-3)",
        ),
        width="100%",
    )


def export_links() -> rx.Component:
    """Downloads of the whole filtered list: plain links, the route answers with a file."""
    return rx.flex(
        *(
            rx.button(
                rx.el.a(
                    rx.icon("download", size=16, aria_hidden="true"),
                    label,
                    href=routes.history_export(kind, HistoryState.export_query),
                    download="",
                    reload_document=True,  # rx.el.a is a router link: make it a real request
                    id=f"history-export-{kind}",
                ),
                as_child=True,
                variant="outline",
                size="3",
                min_height=TOUCH_TARGET,
            )
            for kind, label in (("csv", "Скачать CSV"), ("pdf", "Скачать PDF"))
        ),
        gap="var(--space-2)",
        wrap="wrap",
    )
