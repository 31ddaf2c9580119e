"""``LabsState``: one page of lab results as rows of text cells, the applied filters, the open
result's detail and its trend charts.

The filters live in the URL (``lab_params``). A filter applied is shown by its own event (one
query, one small delta with the new ``address``, which the page pushes into the browser's
history: ``address.address_sync``); ``load`` reads the address when the page is opened,
reloaded or reached with the back and forward buttons (Reflex runs ``on_load`` on those), so
each shows the same rows.
Pages are keyset pages: the cursors of the pages seen so far are a stack in a backend var, so
«Назад» and «Вперёд» never count rows, and no more than one page of rows is ever in the
frontend.

Whose results: the signed-in patient's own, or with ``?patient=<id>`` a patient a doctor may see
(``medical.access.patient_access`` decides, again on every event; ``record_view`` logs each look
for the patient).
"""

from __future__ import annotations

from typing import Any

import reflex as rx
from sqlmodel import Session

from gosapp import routes
from gosapp.db import transaction
from gosapp.models.accounts import User
from gosapp.pages.patient.labs import filters_model as model
from gosapp.services.common.display import full_name
from gosapp.services.common.errors import Invalid, NotFound
from gosapp.services.medical import lab_display, lab_params, lab_query
from gosapp.services.medical.access import PatientAccess, Via, patient_access, record_view
from gosapp.services.medical.analytes import analytes, panel_name
from gosapp.state.auth import AuthMixin, guarded

PAGE_SIZE = lab_query.PAGE_SIZE
MINI_POINTS = 24  # each small chart of «Все показатели панели»
CHOICE_FIELDS = ("panel", "analyte", "sort", "abnormal")
_FIELD_OF = {"date_from": "from", "date_to": "to", "text": "q"}


def _reveal(element_id: str) -> str:
    """Bring an element into view (``rx.scroll_to`` costs ~40 ms to build per event)."""
    return f"document.getElementById({element_id!r})?.scrollIntoView({{block: 'start'}})"


class LabsState(AuthMixin, rx.State):
    """What the /labs page shows; whose results and where the pages start stay on the server."""

    viewer: rx.Field[int] = rx.field(0)  # who loaded: shown only while it is the signed-in user
    rows: rx.Field[list[list[str]]] = rx.field(default_factory=list)  # lab_display.ROW_CELLS
    applied: rx.Field[dict[str, str]] = rx.field(default_factory=dict)
    # changes with the applied dates and text: the typed fields are drawn again from them
    form_key: rx.Field[str] = rx.field("")
    filtered: rx.Field[bool] = rx.field(False)  # whether a filter narrows the list
    errors: rx.Field[dict[str, str]] = rx.field(default_factory=dict)
    page_no: rx.Field[int] = rx.field(1)
    has_next: rx.Field[bool] = rx.field(False)
    subject: rx.Field[str] = rx.field("")  # a doctor's view: the patient's name
    denied: rx.Field[str] = rx.field("")
    # the applied filters as /labs query parameters (lab_params): what an export link carries
    query: rx.Field[str] = rx.field("")
    # the address a filter applied by an event gives the page: ``address.address_sync`` pushes
    # it into the browser's history ("" after ``load``: the address is already the browser's)
    address: rx.Field[str] = rx.field("")
    detail: rx.Field[dict[str, str]] = rx.field(default_factory=dict)
    chart: rx.Field[dict[str, Any]] = rx.field(default_factory=dict)
    panel_charts: rx.Field[list[dict[str, Any]]] = rx.field(default_factory=list)
    _patient: int = 0
    _shown: lab_query.LabFilter = lab_query.LabFilter()  # the filter the rows are of
    _cursors: list[Any] = []  # where each page seen so far starts (None: the first)
    _next: Any = None

    # --- helpers --------------------------------------------------------------------------

    def _access(self, db: Session, user: User) -> PatientAccess:
        return patient_access(db, user, self._patient or user.id, self._actor(user))

    def _fetch(
        self, db: Session, access: PatientAccess, after: Any, flt: lab_query.LabFilter | None = None
    ) -> None:
        flt = flt or self._shown
        found = lab_query.search(db, access.scope, flt, after=after, limit=PAGE_SIZE)
        self.rows = [lab_display.row_cells(r) for r in found.rows]
        self._next, self.has_next = found.next_cursor, found.next_cursor is not None

    def _log_view(self, access: PatientAccess, user: User, what: str, object_id: object = ""):
        """A look by someone other than the patient, logged for the patient (a write
        transaction only then: the patient's own page loads stay reads)."""
        if access.via != Via.OWNER:
            with transaction() as db:
                record_view(db, access, self._actor(user), what, object_id)

    def _clear(self) -> None:
        self.rows, self.errors, self.detail, self.chart, self.panel_charts = [], {}, {}, {}, []
        self.page_no, self.has_next, self.subject, self.denied = 1, False, "", ""
        self.query = self.address = ""
        self._cursors, self._next = [None], None

    def _shown_patient(self) -> int | None:
        """Whose results the address names: none for the viewer's own."""
        return self._patient if self._patient and self._patient != self.viewer else None

    def _set_applied(self, flt: lab_query.LabFilter) -> str:
        """``flt`` is what the rows show: paging goes on in it, the form shows its values (the
        analyte list of the chosen panel is part of the page: ``filters.analyte_options``) and
        the export link carries it; the link's query is returned (the page's address)."""
        self._shown = flt
        self.applied = values = model.form_values(flt)
        self.form_key = "|".join(values[k] for k in ("from", "to", "q"))
        self.filtered = flt.narrows
        self.query = lab_params.to_query(flt, self._shown_patient())
        return self.query

    # --- loading and filtering ------------------------------------------------------------

    @rx.event
    @guarded
    def load(self):
        """Open the page the URL names: whose results, the filters, the first page."""
        self._clear()
        params = dict(self.router.url.query_parameters)
        query = {k: str(params.get(k, ""))[:120] for k in lab_params.PARAMS}
        try:
            flt = lab_params.to_filter(query)
        except Invalid as exc:
            self.errors = {_FIELD_OF.get(exc.field, exc.field): exc.message}
            flt = lab_query.LabFilter()
        with self._signed_in() as (db, user):
            self.viewer, self._patient = user.id, user.id
            wanted = query["patient"]
            try:
                access = patient_access(db, user, wanted or user.id, self._actor(user))
            except NotFound as exc:
                self.denied, self.rows = exc.message, []
                return None
            self._patient = access.patient_id
            if access.patient_id != user.id:
                patient = db.get(User, access.patient_id)
                self.subject = full_name(patient) if patient else ""
            self._fetch(db, access, None, flt)
            self._log_view(access, user, "labs")
        self._set_applied(flt)
        return None

    def _go(self, flt: lab_query.LabFilter):
        """Show ``flt`` now, and give it its address as a new history entry (``address``): the
        browser's back button returns to the previous filter (``load`` shows it), a reload or a
        shared link shows this one. One update is sent, with what changed: the rows, the form's
        values, the pager, the address."""
        try:
            with self._signed_in() as (db, user):
                access = self._access(db, user)
                self._fetch(db, access, None, flt)
                self._log_view(access, user, "labs")
        except NotFound as exc:
            self.rows, self.has_next = [], False
            return rx.toast.error(exc.message)
        self._cursors, self.page_no = [None], 1
        if self.errors:
            self.errors = {}
        if self.detail or self.chart or self.panel_charts:
            self.detail, self.chart, self.panel_charts = {}, {}, []
        query = self._set_applied(flt)
        self.address = f"{routes.LABS}?{query}" if query else routes.LABS
        return None

    @rx.event
    @guarded
    def apply(self, form: dict):
        """The dates and the text submitted: the new address (errors stay beside the fields)."""
        typed = {name: str(form.get(name) or "")[:120] for name in ("from", "to", "q")}
        try:
            flt = model.to_filter({**self.applied, **typed})
        except Invalid as exc:
            self.errors = {exc.field: exc.message}
            return None
        self.errors = {}
        return self._go(flt)

    @rx.event
    @guarded
    def choose(self, field: str, value: str):
        """A panel, analyte, sort order or «только отклонения» picked: applied at once."""
        if field not in CHOICE_FIELDS:
            return None
        try:
            return self._go(model.with_choice(self._shown, field, str(value)[:40]))
        except Invalid as exc:
            return rx.toast.error(exc.message)

    @rx.event
    @guarded
    def reset_filters(self):
        """Every result, newest first."""
        return [
            *(rx.set_value(i, "") for i in model.DATE_FIELDS.values()),
            self._go(lab_query.LabFilter()),
        ]

    # --- pages ----------------------------------------------------------------------------

    @rx.event
    @guarded
    def next_page(self):
        """The page after this one (its cursor is the last row shown)."""
        if self._next is None:
            return None
        return self._page([*self._cursors, self._next])

    @rx.event
    @guarded
    def previous_page(self):
        """The page before this one (its start is kept in the stack)."""
        if len(self._cursors) < 2:
            return None
        return self._page(self._cursors[:-1])

    def _page(self, cursors: list[Any]):
        try:
            with self._signed_in() as (db, user):
                self._fetch(db, self._access(db, user), cursors[-1])
        except (NotFound, Invalid) as exc:
            self.rows, self.has_next = [], False
            return rx.toast.error(exc.message)
        self._cursors, self.page_no = cursors, len(cursors)
        self.detail, self.chart, self.panel_charts = {}, {}, []
        return rx.call_script(_reveal("labs-table"))

    # --- one result -----------------------------------------------------------------------

    @rx.event
    @guarded
    def open_result(self, result_id: str):
        """A row tapped: its detail, its analyte's trend and the panel's other analytes."""
        try:
            with self._signed_in() as (db, user):
                access = self._access(db, user)
                row = lab_display.one_result(db, access.scope, result_id)
                series, chart = lab_display.analyte_trend(db, access.scope, row.analyte_code)
                previous = lab_display.previous_of(series, row)
                self.detail = lab_display.detail_display(row, previous)
                self.detail["panel_name"] = panel_name(row.panel_code)
                self.chart = chart.display()
                self.panel_charts = _panel_charts(db, access, row.panel_code, row.analyte_code)
                self._log_view(access, user, "lab_result", row.id)
        except NotFound as exc:
            self.detail, self.chart, self.panel_charts = {}, {}, []
            return rx.toast.error(exc.message)
        return rx.call_script(_reveal("labs-detail"))

    @rx.event
    @guarded
    def close_result(self):
        """Back to the table."""
        opened = self.detail.get("id", "")
        self.detail, self.chart, self.panel_charts = {}, {}, []
        return rx.call_script(_reveal(f"labs-row-{opened}")) if opened else None


def _panel_charts(db: Session, access: PatientAccess, panel: str, shown: str) -> list[dict]:
    """Small charts of the panel's other analytes the scope has values of."""
    charts = []
    for item in analytes(panel):
        if item.code == shown:
            continue
        rows = lab_query.series(db, access.scope, item.code, limit=MINI_POINTS)
        chart = lab_display.trend(rows)
        if chart is not None:
            charts.append(chart.display())
    return charts
