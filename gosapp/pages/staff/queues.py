"""`/staff`: request queues by type, nearest deadline first, with overdue markers."""

from __future__ import annotations

import reflex as rx
from sqlmodel import Session

from gosapp import routes
from gosapp.components.data_table import cell, data_table, row_header, row_link
from gosapp.components.layout import TOUCH_TARGET
from gosapp.components.timeline import status_badge
from gosapp.models.accounts import User
from gosapp.pages.staff import STAFF, error_callout, pager, staff_page
from gosapp.services.backoffice import queues
from gosapp.services.common.errors import DomainError
from gosapp.state.auth import AuthMixin, guarded

STATUS_OPTIONS = list(queues.STATUS_FILTERS.items())


class StaffQueueState(AuthMixin, rx.State):
    """Filters and one page of rows (display strings); filters survive a visit to a request."""

    owner: rx.Field[int] = rx.field(0)
    types: rx.Field[list[dict[str, str]]] = rx.field(default_factory=list)
    type_code: rx.Field[str] = rx.field(queues.ALL_TYPES)
    status: rx.Field[str] = rx.field("open")
    mine: rx.Field[bool] = rx.field(False)
    page_no: rx.Field[int] = rx.field(1)
    pages: rx.Field[int] = rx.field(1)
    total: rx.Field[int] = rx.field(0)
    rows: rx.Field[list[dict[str, str | int | bool]]] = rx.field(default_factory=list)
    error: rx.Field[str] = rx.field("")

    def _show(self, db: Session, user: User) -> None:
        """Counts per type and the current page; a stale filter falls back to the default."""
        try:
            found = self._query(db, user)
        except DomainError as exc:
            self.type_code, self.status, self.page_no = queues.ALL_TYPES, "open", 1
            self.error = exc.message
            found = self._query(db, user)
        self.rows, self.total, self.pages = found.rows, found.total, found.pages
        self.page_no, self.owner = found.page, user.id
        self.types = _type_options(queues.queue_counts(session=db, user=user))

    def _query(self, db: Session, user: User) -> queues.QueuePage:
        return queues.queue(
            session=db,
            user=user,
            type_code=self.type_code,
            status=self.status,
            mine=self.mine,
            page=self.page_no,
        )

    def _refresh(self, *, page_no: int = 1) -> None:
        with self._signed_in(*STAFF) as (db, user):
            self.page_no, self.error = page_no, ""
            self._show(db, user)

    @rx.event
    @guarded(*STAFF)
    def load(self):
        """Open the queues (keeping the filters chosen earlier in this tab)."""
        self._refresh(page_no=self.page_no)

    @rx.event
    @guarded(*STAFF)
    def set_type(self, code: str):
        """Show one type's queue (or all types)."""
        self.type_code = str(code)[:40]
        self._refresh()

    @rx.event
    @guarded(*STAFF)
    def set_status(self, status: str):
        """Filter by status («Открытые» by default)."""
        self.status = str(status)[:20]
        self._refresh()

    @rx.event
    @guarded(*STAFF)
    def set_mine(self, mine: bool):
        """Only the requests the staff member has taken."""
        self.mine = bool(mine)
        self._refresh()

    @rx.event
    @guarded(*STAFF)
    def next_page(self):
        """The next page of the queue."""
        self._refresh(page_no=self.page_no + 1)

    @rx.event
    @guarded(*STAFF)
    def prev_page(self):
        """The previous page of the queue."""
        self._refresh(page_no=max(1, self.page_no - 1))


def _type_options(counts: list[dict]) -> list[dict[str, str]]:
    total = sum(c["open"] for c in counts)
    options = [{"code": queues.ALL_TYPES, "label": f"Все виды — открыто {total}"}]
    for c in counts:
        late = f", просрочено {c['overdue']}" if c["overdue"] else ""
        options.append({"code": c["code"], "label": f"{c['title']} — открыто {c['open']}{late}"})
    return options


# --- components ----------------------------------------------------------------------------------


def labelled_select(label: str, select: rx.Component) -> rx.Component:
    """A filter's select under its visible label."""
    return rx.el.label(
        rx.text(label, size="2", weight="medium"),
        select,
        display="flex",
        flex_direction="column",
        gap="var(--space-1)",
    )


def type_select() -> rx.Component:
    """The request types this staff member processes."""
    return rx.select.root(
        rx.select.trigger(id="staff-filter-type", min_height=TOUCH_TARGET),
        rx.select.content(
            rx.foreach(StaffQueueState.types, lambda t: rx.select.item(t["label"], value=t["code"]))
        ),
        value=StaffQueueState.type_code,
        on_change=StaffQueueState.set_type,
        size="3",
    )


def status_select() -> rx.Component:
    """The status filter."""
    return rx.select.root(
        rx.select.trigger(id="staff-filter-status", min_height=TOUCH_TARGET),
        rx.select.content(*(rx.select.item(label, value=value) for value, label in STATUS_OPTIONS)),
        value=StaffQueueState.status,
        on_change=StaffQueueState.set_status,
        size="3",
    )


def mine_checkbox() -> rx.Component:
    """«Только мои»: the requests this staff member has taken."""
    return rx.el.label(
        rx.checkbox(
            checked=StaffQueueState.mine,
            on_change=StaffQueueState.set_mine,
            id="staff-filter-mine",
            size="3",
            aria_label="Только мои",
        ),
        rx.text("Только мои"),
        display="flex",
        align_items="center",
        gap="var(--space-2)",
        min_height=TOUCH_TARGET,
    )


def filters() -> rx.Component:
    """Type, status and «только мои»."""
    return rx.flex(
        labelled_select("Вид заявления", type_select()),
        labelled_select("Статус", status_select()),
        mine_checkbox(),
        gap="var(--space-4)",
        wrap="wrap",
        align="end",
    )


def queue_row(row: dict) -> rx.Component:
    """One request of the queue; a tap anywhere on the row opens it (its number is the link)."""
    return rx.table.row(
        row_header(
            "Номер",
            row_link(row["number"], routes.staff_request(row["id"])),
            rx.text(row["summary"], size="1", color="var(--gray-11)"),
            rx.cond(
                row["replied"],
                rx.badge("Новое от заявителя", color_scheme="amber", class_name="replied-marker"),
            ),
        ),
        cell("Заявитель", row["applicant"], class_name="queue-applicant"),
        cell("Вид", row["type"]),
        cell("Подано", row["submitted"]),
        cell("Статус", status_badge(row["status_code"], row["status"])),
        cell(
            "Срок",
            rx.text(rx.cond(row["deadline"] != "", row["deadline"], "—")),
            rx.cond(
                row["overdue"],
                rx.badge("Просрочено", color_scheme="red", class_name="overdue-marker"),
            ),
        ),
        cell("Исполнитель", row["assignee"]),
        class_name="staff-queue-row tap-row",
    )


def queue_table() -> rx.Component:
    """The queue, or what to do when it is empty."""
    headers = ("Номер", "Заявитель", "Вид", "Подано", "Статус", "Срок", "Исполнитель")
    return rx.cond(
        StaffQueueState.rows.length() > 0,
        data_table(headers, StaffQueueState.rows, queue_row, element_id="staff-queue"),
        rx.card(
            rx.text(
                "Заявлений с такими условиями нет. Выберите другой вид или статус "
                "либо снимите отметку «Только мои».",
            ),
            id="staff-queue-empty",
        ),
    )


def queues_page() -> rx.Component:
    """The «Очереди заявлений» page."""
    return staff_page(
        rx.vstack(
            error_callout(StaffQueueState.error, "staff-queue-error"),
            filters(),
            rx.text(
                "Найдено: ", rx.text.strong(StaffQueueState.total), size="2", id="staff-queue-total"
            ),
            queue_table(),
            pager(
                StaffQueueState.page_no,
                StaffQueueState.page_no > 1,
                StaffQueueState.page_no < StaffQueueState.pages,
                StaffQueueState.prev_page,
                StaffQueueState.next_page,
                "staff-queue",
            ),
            spacing="3",
            width="100%",
        ),
        StaffQueueState.owner,
        "Бэк-офис: очереди заявлений",
    )
