"""The record's filters (a date range applied with «Показать»; a diagnosis and a status applied
on change) and the PDF extract link of the record under them."""

from __future__ import annotations

import reflex as rx

from gosapp import routes
from gosapp.components.forms import date_field, labelled
from gosapp.components.tokens import TOUCH_TARGET
from gosapp.pages.patient.record.state import ALL, DATE_INPUTS, STATUS_CHOICES
from gosapp.pages.patient.record.state import RecordState as S


def date_form() -> rx.Component:
    """«Дата с», «по», «Показать», «Сбросить фильтры»."""
    return rx.form(
        rx.grid(
            *(
                date_field(label, name, DATE_INPUTS[name], S.errors.get(name, ""))
                for name, label in (("date_from", "Дата с"), ("date_to", "по"))
            ),
            rx.flex(
                rx.button("Показать", type="submit", size="3", min_height=TOUCH_TARGET),
                rx.button(
                    "Сбросить фильтры",
                    type="button",
                    variant="soft",
                    size="3",
                    min_height=TOUCH_TARGET,
                    on_click=S.reset_filters,
                    id="record-filter-reset",
                ),
                gap="var(--space-2)",
                align="end",
                wrap="wrap",
            ),
            columns=rx.breakpoints(initial="1", sm="2", md="3"),
            gap="var(--space-3)",
            width="100%",
        ),
        on_submit=S.apply_dates,
        no_validate=True,
    )


def diagnosis_choice() -> rx.Component:
    """One of the patient's diagnoses (by МКБ-10 code), applied on change."""
    return labelled(
        "Диагноз",
        rx.select.root(
            rx.select.trigger(id="record-filter-diagnosis", min_height=TOUCH_TARGET, width="100%"),
            rx.select.content(
                rx.select.item("Все диагнозы", value=ALL),
                rx.foreach(
                    S.diagnosis_options,
                    lambda o: rx.select.item(o["label"], value=o["code"]),
                ),
            ),
            value=S.applied["diagnosis"],
            on_change=lambda value: S.choose("diagnosis", value),
            size="3",
        ),
    )


def status_choice() -> rx.Component:
    """Open or closed items, applied on change."""
    return labelled(
        "Статус",
        rx.select.root(
            rx.select.trigger(id="record-filter-status", min_height=TOUCH_TARGET, width="100%"),
            rx.select.content(*(rx.select.item(text, value=code) for code, text in STATUS_CHOICES)),
            value=S.applied["status"],
            on_change=lambda value: S.choose("status", value),
            size="3",
        ),
    )


def filters_card() -> rx.Component:
    """Dates, diagnosis and status."""
    return rx.card(
        date_form(),
        rx.grid(
            diagnosis_choice(),
            status_choice(),
            columns=rx.breakpoints(initial="1", sm="2"),
            gap="var(--space-3)",
            margin_top="var(--space-3)",
        ),
        width="100%",
        id="record-filters",
    )


def pdf_link() -> rx.Component:
    """«Выписка в PDF»: a plain link; the route answers with the file."""
    return rx.button(
        rx.el.a(
            rx.icon("download", size=16, aria_hidden="true"),
            "Выписка в PDF",
            href=routes.record_export(S.export_query),
            download="",
            reload_document=True,  # rx.el.a is a router link: make it a real request
            id="record-export-pdf",
        ),
        as_child=True,
        variant="outline",
        size="3",
        min_height=TOUCH_TARGET,
    )
