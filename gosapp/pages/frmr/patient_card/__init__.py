"""`/frmr/patients/[patient_id]`: the doctor's card of one patient (SPEC §3), tablet first.

Opened from the workplace (a link on each visit) or from «Найти своего пациента». With a visit
the doctor sees the whole record and writes the visit of today; with a share only, exactly the
shared results. Anyone else sees a refusal that reveals nothing. ``state.py`` holds the state,
``visit_form`` the visit being written, this module the record and the results.
"""

from __future__ import annotations

import reflex as rx

from gosapp import routes
from gosapp.components.data_table import cell, data_table, row_header
from gosapp.components.layout import page
from gosapp.components.loading import list_skeleton
from gosapp.components.tokens import TOUCH_LINK, TOUCH_TARGET
from gosapp.pages.frmr.patient_card.state import PatientCardState as S
from gosapp.pages.frmr.patient_card.visit_form import visit_form
from gosapp.pages.patient.record.sections import (
    allergy_item,
    badge,
    chronic_item,
    summary_list,
    vaccination_row,
    visit_row,
)
from gosapp.state.auth import SessionState

__all__ = ["PatientCardState", "patient_card_page"]
PatientCardState = S


def headed(title: str, element_id: str, rows, table: rx.Component, none: str) -> rx.Component:
    """A section: its table, or a line saying there is nothing."""
    return rx.flex(
        rx.heading(title, as_="h2", size="5"),
        rx.cond(rows.length() > 0, table, rx.text(none, color="var(--gray-11)")),
        direction="column",
        gap="var(--space-2)",
        id=element_id,
        width="100%",
    )


def result_row(row) -> rx.Component:
    """One result: name, value with its flag in words, range, date."""
    return rx.table.row(
        row_header("Показатель", row["name"]),
        cell("Значение", row["value"]),
        cell(
            "Оценка",
            rx.text(
                row["flag_label"],
                color=rx.match(
                    row["flag"], ("H", "var(--red-11)"), ("L", "var(--blue-11)"), "inherit"
                ),
            ),
        ),
        cell("Норма", row["ref"]),
        cell("Дата", row["when"]),
    )


def results() -> rx.Component:
    """The latest results the doctor may see, and the way to all of them (filters, trends)."""
    return headed(
        "Последние результаты анализов",
        "card-results",
        S.results,
        rx.vstack(
            data_table(
                ("Показатель", "Значение", "Оценка", "Норма", "Дата"),
                S.results,
                result_row,
                element_id="card-results-table",
            ),
            rx.link("Все результаты и динамика", href=routes.labs_of(S.patient_id)),
            width="100%",
        ),
        "Результатов нет",
    )


def doctor_diagnosis_row(row) -> rx.Component:
    """A diagnosis row, with «Излечён» for an active one while a visit is being written."""
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
        cell(
            "",
            rx.cond(
                (S.visit_id > 0) & (row["status"] == "active"),
                rx.button(
                    "Излечён",
                    on_click=S.resolve(row["id"]),
                    variant="soft",
                    size="2",
                    min_height=TOUCH_TARGET,
                    id="card-resolve-" + row["id"],
                ),
            ),
        ),
    )


def recommendation_row(row) -> rx.Component:
    """One recommendation (read-only for the doctor's view of the record)."""
    return rx.table.row(
        row_header("Рекомендация", rx.text(row["text"])),
        cell("Вид", row["kind"]),
        cell("Срок", row["due"]),
        cell("Статус", badge(row)),
    )


def summary() -> rx.Component:
    """Chronic conditions and allergies."""
    return rx.grid(
        rx.card(
            rx.heading("Хронические заболевания", as_="h2", size="4"),
            summary_list(S.chronic, chronic_item, "Нет", "card-chronic-none"),
            id="card-chronic",
        ),
        rx.card(
            rx.heading("Аллергии", as_="h2", size="4"),
            summary_list(S.allergies, allergy_item, "Не отмечены", "card-allergies-none"),
            id="card-allergies",
        ),
        columns=rx.breakpoints(initial="1", sm="2"),
        gap="var(--space-3)",
        width="100%",
    )


RECORD_TABLES = (  # title, element id, rows var name, headers, row builder, when empty
    (
        "Диагнозы",
        "card-diagnoses",
        "diagnoses",
        ("Диагноз (МКБ-10)", "Дата", "Врач", "Статус", "Комментарий", ""),
        doctor_diagnosis_row,
        "Диагнозов нет",
    ),
    (
        "Рекомендации",
        "card-recommendations",
        "recommendations",
        ("Рекомендация", "Вид", "Срок", "Статус"),
        recommendation_row,
        "Рекомендаций нет",
    ),
    (
        "Приёмы",
        "card-visits",
        "visits",
        ("Дата", "Врач", "Жалобы", "Заключение", "Диагнозы"),
        visit_row,
        "Состоявшихся приёмов нет",
    ),
    (
        "Прививки",
        "card-vaccinations",
        "vaccinations",
        ("Прививка", "Дата", "Доза", "Где"),
        vaccination_row,
        "Прививок нет",
    ),
)


def the_record() -> rx.Component:
    """The patient's record: diagnoses, recommendations, visits, vaccinations."""
    return rx.flex(
        *(
            headed(
                title,
                element_id,
                getattr(S, rows),
                data_table(headers, getattr(S, rows), render, element_id=f"{element_id}-table"),
                none,
            )
            for title, element_id, rows, headers, render, none in RECORD_TABLES
        ),
        direction="column",
        gap="var(--space-5)",
        width="100%",
    )


def patient_heading() -> rx.Component:
    """Name, age, and why the doctor sees the card."""
    return rx.flex(
        rx.heading(S.name, as_="h1", size="7", id="card-patient"),
        rx.text(S.age, size="4", color="var(--gray-11)"),
        rx.cond(
            S.via != "share",
            rx.el.a(
                rx.icon("download", size=16, aria_hidden="true"),
                "Выписка в PDF",
                href=routes.record_export("patient=" + S.patient_id.to(str)),
                download="",
                reload_document=True,  # rx.el.a is a router link: make it a real request
                id="card-export-pdf",
                style={**TOUCH_LINK, "gap": "var(--space-1)", "color": "var(--accent-11)"},
                margin_left="auto",
            ),
        ),
        rx.link("← Рабочее место", href=routes.WORKPLACE, **TOUCH_LINK),
        align="center",
        gap="var(--space-3)",
        wrap="wrap",
        width="100%",
    )


def content() -> rx.Component:
    """The card for a visit (record + the visit form) or for a share (its results only)."""
    return rx.flex(
        patient_heading(),
        rx.cond(
            S.via == "share",
            rx.callout(
                "Пациент поделился с вами только выбранными результатами анализов. "
                "Медицинская карта вам не видна.",
                icon="info",
                id="card-share-only",
            ),
            rx.fragment(
                summary(),
                rx.cond(
                    S.visit_id > 0,
                    visit_form(),
                    rx.callout(
                        "Сегодня приёма этого пациента у вас нет: карта открыта для просмотра.",
                        icon="info",
                        id="card-no-visit",
                    ),
                ),
            ),
        ),
        results(),
        rx.cond(S.via != "share", the_record()),
        direction="column",
        gap="var(--space-5)",
        width="100%",
        id="card-page",
    )


def refusal() -> rx.Component:
    """Not found, or not this doctor's patient: nothing about the patient is said."""
    return rx.callout(S.missing, icon="shield-alert", color_scheme="red", id="card-missing")


def patient_card_page() -> rx.Component:
    """The «Карта пациента» page."""
    return page(
        rx.cond(
            SessionState.me & (SessionState.me.id == S.owner),
            rx.cond(S.missing != "", refusal(), content()),
            list_skeleton("card-loading"),
        ),
    )
