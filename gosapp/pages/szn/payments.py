"""`/szn/payments`: the citizen's payments with server-side filters (period, kind, status),
«Подробнее» with the calculation as a table, and the CSV / PDF statement of the chosen period."""

from __future__ import annotations

from urllib.parse import urlencode

import reflex as rx
from reflex.vars import ObjectVar

from gosapp import routes
from gosapp.components.cards import touch_link
from gosapp.components.data_table import cell, data_table, row_header
from gosapp.components.forms import date_field, field_error, native_select, submit_button
from gosapp.components.layout import TOUCH_TARGET, page
from gosapp.components.loading import list_skeleton
from gosapp.pages.szn.state import texts
from gosapp.services.common.errors import DomainError, Invalid, NotAllowed
from gosapp.services.social import payments
from gosapp.services.social.allowance import KIND_LABELS
from gosapp.state.auth import AuthMixin, guarded

KINDS = {"": "Все виды", **KIND_LABELS}
STATUSES = {"": "Все статусы", **{s.value: label for s, label in payments.STATUS_LABELS.items()}}
HEADERS = ["Вид выплаты", "Период", "Сумма", "Статус", "Операция и дата", ""]


class PaymentsState(AuthMixin, rx.State):
    """The filtered rows, the filters as the page shows them, and the open calculation."""

    loaded: rx.Field[bool] = rx.field(False)
    blocked: rx.Field[str] = rx.field("")  # not connected / level: what to do
    rows: rx.Field[list[dict[str, str]]] = rx.field(default_factory=list)
    query: rx.Field[dict[str, str]] = rx.field(default_factory=dict)
    error: rx.Field[str] = rx.field("")
    detail: rx.Field[dict[str, str]] = rx.field(default_factory=dict)
    calculation: rx.Field[list[dict[str, str]]] = rx.field(default_factory=list)

    @rx.var
    def export_query(self) -> str:
        """The filters as a query string for the export links."""
        return urlencode({k: v for k, v in self.query.items() if v})

    def _reload(self) -> None:
        try:
            filters = payments.parse_filter(self.query)
        except Invalid as exc:
            self.error, self.rows = exc.message, []
            return
        try:
            with self._signed_in() as (db, user):
                found = payments.payments(session=db, user=user, filters=filters)
        except NotAllowed as exc:
            self.blocked = exc.message
            return
        self.blocked, self.error = "", ""
        self.rows = [texts(r) for r in found]

    @rx.event
    @guarded
    def load(self):
        """The list with the filters of the address (``?from=…&to=…&kind=…&status=…``)."""
        params = self.router.url.query_parameters
        self.query = {k: str(params.get(k, "")) for k in ("from", "to", "kind", "status")}
        self.detail, self.calculation = {}, []
        self._reload()
        self.loaded = True

    @rx.event
    @guarded
    def apply(self, form: dict):
        """Filter on the server with the form's values."""
        self.query = {
            k: str(form.get(k, "") or "").strip() for k in ("from", "to", "kind", "status")
        }
        self.detail, self.calculation = {}, []
        self._reload()

    @rx.event
    @guarded
    def open_detail(self, payment_id: str):
        """«Подробнее»: the payment's calculation (the service checks it is the user's)."""
        try:
            with self._signed_in(write=True) as (db, user):
                row = payments.calculation(session=db, user=user, payment_id=payment_id)
        except DomainError as exc:
            self.error = exc.message
            return
        self.detail, self.calculation = texts(row), row.calculation
        return rx.scroll_to("szn-calculation-card")  # on a phone the card is far above

    @rx.event
    @guarded
    def close_detail(self):
        """Close the calculation."""
        self.detail, self.calculation = {}, []


S = PaymentsState


def export_link(kind: str, label: str) -> rx.Component:
    """A download of the filtered statement: a real request (the route answers with a file)."""
    return rx.button(
        rx.el.a(
            rx.icon("download", size=16, aria_hidden="true"),
            label,
            href=routes.szn_payments_export(kind, S.export_query),
            download="",
            reload_document=True,  # rx.el.a is a router link: make it a real request
            id=f"szn-export-{kind}",
        ),
        as_child=True,
        variant="outline",
        size="3",
        min_height=TOUCH_TARGET,
    )


def filters_form() -> rx.Component:
    """Period, kind and status; «Показать» filters on the server."""
    return rx.form(
        rx.grid(
            date_field("Период с", "from", "szn-filter-from", rx.Var.create(""),
                       default_value=S.query["from"]),
            date_field("по", "to", "szn-filter-to", rx.Var.create(""), default_value=S.query["to"]),
            rx.el.label(rx.text("Вид", size="2", weight="medium"),
                        native_select("kind", "szn-filter-kind", KINDS,
                                      default_value=S.query["kind"]),
                        display="flex", flex_direction="column", gap="var(--space-1)"),
            rx.el.label(rx.text("Статус", size="2", weight="medium"),
                        native_select("status", "szn-filter-status", STATUSES,
                                      default_value=S.query["status"]),
                        display="flex", flex_direction="column", gap="var(--space-1)"),
            columns=rx.breakpoints(initial="1", xs="2", md="4"),
            gap="var(--space-3)",
            width="100%",
        ),
        field_error(S.error, "szn-filter-error"),
        rx.flex(
            submit_button("Показать", "szn-filter-apply", size="3"),
            export_link("pdf", "Выписка PDF"),
            export_link("csv", "CSV для Excel"),
            gap="var(--space-3)", wrap="wrap", margin_top="var(--space-3)",
        ),
        on_submit=S.apply,
        no_validate=True,
        id="szn-filters",
    )  # fmt: skip


def payment_row(row: ObjectVar[dict[str, str]]) -> rx.Component:
    """One payment; a refusal shows its reason and what to fix."""
    return rx.table.row(
        row_header("Вид выплаты", rx.text(row["kind"], weight="medium")),
        cell("Период", row["period"]),
        cell("Сумма", rx.text(row["amount"], white_space="nowrap", weight="bold")),
        cell(
            "Статус",
            rx.badge(row["status"], size="2"),
            rx.cond(row["refusal_reason"] != "",
                    rx.text(row["refusal_reason"], " ", row["refusal_fix"], size="1")),
        ),
        cell("Операция и дата", rx.text(row["operation"]), rx.text(
            rx.cond(row["paid_on"] != "", row["paid_on"], row["pay_on"]), size="1")),
        cell("", rx.button("Подробнее", variant="soft", min_height=TOUCH_TARGET,
                           id="szn-payment-more-" + row["id"].to(str),
                           on_click=S.open_detail(row["id"]))),
    )  # fmt: skip


def calculation_card() -> rx.Component:
    """The open payment's calculation: base, coefficients, deductions, total."""
    return rx.cond(
        S.detail.contains("id"),
        rx.card(
            rx.heading("Расчёт выплаты: ", S.detail["kind"], as_="h2", size="4"),
            rx.text("Период ", S.detail["period"], size="2"),
            rx.table.root(
                rx.table.body(rx.foreach(S.calculation, lambda r: rx.table.row(
                    rx.table.cell(r["label"]),
                    rx.table.cell(r["value"], text_align="right", white_space="nowrap"),
                    font_weight=rx.cond(r["kind"] == "total", "bold", "normal"),
                ))),
                width="100%", id="szn-calculation",
            ),
            rx.button("Закрыть", variant="outline", on_click=S.close_detail,
                      min_height=TOUCH_TARGET, id="szn-calculation-close"),
            id="szn-calculation-card",
        ),
    )  # fmt: skip


def payments_page() -> rx.Component:
    """«Выплаты»: filters, the calculation when open, the table."""
    return page(
        rx.cond(
            ~S.loaded,
            list_skeleton("szn-payments-loading"),
            rx.cond(
                S.blocked != "",
                rx.callout(S.blocked, icon="info", id="szn-payments-blocked"),
                rx.flex(
                    filters_form(),
                    calculation_card(),
                    rx.cond(
                        S.rows.length() > 0,
                        data_table(HEADERS, S.rows, payment_row, element_id="szn-payments"),
                        rx.text("Выплат по этим условиям нет — измените период или статус.",
                                id="szn-payments-empty"),
                    ),
                    touch_link("Кабинет социальной защиты", href=routes.SZN),
                    direction="column",
                    gap="var(--space-4)",
                ),
            ),
        ),
        heading="Выплаты",
    )  # fmt: skip
