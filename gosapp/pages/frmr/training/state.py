"""The training page's state: one page of the catalogue (filters in the URL, keyset pages),
the doctor's own enrolments («Мои обучения»), the waiting-list offer and the cancel dialog.

Every handler is guarded by the doctor role and the services check the role, the register
profile and ownership again. Only the doctor's own rows and one page of programmes reach the
browser; the cursors stay in backend vars.
"""

from __future__ import annotations

from typing import Any

import reflex as rx

from gosapp import routes
from gosapp.models.accounts import Role, utcnow
from gosapp.models.training import EnrolmentStatus
from gosapp.services.common.errors import DomainError, Invalid
from gosapp.services.common.workdays import local_date
from gosapp.services.frmr import training
from gosapp.services.frmr import training_catalog as catalog
from gosapp.state.auth import AuthMixin, guarded

DOCTOR = Role.DOCTOR
ENROLLED = EnrolmentStatus.ENROLLED
FORM_FIELDS = ("kind", "region", "from", "q", "free")


def _reveal(element_id: str):
    return rx.call_script(f"document.getElementById({element_id!r})?.scrollIntoView()")


class TrainingState(AuthMixin, rx.State):
    """What /frmr/training shows; ``owner`` is whose it is (shown only to them)."""

    owner: rx.Field[int] = rx.field(0)
    loaded: rx.Field[bool] = rx.field(False)
    denied: rx.Field[str] = rx.field("")
    rows: rx.Field[list[dict[str, str]]] = rx.field(default_factory=list)
    mine: rx.Field[list[dict[str, str]]] = rx.field(default_factory=list)
    applied: rx.Field[dict[str, str]] = rx.field(default_factory=dict)
    errors: rx.Field[dict[str, str]] = rx.field(default_factory=dict)
    page_no: rx.Field[int] = rx.field(1)
    has_next: rx.Field[bool] = rx.field(False)
    offer: rx.Field[dict[str, str]] = rx.field(default_factory=dict)  # the waiting-list offer
    cancelling: rx.Field[dict[str, str]] = rx.field(default_factory=dict)
    notice: rx.Field[str] = rx.field("")
    _query: dict[str, str] = {}
    _cursors: list[Any] = []
    _next: Any = None

    @rx.var
    def form_key(self) -> str:
        """Changes with the applied filters: the form is drawn again from them."""
        return "|".join(self.applied.get(k, "") for k in FORM_FIELDS)

    @rx.var
    def filtered(self) -> bool:
        """Whether a filter narrows the catalogue (the empty state differs)."""
        return any(self.applied.get(k, "") for k in FORM_FIELDS)

    def _filter(self) -> catalog.TrainingFilter:
        return catalog.to_filter(self._query)

    def _reload(self, cursor: Any = None) -> None:
        today = local_date(utcnow())
        with self._signed_in(DOCTOR) as (db, user):
            self.rows, self._next = catalog.search(db, user, self._filter(), today, cursor)
            self.mine = catalog.my_enrolments(db, user, today)
            self.owner, self.loaded = user.id, True
        self.has_next = self._next is not None

    @rx.event
    @guarded(DOCTOR)
    def load(self):
        """Open the catalogue the URL names and the doctor's own enrolments."""
        self.offer, self.cancelling, self.notice, self.errors, self.denied = {}, {}, "", {}, ""
        params = dict(self.router.url.query_parameters)
        self._query = {k: str(params.get(k, ""))[:100] for k in catalog.PARAMS}
        try:
            flt = self._filter()
        except Invalid as exc:
            self.errors, self._query, flt = {exc.field: exc.message}, {}, catalog.TrainingFilter()
        self._cursors, self.page_no = [None], 1
        try:
            self._reload()
        except DomainError as exc:
            self.denied, self.rows, self.mine = exc.message, [], []
            return
        self.applied = {
            "kind": flt.kind,
            "region": flt.region,
            "from": f"{flt.date_from:%d.%m.%Y}" if flt.date_from else "",
            "q": flt.text,
            "free": "1" if flt.free_only else "",
        }

    @rx.event
    @guarded(DOCTOR)
    def apply(self, form: dict):
        """«Показать»: the filters become the address (errors stay beside the fields)."""
        values = form if isinstance(form, dict) else {}
        typed = {k: str(values.get(k) or "")[:100] for k in FORM_FIELDS}
        try:
            query = catalog.to_query(catalog.to_filter(typed))
        except Invalid as exc:
            self.errors = {exc.field: exc.message}
            return None
        self.errors = {}
        return rx.redirect(f"{routes.TRAINING}?{query}" if query else routes.TRAINING)

    @rx.event
    @guarded(DOCTOR)
    def reset_filters(self):
        """Every programme not yet started."""
        return rx.redirect(routes.TRAINING)

    @rx.event
    @guarded(DOCTOR)
    def next_page(self):
        """The programmes after the last one shown."""
        if self._next is None:
            return None
        return self._page([*self._cursors, self._next])

    @rx.event
    @guarded(DOCTOR)
    def previous_page(self):
        """The page before this one."""
        if len(self._cursors) < 2:
            return None
        return self._page(self._cursors[:-1])

    def _page(self, cursors: list[Any]):
        try:
            self._reload(cursors[-1])
        except DomainError as exc:
            return rx.toast.error(exc.message)
        self._cursors, self.page_no = cursors, len(cursors)
        return _reveal("training-catalogue")

    # --- enrolment -------------------------------------------------------------------------

    def _act(self, act, done: str):
        try:
            with self._signed_in(DOCTOR, write=True) as (db, user):
                done = act(db, user, self._actor(user, DOCTOR.value)) or done
        except training.ProgrammeFull:
            raise
        except DomainError as exc:
            self._reload(self._cursors[-1] if self._cursors else None)
            return rx.toast.error(exc.message)
        self.notice = done
        self._reload(self._cursors[-1] if self._cursors else None)
        return [rx.toast.success(done), _reveal("training-mine")]

    @rx.event
    @guarded(DOCTOR)
    def enrol(self, programme_id: str):
        """«Записаться»: a seat, or with none left the offer of the waiting list."""
        self.offer, self.notice = {}, ""
        pid = str(programme_id)[:12]

        def act(db, user, actor):
            training.enrol(session=db, user=user, programme_id=pid, actor=actor)

        try:
            return self._act(act, "Вы записаны на обучение.")
        except training.ProgrammeFull as exc:
            self._reload(self._cursors[-1] if self._cursors else None)
            title = next((r["title"] for r in self.rows if r["id"] == pid), "")
            self.offer = {"id": pid, "title": title, "message": exc.message}
            return None

    @rx.event
    @guarded(DOCTOR)
    def join_waiting(self):
        """«Встать в лист ожидания» on the offered programme (a seat if one has freed)."""
        pid = self.offer.get("id", "")
        self.offer = {}
        if not pid:
            return None

        def act(db, user, actor):
            row = training.enrol(session=db, user=user, programme_id=pid, actor=actor, wait=True)
            return "Место освободилось — вы записаны." if row.status == ENROLLED else None

        return self._act(act, "Вы в листе ожидания. Мы сообщим, когда освободится место.")

    @rx.event
    @guarded(DOCTOR)
    def dismiss_offer(self):
        """«Не нужно»: close the waiting-list offer."""
        self.offer = {}

    @rx.event
    @guarded(DOCTOR)
    def ask_cancel(self, enrolment_id: str):
        """«Отменить запись»: the confirmation dialog for one of the doctor's own rows."""
        row = next((r for r in self.mine if r.get("enrolment") == str(enrolment_id)), None)
        if row is None or not row.get("can_cancel"):
            return None
        self.cancelling = {"id": row["enrolment"], "title": row["title"], "status": row["status"]}
        return None

    @rx.event
    @guarded(DOCTOR)
    def dialog_changed(self, is_open: bool):
        """The dialog closed (Escape, «Не отменять»)."""
        if not is_open:
            self.cancelling = {}

    @rx.event
    @guarded(DOCTOR)
    def cancel(self):
        """«Да, отменить»: the service checks the row is the doctor's own."""
        eid = self.cancelling.get("id", "")
        self.cancelling = {}
        if not eid:
            return None

        def act(db, user, actor):
            training.cancel(session=db, user=user, enrolment_id=eid, actor=actor)

        return self._act(act, "Запись на обучение отменена.")

    @rx.event
    @guarded(DOCTOR)
    def finish(self, enrolment_id: str):
        """«Завершить обучение»: an НМО record awaiting its certificate."""
        eid = str(enrolment_id)[:12]

        def act(db, user, actor):
            training.finish(session=db, user=user, enrolment_id=eid, actor=actor)

        return self._act(
            act,
            "Обучение завершено. Загрузите сертификат в разделе НМО — баллы засчитаются "
            "после проверки.",
        )
