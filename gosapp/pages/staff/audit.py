"""`/staff/audit`: the audit log, newest first, 50 events a page, with filters."""

from __future__ import annotations

import reflex as rx

from gosapp.components.data_table import cell, data_table, row_header
from gosapp.components.forms import date_field, field_error
from gosapp.components.layout import TOUCH_TARGET
from gosapp.pages.staff import STAFF, pager, staff_page
from gosapp.services.backoffice import audit_log
from gosapp.services.identity.accounts import InvalidForm
from gosapp.state.auth import AuthMixin, guarded

ANY_OUTCOME = "any"
OUTCOME_OPTIONS = [(ANY_OUTCOME, "Любой"), *audit_log.OUTCOMES.items()]
ANY_ACTION = "any"
ACTION_OPTIONS = [(ANY_ACTION, "Любое"), *audit_log.ACTION_FAMILIES.items()]


class StaffAuditState(AuthMixin, rx.State):
    """The filters as typed, one page of events; page cursors stay on the server."""

    owner: rx.Field[int] = rx.field(0)
    filters: rx.Field[dict[str, str]] = rx.field(default_factory=dict)
    errors: rx.Field[dict[str, str]] = rx.field(default_factory=dict)
    rows: rx.Field[list[dict[str, str]]] = rx.field(default_factory=list)
    page_no: rx.Field[int] = rx.field(1)
    has_next: rx.Field[bool] = rx.field(False)
    _cursors: list[int] = []  # the ``before_id`` of pages 2, 3, … already shown
    _next: int | None = None

    def _fetch(self, before_id: int | None) -> bool:
        """Load one page; False (with the errors shown) when a filter is wrong."""
        try:
            with self._signed_in(*STAFF) as (db, user):
                found = audit_log.search_audit(
                    session=db, user=user, filters=self.filters, before_id=before_id
                )
        except InvalidForm as exc:
            self.errors, self.rows, self.has_next = exc.errors, [], False
            return False
        self.rows, self.errors, self.owner = found.rows, {}, user.id
        self._next, self.has_next = found.next_cursor, found.next_cursor is not None
        return True

    @rx.event
    @guarded(*STAFF)
    def load(self):
        """Open the log unfiltered at the newest events."""
        self.filters, self.page_no, self._cursors = {}, 1, []
        self._fetch(None)

    @rx.event
    @guarded(*STAFF)
    def apply(self, form: dict):
        """Filter by user, action prefix, outcome and dates; back to the first page."""
        self.filters = {k: str(form.get(k, "")).strip()[:254] for k in audit_log.FILTERS}
        for name, anything in (("outcome", ANY_OUTCOME), ("action", ANY_ACTION)):
            if self.filters[name] == anything:
                self.filters[name] = ""
        self.page_no, self._cursors = 1, []
        self._fetch(None)

    @rx.event
    @guarded(*STAFF)
    def next_page(self):
        """Older events."""
        if self._next is None:
            return
        cursor = self._next
        if self._fetch(cursor):
            self._cursors = [*self._cursors, cursor]  # reassigned: saved with the state
            self.page_no = len(self._cursors) + 1

    @rx.event
    @guarded(*STAFF)
    def prev_page(self):
        """Newer events."""
        if not self._cursors:
            return
        cursors = self._cursors[:-1]
        if self._fetch(cursors[-1] if cursors else None):
            self._cursors, self.page_no = cursors, len(cursors) + 1


# --- components ----------------------------------------------------------------------------------


def filter_field(name: str, label: str, placeholder: str = "") -> rx.Component:
    """A filter input with its label and error."""
    return rx.el.label(
        rx.text(label, size="2", weight="medium"),
        rx.input(
            name=name,
            id=f"audit-filter-{name.replace('_', '-')}",
            placeholder=placeholder,
            default_value=StaffAuditState.filters.get(name, ""),
            size="3",
            width="100%",
        ),
        field_error(
            StaffAuditState.errors.get(name, ""), f"audit-filter-{name.replace('_', '-')}-error"
        ),
        display="flex",
        flex_direction="column",
        gap="var(--space-1)",
        min_width="180px",
        flex="1",
    )


def date_filter(name: str, label: str) -> rx.Component:
    """A date of the range, typed as ДД.ММ.ГГГГ, with its error."""
    element_id = f"audit-filter-{name.replace('_', '-')}"
    return rx.box(
        date_field(
            label,
            name,
            element_id,
            StaffAuditState.errors.get(name, ""),
            default_value=StaffAuditState.filters.get(name, ""),
        ),
        min_width="180px",
        flex="1",
    )


def choice_field(name: str, label: str, options: list[tuple[str, str]]) -> rx.Component:
    """A filter select (its first option means «any») with its label and error."""
    return rx.el.label(
        rx.text(label, size="2", weight="medium"),
        rx.select.root(
            rx.select.trigger(id=f"audit-filter-{name}", min_height=TOUCH_TARGET),
            rx.select.content(*(rx.select.item(text, value=value) for value, text in options)),
            name=name,
            default_value=options[0][0],
            size="3",
        ),
        field_error(StaffAuditState.errors.get(name, "")),
        display="flex",
        flex_direction="column",
        gap="var(--space-1)",
    )


def filters_form() -> rx.Component:
    """User, action prefix, outcome, date range."""
    return rx.form(
        rx.flex(
            filter_field("user", "Пользователь", "номер, телефон, e-mail или СНИЛС"),
            choice_field("action", "Действие", ACTION_OPTIONS),
            choice_field("outcome", "Результат", OUTCOME_OPTIONS),
            *(
                date_filter(name, label)
                for name, label in (("date_from", "С даты"), ("date_to", "По дату"))
            ),
            rx.button(
                "Показать", type="submit", size="3", id="audit-apply", min_height=TOUCH_TARGET
            ),
            gap="var(--space-3)",
            wrap="wrap",
            align="end",
        ),
        on_submit=StaffAuditState.apply,
        no_validate=True,
    )


def event_row(row: dict) -> rx.Component:
    """One audit event (a card of its own below 768 px)."""
    return rx.table.row(
        row_header("Время", row["at"], white_space="nowrap"),
        cell("Пользователь", row["user"]),
        cell("Роль", row["role"]),
        cell("Действие", row["action"]),
        cell("Объект", row["object"]),
        cell(
            "Результат",
            rx.badge(row["outcome"], color_scheme=rx.cond(row["denied"] != "", "red", "green")),
        ),
        cell("IP-адрес", row["ip"]),
        class_name="audit-row",
    )


def events_table() -> rx.Component:
    """The page of events, or what to change when nothing matches."""
    headers = ("Время", "Пользователь", "Роль", "Действие", "Объект", "Результат", "IP-адрес")
    return rx.cond(
        StaffAuditState.rows.length() > 0,
        data_table(headers, StaffAuditState.rows, event_row, element_id="audit-table"),
        rx.card(
            rx.text("Событий с такими условиями нет — измените фильтры."),
            id="audit-empty",
        ),
    )


def audit_page() -> rx.Component:
    """The «Журнал аудита» page."""
    return staff_page(
        rx.vstack(
            filters_form(),
            events_table(),
            pager(
                StaffAuditState.page_no,
                StaffAuditState.page_no > 1,
                StaffAuditState.has_next,
                StaffAuditState.prev_page,
                StaffAuditState.next_page,
                "audit",
            ),
            spacing="4",
            width="100%",
        ),
        StaffAuditState.owner,
        "Бэк-офис: журнал аудита",
    )
