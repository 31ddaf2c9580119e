"""`/history` («История обращений», SPEC §2.5): the user's own requests across every cabinet.

Filters by date, type and status, three sort orders, 10 rows a page, the timeline of a request
on demand, and CSV/PDF exports of the filtered list. Every handler resolves the user from the
session cookie; ownership of a request is checked in ``gosapp.services.requests.history``.
"""

from __future__ import annotations

from urllib.parse import urlencode

import reflex as rx
from sqlmodel import Session

from gosapp.components.forms import field_error, labelled
from gosapp.components.layout import TOUCH_TARGET, page
from gosapp.components.timeline import status_badge, timeline
from gosapp.db import session_scope
from gosapp.models.accounts import User
from gosapp.services.common.errors import NotFound
from gosapp.services.identity.accounts import InvalidForm
from gosapp.services.requests import history
from gosapp.state.auth import SessionState, guarded

ALL = "all"  # the select value for «any» (Radix selects cannot hold "")
ORDERS = (
    ("date_desc", "Сначала новые"),
    ("date_asc", "Сначала старые"),
    ("number_desc", "По номеру, по убыванию"),
    ("number_asc", "По номеру, по возрастанию"),
    ("status_asc", "По статусу: от черновиков к завершённым"),
    ("status_desc", "По статусу: от отозванных к черновикам"),
)
DEFAULTS = {"date_from": "", "date_to": "", "type": ALL, "status": ALL, "order": "date_desc"}
CHOICES = {
    "type": {ALL, *(code for code, _ in history.type_choices())},
    "status": {ALL, *(code for code, _ in history.status_choices())},
    "order": {code for code, _ in ORDERS},
}
DATE_INPUTS = {"date_from": "history-filter-from", "date_to": "history-filter-to"}
EXPORT_URL = "/api/exports/history."


def to_filter(values: dict[str, str]) -> history.HistoryFilter:
    """The page's filter values as the service's filter (InvalidForm for bad dates)."""
    sort, _, direction = values.get("order", "").partition("_")
    return history.parse_filters(
        {
            "date_from": values.get("date_from", ""),
            "date_to": values.get("date_to", ""),
            "type": "" if values.get("type") == ALL else values.get("type", ""),
            "status": "" if values.get("status") == ALL else values.get("status", ""),
            "sort": sort,
            "dir": direction,
        }
    )


def from_filter(filters: history.HistoryFilter) -> dict[str, str]:
    """The service's (validated) filter as the page's filter values."""
    return {
        "date_from": filters.date_from.isoformat() if filters.date_from else "",
        "date_to": filters.date_to.isoformat() if filters.date_to else "",
        "type": filters.type_code or ALL,
        "status": filters.status or ALL,
        "order": f"{filters.sort}_{'desc' if filters.descending else 'asc'}",
    }


class HistoryState(SessionState):
    """One page of rows as string dicts, the applied filters, and the open timeline."""

    owner: int = 0  # whose rows the vars hold: shown only while it is the signed-in user
    rows: list[dict[str, str]] = []
    total: int = 0
    page: int = 1
    pages: int = 1
    applied: dict[str, str] = dict(DEFAULTS)
    errors: dict[str, str] = {}
    open_id: str = ""
    entries: list[dict[str, str]] = []

    @rx.var
    def export_query(self) -> str:
        """The applied filters as a query string for the export links."""
        try:
            return urlencode(to_filter(self.applied).as_query())
        except InvalidForm:
            return ""

    @rx.var
    def filtered(self) -> bool:
        """Whether any filter narrows the list (the empty state differs)."""
        return any(
            self.applied.get(k) != DEFAULTS[k] for k in ("date_from", "date_to", "type", "status")
        )

    def _fetch(self, db: Session, user: User, page_no: int = 1) -> None:
        filters = to_filter(self.applied)
        rows, total = history.list_requests(
            session=db, user_id=user.id, filters=filters, page=page_no
        )
        self.rows = [row.display() for row in rows]
        self.total, self.pages = total, history.page_count(total)
        self.page = history.clamp_page(page_no, total)
        self.owner = user.id
        if all(row["id"] != self.open_id for row in self.rows):
            self.open_id, self.entries = "", []

    def _apply(self, values: dict[str, str]):
        """Validate and apply new filter values; errors stay beside the fields."""
        try:
            self.applied = from_filter(to_filter(values))
        except InvalidForm as exc:
            self.errors = exc.errors
            return
        self.errors = {}
        with session_scope() as db:
            self._fetch(db, self._require(db))

    def _open(self, db: Session, user: User, request_id: str) -> None:
        self.entries = history.request_timeline(session=db, user=user, request_id=request_id)
        self.open_id = request_id

    @rx.event
    @guarded
    def load(self):
        """Open the page: latest 10 requests; ``?open=<номер>`` expands that request."""
        self.applied, self.errors, self.open_id, self.entries = dict(DEFAULTS), {}, "", []
        number = self.router.url.query_parameters.get("open", "")
        with session_scope() as db:
            user = self._require(db)
            self._fetch(db, user)
            found = history.own_request_id(session=db, user_id=user.id, number=number)
            if number and found and any(row["id"] == str(found) for row in self.rows):
                self._open(db, user, str(found))

    @rx.event
    @guarded
    def choose(self, field: str, value: str):
        """A type, status or sort order picked: applied at once, from the first page."""
        if field not in CHOICES or value not in CHOICES[field]:
            return rx.toast.error("Выберите значение из списка")
        return self._apply({**self.applied, field: value})

    @rx.event
    @guarded
    def apply_dates(self, form: dict):
        """The date range submitted: applied from the first page (errors beside the fields)."""
        dates = {name: str(form.get(name) or "")[:40] for name in DATE_INPUTS}
        return self._apply({**self.applied, **dates})

    @rx.event
    @guarded
    def reset_filters(self):
        """Back to the default view: every request, newest first."""
        self._apply(dict(DEFAULTS))
        return [rx.set_value(i, "") for i in DATE_INPUTS.values()]

    @rx.event
    @guarded
    def show_page(self, page_no: int):
        """Another page of the same list (clamped to the pages there are)."""
        with session_scope() as db:
            self._fetch(db, self._require(db), history.clamp_page(page_no, self.total))

    @rx.event
    @guarded
    def toggle(self, request_id: str):
        """Expand a request's timeline (only the user's own), or collapse the open one."""
        request_id = str(request_id)[:12]
        if request_id == self.open_id:
            self.open_id, self.entries = "", []
            return None
        try:
            with session_scope() as db:
                self._open(db, self._require(db), request_id)
        except NotFound as exc:
            self.open_id, self.entries = "", []
            return rx.toast.error(exc.message)
        return None


# --- components ----------------------------------------------------------------------------------


def choice(field: str, label: str, options: list[tuple[str, str]], element_id: str) -> rx.Component:
    """A select applied on change (type, status, sort)."""
    return labelled(
        label,
        rx.select.root(
            rx.select.trigger(id=element_id, min_height=TOUCH_TARGET, width="100%"),
            rx.select.content(*(rx.select.item(text, value=value) for value, text in options)),
            value=HistoryState.applied[field],
            on_change=lambda value: HistoryState.choose(field, value),
            size="3",
        ),
    )


def date_field(name: str, label: str) -> rx.Component:
    """A date input (the browser's picker); its error appears under it."""
    return rx.box(
        labelled(
            label,
            rx.input(
                id=DATE_INPUTS[name],
                name=name,
                type="date",
                size="3",
                min_height=TOUCH_TARGET,
            ),
        ),
        field_error(HistoryState.errors.get(name, ""), f"{DATE_INPUTS[name]}-error"),
    )


def filters() -> rx.Component:
    """Date range (applied with «Показать»), type, status and sort (applied on change)."""
    return rx.card(
        rx.form(
            rx.grid(
                date_field("date_from", "Дата подачи с"),
                date_field("date_to", "по"),
                rx.flex(
                    rx.button("Показать", type="submit", size="3", min_height=TOUCH_TARGET),
                    rx.button(
                        "Сбросить фильтры",
                        type="button",
                        variant="soft",
                        size="3",
                        min_height=TOUCH_TARGET,
                        on_click=HistoryState.reset_filters,
                        id="history-filter-reset",
                    ),
                    gap="var(--space-2)",
                    align="end",
                    wrap="wrap",
                ),
                columns=rx.breakpoints(initial="1", sm="2", md="3"),
                gap="var(--space-3)",
                width="100%",
            ),
            on_submit=HistoryState.apply_dates,
            no_validate=True,
        ),
        rx.grid(
            choice(
                "type",
                "Вид обращения",
                [(ALL, "Все виды"), *history.type_choices()],
                "history-filter-type",
            ),
            choice(
                "status",
                "Статус",
                [(ALL, "Все статусы"), *history.status_choices()],
                "history-filter-status",
            ),
            choice("order", "Сортировка", list(ORDERS), "history-sort"),
            columns=rx.breakpoints(initial="1", sm="3"),
            gap="var(--space-3)",
            margin_top="var(--space-3)",
        ),
        width="100%",
    )


def export_links() -> rx.Component:
    """Downloads of the whole filtered list: plain links, the route answers with a file."""
    return rx.flex(
        *(
            rx.button(
                rx.el.a(
                    rx.icon("download", size=16, aria_hidden="true"),
                    label,
                    href=EXPORT_URL + kind + "?" + HistoryState.export_query,
                    download="",
                    reload_document=True,  # rx.el.a is a router link: make it a real request
                    id=f"history-export-{kind}",
                ),
                as_child=True,
                variant="outline",
                size="3",
                min_height=TOUCH_TARGET,
            )
            for kind, label in (("csv", "Скачать CSV"), ("pdf", "Скачать PDF"))
        ),
        gap="var(--space-2)",
        wrap="wrap",
    )


def deadline_cell(row: dict) -> rx.Component:
    """«решение до …» and an overdue marker; a dash for drafts."""
    return rx.table.cell(
        rx.cond(row["deadline"] != "", rx.text(row["deadline"], size="2"), rx.text("—")),
        rx.cond(
            row["overdue"] != "",
            rx.badge("Просрочено", color_scheme="red", class_name="overdue-marker"),
        ),
    )


def request_row(row: dict) -> rx.Component:
    """One request and, when expanded, its timeline in a full-width row below it."""
    is_open = HistoryState.open_id == row["id"]
    return rx.fragment(
        rx.table.row(
            rx.table.row_header_cell(row["number"], white_space="nowrap"),
            rx.table.cell(row["created"], white_space="nowrap"),
            rx.table.cell(row["type_title"]),
            rx.table.cell(status_badge(row["status"], row["status_label"])),
            deadline_cell(row),
            rx.table.cell(row["attachments"], text_align="center"),
            rx.table.cell(
                rx.button(
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
                ),
            ),
            class_name="history-row",
        ),
        rx.cond(
            is_open,
            rx.table.row(
                rx.table.cell(
                    rx.heading("Ход рассмотрения " + row["number"], as_="h2", size="3"),
                    rx.box(timeline(HistoryState.entries), margin_top="var(--space-2)"),
                    col_span=7,
                    id="history-timeline-" + row["id"],
                    background="var(--gray-2)",
                ),
            ),
        ),
    )


def pager() -> rx.Component:
    """«Назад» · «Стр. 2 из 5» · «Вперёд»."""
    S = HistoryState
    return rx.flex(
        rx.button(
            "Назад",
            variant="soft",
            size="3",
            min_height=TOUCH_TARGET,
            disabled=S.page <= 1,
            on_click=S.show_page(S.page - 1),
            id="history-prev",
        ),
        rx.text("Стр. ", S.page, " из ", S.pages, id="history-page", aria_live="polite"),
        rx.button(
            "Вперёд",
            variant="soft",
            size="3",
            min_height=TOUCH_TARGET,
            disabled=S.page >= S.pages,
            on_click=S.show_page(S.page + 1),
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
        rx.box(
            rx.table.root(
                rx.table.header(rx.table.row(*(rx.table.column_header_cell(h) for h in headers))),
                rx.table.body(rx.foreach(HistoryState.rows, request_row)),
                size="2",
                id="history-table",
                width="100%",
            ),
            overflow_x="auto",
            width="100%",
        ),
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
                rx.link("закажите справку", href="/certificates"),
                " или ",
                rx.link("напишите в поддержку", href="/support"),
                ".",
            ),
        ),
        id="history-empty",
    )


def history_page() -> rx.Component:
    """The «История обращений» page."""
    return page(
        rx.cond(
            SessionState.me & (SessionState.me.id == HistoryState.owner),
            rx.vstack(
                filters(),
                rx.flex(
                    rx.text(
                        "Выгрузка — всего отфильтрованного списка, не только этой страницы.",
                        size="2",
                        color="var(--gray-11)",
                    ),
                    export_links(),
                    justify="between",
                    align="center",
                    wrap="wrap",
                    gap="var(--space-3)",
                    width="100%",
                ),
                rx.cond(HistoryState.total > 0, requests_table(), empty_state()),
                spacing="4",
                width="100%",
            ),
            rx.center(rx.spinner(size="3"), min_height="200px"),
        ),
        heading="История обращений",
    )
