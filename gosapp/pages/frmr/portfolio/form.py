"""The record form («Добавить запись» or «Загрузить исправленную версию»), the archive
confirmation and the package panel."""

from __future__ import annotations

import reflex as rx

from gosapp.components.forms import date_field, error_for, labelled, submit_button
from gosapp.components.tokens import TOUCH_LINK, TOUCH_TARGET
from gosapp.components.uploader import uploader
from gosapp.pages.frmr.portfolio.state import NEW, WIDGET, PortfolioState
from gosapp.pages.frmr.portfolio.view import native_select
from gosapp.services.frmr import portfolio_review as review

S = PortfolioState
P = "portfolio"


def _text(label: str, name: str, **props) -> rx.Component:
    return rx.box(
        labelled(
            label,
            rx.input(
                name=name,
                id=f"{P}-{name.replace('_', '-')}",
                default_value=S.form_values.get(name, ""),
                size="3",
                **props,
            ),
        ),
        error_for(S.form_errors, name, P),
    )


def _dates() -> rx.Component:
    return rx.grid(
        date_field(
            "Дата выдачи",
            "issued_on",
            f"{P}-issued-on",
            S.form_errors.get("issued_on", ""),
            default_value=S.form_values.get("issued_on", ""),
        ),
        date_field(
            "Действителен до (если есть срок)",
            "valid_until",
            f"{P}-valid-until",
            S.form_errors.get("valid_until", ""),
            default_value=S.form_values.get("valid_until", ""),
        ),
        columns=rx.breakpoints(initial="1", xs="2"),
        gap="var(--space-3)",
    )


def _buttons() -> rx.Component:
    return rx.flex(
        submit_button("Отправить на проверку", f"{P}-submit", size="3"),
        rx.button(
            "Отмена",
            type="button",
            variant="soft",
            color_scheme="gray",
            size="3",
            on_click=S.close_form,
            min_height=TOUCH_TARGET,
        ),
        gap="var(--space-2)",
        wrap="wrap",
    )


def _fields() -> rx.Component:
    return rx.flex(
        labelled(
            "Вид документа",
            native_select(
                "doc_type",
                f"{P}-type",
                review.TYPE_LABELS,
                default_value=S.form_values.get("doc_type", ""),
            ),
        ),
        error_for(S.form_errors, "doc_type", P),
        _text("Номер документа", "number", max_length=60),
        _dates(),
        _text("Кем выдан", "issuer", max_length=200),
        uploader(WIDGET, input_id=f"{P}-file", label="Файлы документа"),
        error_for(S.form_errors, "file", P),
        error_for(S.form_errors, "form", P),
        _buttons(),
        direction="column",
        gap="var(--space-3)",
    )


def record_form() -> rx.Component:
    """Type, number, dates, issuer and the files; errors beside each field, nothing typed lost."""
    return rx.card(
        rx.heading(
            rx.cond(S.editing == NEW, "Новая запись", "Исправленная версия"), as_="h2", size="5"
        ),
        rx.form(
            _fields(),
            on_submit=S.submit,
            no_validate=True,
            key=S.editing,  # a fresh form (and defaults) for each record
        ),
        id=f"{P}-form",
        width="100%",
    )


def archive_dialog() -> rx.Component:
    """«Перенести в архив?» / «Восстановить запись?» before it happens."""
    restoring = S.show == "archived"
    return rx.alert_dialog.root(
        rx.alert_dialog.content(
            rx.alert_dialog.title(
                rx.cond(restoring, "Восстановить запись?", "Перенести запись в архив?")
            ),
            rx.alert_dialog.description(
                rx.cond(
                    restoring,
                    "Запись вернётся в список действующих документов.",
                    "Запись исчезнет из списка и из напоминаний о сроках. Её можно будет "
                    "восстановить из архива.",
                )
            ),
            rx.flex(
                rx.alert_dialog.cancel(
                    rx.button(
                        "Отмена", variant="soft", color_scheme="gray", min_height=TOUCH_TARGET
                    )
                ),
                rx.alert_dialog.action(
                    rx.button(
                        rx.cond(restoring, "Восстановить", "В архив"),
                        on_click=S.confirm_archive,
                        id=f"{P}-archive-confirm",
                        min_height=TOUCH_TARGET,
                    )
                ),
                gap="var(--space-3)",
                justify="end",
                margin_top="var(--space-4)",
            ),
        ),
        open=S.confirming != "",
        on_open_change=S.confirm_open_change,
    )


def _package_result() -> rx.Component:
    """The progress while building, then the download link or the reason it failed."""
    return rx.fragment(
        rx.cond(
            S.building,
            rx.progress(
                value=S.progress,
                max=100,
                aria_label="Формирование пакета",
                id=f"{P}-package-progress",
            ),
        ),
        rx.cond(
            S.package_error != "", rx.text(S.package_error, color="var(--red-11)", role="alert")
        ),
        rx.cond(
            S.package_url != "",
            rx.el.a(
                rx.icon("download", size=18, aria_hidden="true"),
                "Скачать пакет (ZIP)",
                href=S.package_url,
                reload_document=True,
                id=f"{P}-package-download",
                gap="var(--space-2)",
                **TOUCH_LINK,
            ),
        ),
    )


def package_panel() -> rx.Component:
    """«Пакет документов»: how many are chosen, the build with its progress, the download."""
    return rx.card(
        rx.flex(
            rx.icon("package", size=22, aria_hidden="true"),
            rx.text(
                "Пакет документов: выбрано ",
                S.picked.length(),
                ". Отметьте подтверждённые документы — получите ZIP с описью (PDF).",
                size="2",
                flex="1",
            ),
            rx.button(
                "Сформировать пакет",
                on_click=S.build_package,
                disabled=(S.picked.length() == 0) | S.building,
                loading=S.building,
                id=f"{P}-package-build",
                min_height=TOUCH_TARGET,
            ),
            gap="var(--space-3)",
            align="center",
            wrap="wrap",
        ),
        _package_result(),
        id=f"{P}-package",
        width="100%",
    )
