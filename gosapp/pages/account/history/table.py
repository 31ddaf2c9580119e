"""The requests table: one row per request with its timeline expanding below it, the pager, and
the empty state."""

import reflex as rx

from gosapp import routes
from gosapp.components.data_table import cell, data_table, row_header
from gosapp.components.layout import TOUCH_TARGET
from gosapp.components.timeline import status_badge, timeline
from gosapp.components.tokens import TOUCH_LINK
from gosapp.pages.account.history.state import HistoryState


def deadline_cell(row: dict) -> rx.Component:
    """«решение до …» / «ответ до …» and an overdue marker; a dash for drafts and decided ones."""
    return cell(
        "Срок",
        rx.cond(row["deadline"] != "", rx.text(row["deadline"], size="2"), rx.text("—")),
        rx.cond(
            row["overdue"] != "",
            rx.badge("Просрочено", color_scheme="red", class_name="overdue-marker"),
        ),
    )


def toggle_button(row: dict, is_open: rx.Var) -> rx.Component:
    """«Ход рассмотрения» / «Скрыть»: expands or collapses the request's timeline."""
    return rx.button(
        rx.cond(is_open, "Скрыть", "Ход рассмотрения"),
        rx.cond(
            is_open,
            rx.icon("chevron-up", size=16, aria_hidden="true"),
            rx.icon("chevron-down", size=16, aria_hidden="true"),
        ),
        variant="ghost",
        size="2",
        min_height=TOUCH_TARGET,
        aria_expanded=rx.cond(is_open, "true", "false"),
        aria_controls="history-timeline-" + row["id"],
        on_click=HistoryState.toggle(row["id"]),
        class_name="history-toggle",
        id="history-open-" + row["id"],
    )


def draft_actions(row: dict) -> rx.Component:
    """A draft's «Продолжить» (its card on the type's page) and «Подать»."""
    return rx.cond(
        row["status"] == "draft",
        rx.flex(
            rx.cond(
                row["continue_href"] != "",
                rx.link(
                    "Продолжить",
                    href=row["continue_href"],
                    id="history-continue-" + row["id"],
                    **TOUCH_LINK,
                ),
            ),
            rx.button(
                "Подать",
                size="2",
                min_height=TOUCH_TARGET,
                on_click=HistoryState.submit_draft(row["id"]),
                id="history-submit-" + row["id"],
            ),
            gap="var(--space-3)",
            align="center",
            wrap="wrap",
        ),
    )


def timeline_row(row: dict) -> rx.Component:
    """The request's timeline in a full-width row."""
    return rx.table.row(
        rx.table.cell(
            rx.heading("Ход рассмотрения " + row["number"], as_="h2", size="3"),
            rx.box(timeline(HistoryState.entries), margin_top="var(--space-2)"),
            col_span=7,
            id="history-timeline-" + row["id"],
            background="var(--gray-2)",
        ),
    )


def request_row(row: dict) -> rx.Component:
    """One request and, when expanded, its timeline in a full-width row below it."""
    is_open = HistoryState.open_id == row["id"]
    return rx.fragment(
        rx.table.row(
            row_header("Номер", row["number"], white_space="nowrap"),
            cell("Дата подачи", row["created"], white_space="nowrap"),
            cell("Вид обращения", row["type_title"]),
            cell("Статус", status_badge(row["status"], row["status_label"])),
            deadline_cell(row),
            cell("Файлов", row["attachments"], text_align="center"),
            cell(
                "",
                rx.flex(
                    draft_actions(row),
                    toggle_button(row, is_open),
                    gap="var(--space-2)",
                    wrap="wrap",
                ),
            ),
            class_name="history-row",
        ),
        rx.cond(is_open, timeline_row(row)),
    )


def pager() -> rx.Component:
    """«Назад» · «Стр. 2 из 5» · «Вперёд»."""
    return rx.flex(
        rx.button(
            "Назад",
            variant="soft",
            size="3",
            min_height=TOUCH_TARGET,
            disabled=HistoryState.page <= 1,
            on_click=HistoryState.show_page((HistoryState.page - 1).to(int)),
            id="history-prev",
        ),
        rx.text(
            "Стр. ",
            HistoryState.page,
            " из ",
            HistoryState.pages,
            id="history-page",
            aria_live="polite",
        ),
        rx.button(
            "Вперёд",
            variant="soft",
            size="3",
            min_height=TOUCH_TARGET,
            disabled=HistoryState.page >= HistoryState.pages,
            on_click=HistoryState.show_page((HistoryState.page + 1).to(int)),
            id="history-next",
        ),
        gap="var(--space-3)",
        align="center",
        justify="center",
        width="100%",
    )


def requests_table() -> rx.Component:
    """The page of requests with the pager."""
    headers = ("Номер", "Дата подачи", "Вид обращения", "Статус", "Срок", "Файлов", "")
    return rx.vstack(
        data_table(headers, HistoryState.rows, request_row, element_id="history-table"),
        rx.text("Всего обращений: ", HistoryState.total, size="2", color="var(--gray-11)"),
        pager(),
        spacing="3",
        width="100%",
    )


def empty_state() -> rx.Component:
    """What to do next when there is nothing to show."""
    return rx.card(
        rx.cond(
            HistoryState.filtered,
            rx.flex(
                rx.text(
                    "По выбранным условиям обращений не найдено. Измените или сбросьте фильтры."
                ),
                rx.button(
                    "Сбросить фильтры",
                    variant="soft",
                    size="3",
                    min_height=TOUCH_TARGET,
                    on_click=HistoryState.reset_filters,
                ),
                gap="var(--space-3)",
                align="center",
                wrap="wrap",
            ),
            rx.text(
                "Обращений пока нет — ",
                rx.link("закажите справку", href=routes.CERTIFICATES),
                " или ",
                rx.link("напишите в поддержку", href=routes.SUPPORT),
                ".",
            ),
        ),
        id="history-empty",
    )
