"""The results table (stacked cards on phones), its pager and its empty state."""

import reflex as rx
from reflex.vars import ArrayVar, StringVar

from gosapp import routes
from gosapp.components.data_table import cell, data_table, row_header
from gosapp.components.tokens import TOUCH_TARGET
from gosapp.models.labs import LabFlag
from gosapp.pages.patient.labs.state import LabsState
from gosapp.services.medical.lab_display import FLAG_TEXTS, ROW_CELLS, STATUS_LABELS

STATUS_WORDS = tuple((code.value, words) for code, words in STATUS_LABELS.items())
HEADERS = ("Показатель", "Результат", "Норма", "Дата", "Лаборатория", "Статус")
Row = ArrayVar[list[str]]  # a row's cells, in ROW_CELLS order


def at(row: Row, name: str) -> StringVar:
    """The cell ``name`` of ``row``."""
    return row[ROW_CELLS.index(name)].to(str)


def flag_badge(flag: StringVar) -> rx.Component:
    """↑ / ↓ in colour and in words («выше нормы»); nothing for a normal value."""
    return rx.cond(
        flag != "",
        rx.badge(
            rx.cond(flag == "H", FLAG_TEXTS[LabFlag.HIGH], FLAG_TEXTS[LabFlag.LOW]),
            color_scheme=rx.cond(flag == "H", "red", "blue"),
            variant="soft",
            size="2",
            class_name="lab-flag",
        ),
    )


def value_cell(row: Row) -> rx.Component:
    """The value with its unit, and its flag."""
    return cell(
        "Результат",
        rx.text(
            rx.text.strong(at(row, "value")),
            " ",
            at(row, "unit"),
            color=rx.match(
                at(row, "flag"), ("H", "var(--red-11)"), ("L", "var(--blue-11)"), "inherit"
            ),
            white_space="nowrap",
        ),
        flag_badge(at(row, "flag")),
    )


def name_cell(row: Row) -> rx.Component:
    """The analyte's name, opening the detail (the whole row is the target), and its panel."""
    return row_header(
        "Показатель",
        rx.link(
            at(row, "name"),
            href="#labs-detail",
            on_click=LabsState.open_result(at(row, "id")).prevent_default,
            class_name="row-link",
            weight="medium",
            min_height=TOUCH_TARGET,
            display="inline-flex",
            align_items="center",
            id="labs-open-" + at(row, "id"),
        ),
        rx.text(at(row, "panel"), size="1", color="var(--gray-11)", display="block"),
    )


def result_row(row: Row) -> rx.Component:
    """One result."""
    return rx.table.row(
        name_cell(row),
        value_cell(row),
        cell("Норма", at(row, "range"), white_space="nowrap"),
        cell("Дата", at(row, "date"), white_space="nowrap"),
        cell("Лаборатория", at(row, "lab")),
        cell("Статус", rx.match(at(row, "status"), *STATUS_WORDS, at(row, "status"))),
        class_name="tap-row lab-row",
        id="labs-row-" + at(row, "id"),
        scroll_margin_top="72px",
    )


def pager_button(children: tuple, handler, disabled, element_id: str) -> rx.Component:
    """«Назад» or «Вперёд»."""
    return rx.button(
        *children,
        variant="soft",
        size="3",
        min_height=TOUCH_TARGET,
        disabled=disabled,
        on_click=handler,
        id=element_id,
    )


def pager() -> rx.Component:
    """«Назад» · «Страница 2» · «Вперёд» (keyset pages: no total is counted)."""
    return rx.flex(
        pager_button(
            (rx.icon("chevron-left", size=16, aria_hidden="true"), "Назад"),
            LabsState.previous_page,
            LabsState.page_no <= 1,
            "labs-prev",
        ),
        rx.text("Страница ", LabsState.page_no, id="labs-page", aria_live="polite"),
        pager_button(
            ("Вперёд", rx.icon("chevron-right", size=16, aria_hidden="true")),
            LabsState.next_page,
            ~LabsState.has_next,
            "labs-next",
        ),
        gap="var(--space-3)",
        align="center",
        justify="center",
        width="100%",
    )


def results_table() -> rx.Component:
    """The page of results with the pager."""
    return rx.vstack(
        data_table(
            HEADERS, LabsState.rows, result_row, element_id="labs-table", scroll_margin_top="72px"
        ),
        pager(),
        spacing="3",
        width="100%",
    )


def empty_state() -> rx.Component:
    """What to do when there is nothing to show."""
    return rx.card(
        rx.cond(
            LabsState.filtered,
            rx.flex(
                rx.text("По выбранным условиям результатов нет. Измените или сбросьте фильтры."),
                rx.button(
                    "Сбросить фильтры",
                    variant="soft",
                    size="3",
                    min_height=TOUCH_TARGET,
                    on_click=LabsState.reset_filters,
                ),
                gap="var(--space-3)",
                align="center",
                wrap="wrap",
            ),
            rx.text(
                "Результатов анализов пока нет. Они появятся здесь, когда лаборатория их "
                "пришлёт. Чтобы сдать анализы, ",
                rx.link("запишитесь к врачу", href=routes.APPOINTMENTS),
                ".",
            ),
        ),
        id="labs-empty",
    )
