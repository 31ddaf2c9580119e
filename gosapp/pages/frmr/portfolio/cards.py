"""A record's card: its data, status, expiry flag, newest preview, versions and actions; the
list of cards and the empty state."""

from __future__ import annotations

import reflex as rx

from gosapp.components.tokens import TOUCH_TARGET
from gosapp.pages.frmr.portfolio.state import NEW, PortfolioState
from gosapp.pages.frmr.portfolio.view import expiry_badge, preview, status_badge, version_item

S = PortfolioState


def _fact(label: str, value) -> rx.Component:
    return rx.text(
        rx.text(label, as_="span", color="var(--gray-11)"), " ", value, size="2", as_="div"
    )


def record_facts(row) -> rx.Component:
    """Number, dates and issuer."""
    return rx.flex(
        _fact("Номер:", row.number),
        _fact("Выдан:", row.issued),
        _fact("Кем выдан:", row.issuer),
        _fact("Действителен до:", row.valid_until),
        direction="column",
        gap="var(--space-1)",
    )


def pick_box(row) -> rx.Component:
    """«В пакет документов»: a checkbox on an approved, active record."""
    return rx.cond(
        (row.status == "approved") & ~row.archived,
        rx.el.label(
            rx.checkbox(
                checked=S.picked.contains(row.id),
                on_change=lambda _: S.toggle_pick(row.id),
                id="portfolio-pick-" + row.id,
                aria_label="В пакет документов: " + row.type_label + " № " + row.number,
                size="3",
            ),
            rx.text("В пакет документов", size="2"),
            display="flex",
            align_items="center",
            gap="var(--space-2)",
            min_height=TOUCH_TARGET,
        ),
    )


def record_actions(row) -> rx.Component:
    """Choose for the package, correct a rejected version, archive or restore."""
    return rx.flex(
        pick_box(row),
        rx.cond(
            row.can_correct,
            rx.button(
                rx.cond(row.status == "rejected", "Загрузить исправленную версию", "Новая версия"),
                on_click=S.open_form(row.id),
                id="portfolio-correct-" + row.id,
                variant=rx.cond(row.status == "rejected", "solid", "soft"),
                min_height=TOUCH_TARGET,
            ),
        ),
        rx.button(
            rx.cond(row.archived, "Восстановить", "В архив"),
            on_click=S.ask_archive(row.id),
            id="portfolio-archive-" + row.id,
            variant="outline",
            color_scheme="gray",
            min_height=TOUCH_TARGET,
        ),
        gap="var(--space-2)",
        wrap="wrap",
        align="center",
        margin_top="var(--space-2)",
    )


def record_card(row) -> rx.Component:
    """One record: heading with status and flag, data beside the newest preview, versions."""
    newest = row.versions[0]
    return rx.card(
        rx.flex(
            rx.heading(row.type_label, as_="h3", size="4"),
            status_badge(row.status, row.status_label),
            expiry_badge(row),
            gap="var(--space-2)",
            align="center",
            wrap="wrap",
        ),
        rx.flex(
            record_facts(row),
            rx.foreach(newest.files, preview),
            gap="var(--space-4)",
            wrap="wrap",
            justify="between",
            margin_top="var(--space-2)",
        ),
        rx.el.ul(rx.foreach(row.versions, version_item), list_style="none", padding="0"),
        record_actions(row),
        id="portfolio-record-" + row.id,
        class_name="portfolio-record",
        width="100%",
    )


def empty_state() -> rx.Component:
    """No records (or none matching the filters): what to do next."""
    return rx.card(
        rx.flex(
            rx.icon("folder-open", size=32, color="var(--gray-9)", aria_hidden="true"),
            rx.cond(
                (S.doc_type == "") & (S.status == "") & (S.show == "active"),
                rx.text(
                    "В портфолио пока нет документов. Нажмите «Добавить запись», выберите вид "
                    "документа и приложите скан — после проверки он получит статус «подтверждён».",
                ),
                rx.text("Нет документов, подходящих под фильтры. Измените условия отбора."),
            ),
            rx.cond(
                S.show == "active",
                rx.button("Добавить запись", on_click=S.open_form(NEW), min_height=TOUCH_TARGET),
            ),
            direction="column",
            align="center",
            gap="var(--space-3)",
            text_align="center",
        ),
        id="portfolio-empty",
        width="100%",
    )


def record_list() -> rx.Component:
    """The cards, or the empty state."""
    return rx.cond(
        S.records.length() > 0,
        rx.flex(
            rx.foreach(S.records, record_card),
            direction="column",
            gap="var(--space-3)",
            width="100%",
            id="portfolio-list",
        ),
        empty_state(),
    )
