"""`/szn/applications`: allowance applications. The form autosaves as the citizen types (the
draft lives on the server: a reload, a lost connection or a closed tab loses nothing);
«Подать» submits it; below, every application with its status."""

from __future__ import annotations

import reflex as rx
from reflex.vars import ObjectVar

from gosapp import routes
from gosapp.components.cards import touch_link
from gosapp.components.data_table import cell, data_table, row_header
from gosapp.components.forms import (
    date_input,
    error_for,
    labelled,
    native_select,
    submit_button,
    success_note,
)
from gosapp.components.layout import page
from gosapp.components.loading import list_skeleton
from gosapp.components.uploader import uploader
from gosapp.pages.szn.applications_state import FORM_WIDGET
from gosapp.pages.szn.applications_state import ApplicationsState as S
from gosapp.services.social.allowance import KIND_LABELS

KINDS = {"": "Выберите вид пособия", **KIND_LABELS}
AUTOSAVE_MS = 600


def _saving(name: str) -> dict:
    """Save on every pause in typing and at once when the field is left."""
    return {
        "on_change": lambda value: S.edit(name, value).debounce(AUTOSAVE_MS),
        "on_blur": lambda value: S.edit(name, value),
    }


def text_field(label: str, name: str, hint: str = "", **props) -> rx.Component:
    """A labelled input that autosaves, with its error."""
    element_id = f"szn-app-{name.replace('_', '-')}"
    return rx.box(
        labelled(label, rx.input(name=name, id=element_id, size="3",
                                 default_value=S.values[name], **_saving(name), **props), hint),
        error_for(S.form_errors, name, "szn-app"),
        width="100%",
    )  # fmt: skip


def date_box(label: str, name: str) -> rx.Component:
    """A ДД.ММ.ГГГГ input that autosaves, with its error."""
    element_id = f"szn-app-{name.replace('_', '-')}"
    return rx.box(
        labelled(label, date_input(name, element_id, default_value=S.values[name],
                                   **_saving(name)), "ДД.ММ.ГГГГ"),
        error_for(S.form_errors, name, "szn-app"),
        width="100%",
    )  # fmt: skip


def two(*children: rx.Component) -> rx.Component:
    """Two fields side by side from the small-tablet width, stacked on phones."""
    return rx.grid(*children, columns=rx.breakpoints(initial="1", sm="2"), gap="var(--space-3)")


def application_form() -> rx.Component:
    """The application: kind, period, bank details, the child, documents; autosaved."""
    return rx.card(
        rx.heading("Заявление на пособие", as_="h2", size="5"),
        rx.text("Всё, что вы вводите, сохраняется как черновик автоматически.", size="2",
                color="var(--gray-11)"),
        rx.form(
            rx.flex(
                rx.box(labelled("Вид пособия", native_select(
                    "kind", "szn-app-kind", KINDS, default_value=S.values["kind"],
                    on_change=lambda v: S.edit("kind", v))),
                    error_for(S.form_errors, "kind", "szn-app")),
                two(date_box("Период с", "period_from"), date_box("по", "period_to")),
                two(text_field("БИК банка", "bik", "9 цифр, начинается с 04", input_mode="numeric"),
                    text_field("Номер счёта", "account", "20 цифр", input_mode="numeric")),
                rx.cond(S.needs_child, two(
                    text_field("ФИО ребёнка", "child_name"),
                    date_box("Дата рождения ребёнка", "child_birth_date"))),
                uploader(FORM_WIDGET, label="Документы (PDF, JPG, PNG до 5 МБ)"),
                error_for(S.form_errors, "form", "szn-app"),
                rx.flex(submit_button("Подать", "szn-app-submit", size="3"),
                        rx.text(S.saved_note, size="2", color="var(--gray-11)",
                                id="szn-app-saved", aria_live="polite"),
                        gap="var(--space-3)", align="center", wrap="wrap"),
                direction="column", gap="var(--space-3)",
            ),
            on_submit=S.submit, no_validate=True, key=S.form_key.to(str),
        ),
        success_note(S.submitted, "szn-app-submitted"),
    )  # fmt: skip


def application_row(row: ObjectVar[dict[str, str]]) -> rx.Component:
    """One application: number, kind, date, status with its deadline, the way to its history."""
    return rx.table.row(
        row_header("Номер", rx.text(row["number"], weight="medium")),
        cell("Вид пособия", row["kind"]),
        cell("Создано", row["created"]),
        cell("Статус", rx.badge(row["status"], size="2"), rx.text(row["deadline"], size="1")),
        cell("", touch_link("Ход рассмотрения", href=routes.history_open(row["number"]))),
    )


def applications_page() -> rx.Component:
    """«Заявления на пособия»: the autosaved form above the list."""
    return page(
        rx.cond(
            ~S.loaded,
            list_skeleton("szn-applications-loading"),
            rx.cond(
                S.blocked != "",
                rx.flex(rx.callout(S.blocked, icon="info", id="szn-applications-blocked"),
                        touch_link("Подключить кабинет", href=routes.SZN), direction="column"),
                rx.flex(
                    application_form(),
                    rx.heading("Мои заявления", as_="h2", size="5"),
                    rx.cond(
                        S.rows.length() > 0,
                        data_table(["Номер", "Вид пособия", "Создано", "Статус", ""], S.rows,
                                   application_row, element_id="szn-applications"),
                        rx.text("Заявлений пока нет — заполните форму выше.",
                                id="szn-applications-empty"),
                    ),
                    direction="column", gap="var(--space-4)",
                ),
            ),
        ),
        heading="Заявления на пособия",
    )  # fmt: skip
