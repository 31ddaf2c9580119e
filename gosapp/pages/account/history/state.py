"""``HistoryState``: one page of the user's own requests, the applied filters and the open
timeline; ``to_filter``/``from_filter`` translate between the page's values and the service's
validated filter. Ownership of a request is checked in ``gosapp.services.requests.history``."""

from __future__ import annotations

from urllib.parse import urlencode

import reflex as rx
from sqlmodel import Session

from gosapp.models.accounts import User
from gosapp.services.common.errors import NotFound
from gosapp.services.identity.accounts import InvalidForm
from gosapp.services.requests import history, timeline
from gosapp.state.auth import AuthMixin, guarded
from gosapp.state.request_cards import DraftsState

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


class HistoryState(DraftsState, AuthMixin, rx.State):
    """One page of rows as string dicts, the applied filters, and the open timeline."""

    owner: rx.Field[int] = rx.field(
        0
    )  # whose rows the vars hold: shown only while it is the signed-in user
    rows: rx.Field[list[dict[str, str]]] = rx.field(default_factory=list)
    total: rx.Field[int] = rx.field(0)
    page: rx.Field[int] = rx.field(1)
    pages: rx.Field[int] = rx.field(1)
    applied: rx.Field[dict[str, str]] = rx.field(default_factory=lambda: dict(DEFAULTS))
    errors: rx.Field[dict[str, str]] = rx.field(default_factory=dict)
    open_id: rx.Field[str] = rx.field("")
    entries: rx.Field[list[dict[str, str]]] = rx.field(default_factory=list)

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

    def _reload(self) -> None:
        """The same page again (a draft was submitted: its status and deadline changed)."""
        with self._signed_in() as (db, user):
            self._fetch(db, user, self.page)
            if self.open_id:
                self._open(db, user, self.open_id)

    def _apply(self, values: dict[str, str]):
        """Validate and apply new filter values; errors stay beside the fields."""
        try:
            self.applied = from_filter(to_filter(values))
        except InvalidForm as exc:
            self.errors = exc.errors
            return
        self.errors = {}
        with self._signed_in() as (db, user):
            self._fetch(db, user)

    def _open(self, db: Session, user: User, request_id: str) -> None:
        self.entries = timeline.request_timeline(session=db, user=user, request_id=request_id)
        self.open_id = request_id

    @rx.event
    @guarded
    def load(self):
        """Open the page: latest 10 requests; ``?open=<номер>`` expands that request."""
        self.applied, self.errors, self.open_id, self.entries = dict(DEFAULTS), {}, "", []
        number = self.router.url.query_parameters.get("open", "")
        with self._signed_in() as (db, user):
            found = history.own_request_id(session=db, user_id=user.id, number=number)
            page_no = None
            if number and found:  # the page it is on, however far down the list
                filters = to_filter(self.applied)
                page_no = history.page_of(
                    session=db, user_id=user.id, filters=filters, request_id=found
                )
            self._fetch(db, user, page_no or 1)
            if page_no:
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
        with self._signed_in() as (db, user):
            self._fetch(db, user, history.clamp_page(page_no, self.total))

    @rx.event
    @guarded
    def toggle(self, request_id: str):
        """Expand a request's timeline (only the user's own), or collapse the open one."""
        request_id = str(request_id)[:12]
        if request_id == self.open_id:
            self.open_id, self.entries = "", []
            return None
        try:
            with self._signed_in() as (db, user):
                self._open(db, user, request_id)
        except NotFound as exc:
            self.open_id, self.entries = "", []
            return rx.toast.error(exc.message)
        return None
