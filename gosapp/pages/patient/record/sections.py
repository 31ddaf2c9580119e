"""The record's sections: chronic conditions and allergies first (what a doctor must know), then
visits, diagnoses, recommendations and vaccinations, each a ``data_table`` (cards on phones)
with an empty state that says what to do next."""

from __future__ import annotations

import reflex as rx

from gosapp import routes
from gosapp.components.data_table import cell, data_table, row_header
from gosapp.components.tokens import TOUCH_LINK, TOUCH_TARGET
from gosapp.pages.patient.record.state import RecordState as S

STATUS_COLORS = (
    ("active", "orange"),
    ("resolved", "green"),
    ("pending", "blue"),
    ("done", "green"),
)


def badge(row) -> rx.Component:
    """A status in words (the colour only helps)."""
    return rx.badge(
        row["status_label"],
        color_scheme=rx.match(row["status"], *STATUS_COLORS, "gray"),  # pyright: ignore[reportArgumentType]
        variant="soft",
        size="2",
    )


def empty(text: str, element_id: str, *extra: rx.Component) -> rx.Component:
    """An empty section: why, and what to do."""
    return rx.flex(
        rx.text(
            rx.cond(S.filtered, "Ничего не найдено — измените или сбросьте фильтры.", text),
            color="var(--gray-11)",
        ),
        *extra,
        id=element_id,
        direction="column",
        gap="var(--space-2)",
    )


def section(title: str, element_id: str, rows, body: rx.Component, none: rx.Component):
    """A headed section: its table, or its empty state."""
    return rx.flex(
        rx.heading(title, as_="h2", size="5"),
        rx.cond(rows.length() > 0, body, none),
        direction="column",
        gap="var(--space-3)",
        id=element_id,
        width="100%",
    )


def summary_list(rows, render, none: str, element_id: str) -> rx.Component:
    """The rows of a summary card, or what it says when there are none."""
    return rx.cond(
        rows.length() > 0,
        rx.flex(rx.foreach(rows, render), direction="column", gap="var(--space-2)"),
        rx.text(none, color="var(--gray-11)", size="2", id=element_id),
    )


def chronic_item(row) -> rx.Component:
    """One chronic condition: code and name."""
    return rx.text(rx.text.strong(row["code"]), " ", row["name"], size="3")


def allergy_item(row) -> rx.Component:
    """One allergy: the substance, its reaction and severity."""
    return rx.flex(
        rx.text(rx.text.strong(row["substance"]), size="3"),
        rx.text(row["details"], size="2", color="var(--gray-11)"),
        direction="column",
    )


def summary() -> rx.Component:
    """Chronic conditions and allergies side by side (stacked on phones)."""
    return rx.grid(
        rx.card(
            rx.heading("Хронические заболевания", as_="h2", size="4", margin_bottom="2"),
            summary_list(
                S.chronic, chronic_item, "Хронических заболеваний нет", "record-chronic-none"
            ),
            id="record-chronic",
        ),
        rx.card(
            rx.heading("Аллергии", as_="h2", size="4", margin_bottom="2"),
            summary_list(
                S.allergies, allergy_item, "Аллергии не отмечены", "record-allergies-none"
            ),
            id="record-allergies",
        ),
        columns=rx.breakpoints(initial="1", sm="2"),
        gap="var(--space-3)",
        width="100%",
    )


def visit_row(row) -> rx.Component:
    """One completed visit with the doctor's note."""
    return rx.table.row(
        row_header("Дата", rx.text(row["date"], white_space="nowrap")),
        cell(
            "Врач",
            rx.flex(
                rx.text(row["doctor"]),
                rx.text(row["specialty"], " · ", row["clinic"], size="1", color="var(--gray-11)"),
                direction="column",
            ),
        ),
        cell("Жалобы", row["complaint"]),
        cell("Заключение", row["conclusion"]),
        cell("Диагнозы", row["diagnoses"]),
    )


def visits() -> rx.Component:
    """«Приёмы»: completed visits, newest first."""
    return section(
        "Приёмы",
        "record-visits",
        S.visits,
        data_table(
            ("Дата", "Врач", "Жалобы", "Заключение", "Диагнозы"),
            S.visits,
            visit_row,
            element_id="record-visits-table",
        ),
        empty(
            "Состоявшихся приёмов пока нет.",
            "record-visits-empty",
            rx.link("Записаться к врачу", href=routes.APPOINTMENTS, **TOUCH_LINK),
        ),
    )


def diagnosis_row(row) -> rx.Component:
    """One diagnosis: code and name, date, doctor, status."""
    return rx.table.row(
        row_header("Диагноз", rx.text(rx.text.strong(row["code"]), " ", row["name"])),
        cell("Дата", rx.text(row["date"], white_space="nowrap")),
        cell("Врач", row["doctor"]),
        cell(
            "Статус",
            rx.flex(
                badge(row),
                rx.cond(row["chronic"] != "", rx.badge(row["chronic"], variant="outline")),
                gap="var(--space-1)",
                wrap="wrap",
            ),
        ),
        cell("Комментарий", row["comment"]),
    )


def diagnoses() -> rx.Component:
    """«Диагнозы», newest first."""
    return section(
        "Диагнозы",
        "record-diagnoses",
        S.diagnoses,
        data_table(
            ("Диагноз (МКБ-10)", "Дата", "Врач", "Статус", "Комментарий"),
            S.diagnoses,
            diagnosis_row,
            element_id="record-diagnoses-table",
        ),
        empty("Диагнозов нет. Их записывает врач на приёме.", "record-diagnoses-empty"),
    )


def done_button(row) -> rx.Component:
    """«Выполнено» while the recommendation is still to do."""
    return rx.cond(
        row["status"] == "pending",
        rx.button(
            rx.icon("check", size=16, aria_hidden="true"),
            "Выполнено",
            on_click=S.mark_done(row["id"]),
            size="2",
            variant="soft",
            color_scheme="green",
            min_height=TOUCH_TARGET,
            id="record-done-" + row["id"],
            aria_label="Отметить выполненной: " + row["text"],
        ),
    )


def recommendation_row(row) -> rx.Component:
    """One recommendation: what, by when, by whom, its status."""
    return rx.table.row(
        row_header(
            "Рекомендация",
            rx.flex(
                rx.text(row["text"], weight="medium"),
                rx.text(
                    row["kind"],
                    rx.cond(row["diagnosis"] != "", " · " + row["diagnosis"], ""),
                    size="1",
                    color="var(--gray-11)",
                ),
                direction="column",
            ),
        ),
        cell(
            "Срок",
            rx.flex(
                rx.text(row["due"], white_space="nowrap"),
                rx.cond(
                    row["overdue"] != "", rx.text(row["overdue"], size="1", color="var(--red-11)")
                ),
                direction="column",
            ),
        ),
        cell("Врач", row["doctor"]),
        cell("Статус", badge(row)),
        cell("", done_button(row)),
        id="record-recommendation-" + row["id"],
    )


def recommendations() -> rx.Component:
    """«Рекомендации», by due date."""
    return section(
        "Рекомендации",
        "record-recommendations",
        S.recommendations,
        data_table(
            ("Рекомендация", "Срок", "Врач", "Статус", ""),
            S.recommendations,
            recommendation_row,
            element_id="record-recommendations-table",
        ),
        empty("Рекомендаций нет.", "record-recommendations-empty"),
    )


def vaccination_row(row) -> rx.Component:
    """One vaccination."""
    return rx.table.row(
        row_header("Прививка", row["name"]),
        cell("Дата", rx.text(row["date"], white_space="nowrap")),
        cell("Доза", row["dose"]),
        cell("Где", row["place"]),
    )


def vaccinations() -> rx.Component:
    """«Прививки», newest first."""
    return section(
        "Прививки",
        "record-vaccinations",
        S.vaccinations,
        data_table(
            ("Прививка", "Дата", "Доза", "Где"),
            S.vaccinations,
            vaccination_row,
            element_id="record-vaccinations-table",
        ),
        empty("Прививок не записано.", "record-vaccinations-empty"),
    )
