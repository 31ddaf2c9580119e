"""The payments page's parts: the month picker with the downloads, the totals (the period,
per type, per month) and the table of payments — a table from 768 px, stacked cards below."""

from __future__ import annotations

import reflex as rx
from reflex.vars import ObjectVar

from gosapp import routes
from gosapp.components.data_table import cell, data_table, row_header
from gosapp.components.forms import field_error, submit_button
from gosapp.components.layout import TOUCH_TARGET
from gosapp.components.month_picker import month_picker
from gosapp.pages.frmr.payments.state import WorkerPaymentsState

S = WorkerPaymentsState
STATUS_COLORS = (("paid", "green"), ("accrued", "amber"), ("cancelled", "gray"))
HEADERS = ["Вид выплаты", "Месяц", "Сумма", "Дата выплаты", "Статус"]


def export_link(kind: str, label: str) -> rx.Component:
    """A download of the shown months: a real request (the route answers with a file)."""
    return rx.button(
        rx.el.a(
            rx.icon("download", size=16, aria_hidden="true"),
            label,
            href=routes.frmr_payments_export(kind, S.query),
            download="",
            reload_document=True,  # rx.el.a is a router link: make it a real request
            id=f"fpay-export-{kind}",
        ),
        as_child=True,
        variant="outline",
        size="3",
        min_height=TOUCH_TARGET,
    )


def period_form() -> rx.Component:
    """«С — по» as months, «Показать», and the statement of the shown months."""
    return rx.form(
        rx.grid(
            month_picker("С", "from", "fpay-from", S.years, S.picked["from_month"],
                         S.picked["from_year"]),
            month_picker("По", "to", "fpay-to", S.years, S.picked["to_month"],
                         S.picked["to_year"]),
            columns=rx.breakpoints(initial="1", sm="2"),
            gap="var(--space-3)",
            width="100%",
        ),
        field_error(S.error, "fpay-error"),
        rx.flex(
            submit_button("Показать", "fpay-show", size="3"),
            export_link("pdf", "Выписка PDF"),
            export_link("csv", "CSV для Excel"),
            gap="var(--space-3)", wrap="wrap", margin_top="var(--space-3)",
        ),
        on_submit=S.show,
        no_validate=True,
        key=S.query,  # a new address redraws the selects with its months
        id="fpay-form",
    )  # fmt: skip


def _figure(label: str, value: rx.Var, element_id: str) -> rx.Component:
    """A label and its sum: one line on a phone, stacked from 768 px."""
    return rx.card(
        rx.flex(
            rx.text(label, size="2", color="var(--gray-11)"),
            rx.text(value, size=rx.breakpoints(initial="4", sm="6"), weight="bold",
                    white_space="nowrap", id=element_id),
            direction=rx.breakpoints(initial="row", sm="column"),
            justify="between", align=rx.breakpoints(initial="center", sm="start"),
            gap="var(--space-1)",
        ),
    )  # fmt: skip


def totals() -> rx.Component:
    """The period's figures and the sum of each type (cancelled payments never count)."""
    return rx.flex(
        rx.grid(
            _figure("Начислено за период", S.sums["accrued"], "fpay-total-accrued"),
            _figure("Выплачено", S.sums["paid"], "fpay-total-paid"),
            _figure("Ожидает выплаты", S.sums["waiting"], "fpay-total-waiting"),
            columns=rx.breakpoints(initial="1", sm="3"),
            gap="var(--space-3)",
        ),
        rx.grid(
            rx.foreach(S.by_type, lambda t: rx.box(
                rx.text(t["label"], size="2", color="var(--gray-11)"),
                rx.text(t["accrued"], weight="medium", white_space="nowrap"),
                padding="var(--space-2) var(--space-3)",
                border_left="3px solid var(--accent-8)",
            )),
            columns=rx.breakpoints(initial="2", sm="4"),
            gap="var(--space-3)",
            id="fpay-by-type",
        ),
        direction="column", gap="var(--space-3)", id="fpay-totals",
    )  # fmt: skip


def payment_row(row: ObjectVar[dict[str, str]]) -> rx.Component:
    """One payment: what it is for, the month, the sum, when it was paid, its status."""
    return rx.table.row(
        row_header("Вид выплаты", rx.text(row["type"], weight="medium"),
                   rx.text(row["description"], size="1", color="var(--gray-11)"),
                   rx.text(row["employer"], size="1", color="var(--gray-11)")),
        cell("Месяц", rx.text(row["period"], white_space="nowrap")),
        cell("Сумма", rx.text(row["amount"], white_space="nowrap", weight="bold")),
        cell("Дата выплаты", rx.cond(row["paid_on"] != "", row["paid_on"], "—")),
        cell("Статус", rx.badge(row["status"], size="2", variant="soft",
                                color_scheme=rx.match(row["status_code"], *STATUS_COLORS,
                                                      "gray"))),  # pyright: ignore[reportArgumentType]
        id="fpay-row-" + row["id"].to(str),
    )  # fmt: skip


def month_row(row: ObjectVar[dict[str, str]]) -> rx.Component:
    """One month's sums."""
    return rx.table.row(
        rx.table.row_header_cell(row["label"], white_space="nowrap"),
        rx.table.cell(row["accrued"], white_space="nowrap", text_align="right"),
        rx.table.cell(row["paid"], white_space="nowrap", text_align="right"),
    )


def month_totals() -> rx.Component:
    """The sums per month: three short columns, a plain table even on a phone."""
    return rx.table.root(
        rx.table.header(rx.table.row(
            rx.table.column_header_cell("Месяц"),
            rx.table.column_header_cell("Начислено", text_align="right"),
            rx.table.column_header_cell("Выплачено", text_align="right"),
        )),
        rx.table.body(rx.foreach(S.by_month, month_row)),
        size="1", variant="surface", width="100%", max_width="560px", id="fpay-by-month",
    )  # fmt: skip


def payment_list() -> rx.Component:
    """The payments and the sums per month, or what to do when there are none."""
    return rx.cond(
        S.rows.length() > 0,
        rx.flex(
            rx.heading("По месяцам", as_="h3", size="4"),
            month_totals(),
            rx.heading("Все выплаты", as_="h3", size="4"),
            data_table(HEADERS, S.rows, payment_row, element_id="fpay-table"),
            direction="column", gap="var(--space-3)",
        ),
        rx.callout(
            "За эти месяцы выплат нет. Выберите другой период выше и нажмите «Показать». "
            "Если ожидаемой выплаты нет, обратитесь в бухгалтерию работодателя.",
            icon="info", id="fpay-empty",
        ),
    )  # fmt: skip
