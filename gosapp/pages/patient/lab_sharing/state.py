"""``LabSharingState``: the signed-in patient's shares, the share being made, a new link (shown
once) and «кто смотрел мои данные».

Every handler is ``@guarded`` and passes the user to a service that checks ownership itself
(``sharing``, ``share_links``, ``sharing_doctors``, ``access_log``); ids from the browser are
checked there. The new link's address (its token) sits in ``link_url`` only from «Создать
ссылку» until «Готово» or the next load, and cannot be read back: only its hash is stored.
"""

from __future__ import annotations

from datetime import date

import reflex as rx
from sqlmodel import Session

from gosapp.models.accounts import User
from gosapp.services.common.errors import DomainError, Invalid
from gosapp.services.common.validation import parse_date
from gosapp.services.medical import access_log, share_links, sharing, sharing_doctors
from gosapp.services.medical.access_log import AccessLine, LogCursor
from gosapp.services.medical.sharing import ResultGroup, Selection, ShareRow
from gosapp.services.medical.sharing_doctors import DoctorChoice
from gosapp.state.auth import AuthMixin, guarded

MAX_PICKED = 200


def _date(form: dict, name: str) -> date | None:
    raw = str(form.get(name, "") or "").strip()
    return parse_date(raw, name) if raw else None


class LabSharingState(AuthMixin, rx.State):
    """«Доступ к анализам»: share, revoke, link, and the log of looks."""

    owner: rx.Field[int] = rx.field(0)
    what: rx.Field[str] = rx.field("panel")  # "panel" (a panel over a period) or "pick"
    target: rx.Field[str] = rx.field("doctor")  # "doctor" or "link"
    hours: rx.Field[str] = rx.field("72")
    groups: rx.Field[list[ResultGroup]] = rx.field(default_factory=list)
    picked: rx.Field[list[str]] = rx.field(default_factory=list)
    doctors: rx.Field[list[DoctorChoice]] = rx.field(default_factory=list)
    doctor_id: rx.Field[str] = rx.field("")
    errors: rx.Field[dict[str, str]] = rx.field(default_factory=dict)
    shares: rx.Field[list[ShareRow]] = rx.field(default_factory=list)
    revoking: rx.Field[str] = rx.field("")  # the share asking «Отозвать доступ?»
    revoking_label: rx.Field[str] = rx.field("")
    link_url: rx.Field[str] = rx.field("")  # the new link, until «Готово» (shown once)
    link_qr: rx.Field[str] = rx.field("")
    log: rx.Field[list[AccessLine]] = rx.field(default_factory=list)
    log_more: rx.Field[bool] = rx.field(False)
    _log_cursor: LogCursor | None = None

    def _fetch(self, db: Session, user: User) -> None:
        self.shares = sharing.my_shares(db, user)
        self.log, self._log_cursor = access_log.my_log(db, user)
        self.log_more = self._log_cursor is not None
        self.owner = user.id

    @rx.event
    @guarded
    def load(self):
        """The patient's recent results, doctors, shares and log; nothing half-made kept."""
        self.errors, self.picked, self.doctor_id = {}, [], ""
        self.revoking = self.revoking_label = self.link_url = self.link_qr = ""
        with self._signed_in() as (db, user):
            self.groups = sharing.recent_groups(db, user)
            self.doctors = sharing_doctors.my_doctors(db, user)
            self._fetch(db, user)

    @rx.event
    @guarded
    def set_what(self, value: str):
        """«Панель за период» or «Отдельные результаты»."""
        self.what = "pick" if value == "pick" else "panel"
        self.errors = {}

    @rx.event
    @guarded
    def set_target(self, value: str):
        """«Врачу» or «По ссылке»."""
        self.target = "link" if value == "link" else "doctor"
        self.errors = {}

    @rx.event
    @guarded
    def set_hours(self, value: str):
        """How long a link lives: 24 or 72 hours."""
        self.hours = value if value in ("24", "72") else "72"

    @rx.event
    @guarded
    def toggle(self, result_id: str, checked: bool):
        """Pick or unpick one result (the service checks it is the patient's own)."""
        wanted = str(result_id)[:12]
        rest = [i for i in self.picked if i != wanted]
        self.picked = [*rest, wanted][:MAX_PICKED] if checked is True else rest

    @rx.event
    @guarded
    def choose_doctor(self, doctor_id: str):
        """The doctor picked in the list."""
        self.doctor_id = str(doctor_id)[:12]
        self.errors = {k: v for k, v in self.errors.items() if k != "doctor"}

    @rx.event
    @guarded
    def search_doctors(self, form: dict):
        """Doctors by name (doctors only; name, specialty and clinic)."""
        self.errors = {}
        try:
            with self._signed_in() as (db, user):
                found = sharing_doctors.find_doctors(db, user, str(form.get("doctor_query", "")))
        except Invalid as exc:
            self.errors = {exc.field: exc.message}
            return
        chosen = [d for d in self.doctors if d.id == self.doctor_id]
        self.doctors = chosen + [d for d in found if d.id != self.doctor_id]
        if not found:
            self.errors = {"doctor_query": "Врачей с таким именем не найдено"}

    def _selection(self, form: dict) -> Selection:
        if self.what == "pick":
            return Selection(result_ids=tuple(self.picked))
        panel = str(form.get("panel", ""))[:16]
        return Selection(
            panel=panel, date_from=_date(form, "date_from"), date_to=_date(form, "date_to")
        )

    def _create(self, form: dict) -> str:
        chosen = self._selection(form)
        with self._signed_in(write=True) as (db, user):
            actor = self._actor(user, "citizen")
            if self.target == "link":
                made = share_links.create_link(db, user, actor, chosen=chosen, hours=self.hours)
                self.link_url, self.link_qr = made.url, made.qr
                return "Ссылка создана"
            sharing.create_share(
                db, user, actor, doctor_id=self.doctor_id, chosen=chosen,
                expires_on=_date(form, "expires_on"),
            )  # fmt: skip
            return "Доступ открыт"

    @rx.event
    @guarded
    def create(self, form: dict):
        """Open access to the chosen results for the chosen doctor, or make a link."""
        self.errors, self.link_url, self.link_qr = {}, "", ""
        try:
            done = self._create(form)
        except Invalid as exc:
            self.errors = {exc.field: exc.message}
            return rx.toast.error(exc.message)
        except DomainError as exc:
            return rx.toast.error(exc.message)
        self.picked = []
        with self._signed_in() as (db, user):
            self._fetch(db, user)
        return [
            rx.toast.success(done),
            rx.scroll_to("sharing-link" if self.link_url else "sharing-shares"),
        ]

    @rx.event
    @guarded
    def hide_link(self):
        """«Готово»: forget the link's address (it cannot be shown again)."""
        self.link_url = self.link_qr = ""

    @rx.event
    @guarded
    def ask_revoke(self, share_id: str):
        """Open «Отозвать доступ?» for one live share ("" closes it)."""
        share = next((s for s in self.shares if s.id == str(share_id) and s.live), None)
        self.revoking = share.id if share else ""
        self.revoking_label = f"{share.title} — {share.recipient}" if share else ""

    @rx.event
    @guarded
    def dialog_changed(self, is_open: bool):
        """Escape, the overlay or «Не отзывать» closed the dialog: nothing is revoked."""
        if not is_open:
            self.revoking = self.revoking_label = ""

    @rx.event
    @guarded
    def revoke(self):
        """Revoke the share the dialog asked about: it stops working at once."""
        share_id, self.revoking, self.revoking_label = self.revoking, "", ""
        try:
            with self._signed_in(write=True) as (db, user):
                sharing.revoke(db, user, share_id, self._actor(user, "citizen"))
        except DomainError as exc:
            return rx.toast.error(exc.message)
        with self._signed_in() as (db, user):
            self._fetch(db, user)
        return rx.toast.success("Доступ отозван")

    @rx.event
    @guarded
    def more_log(self):
        """«Показать ещё»: the next hundred looks."""
        if self._log_cursor is None:
            return
        with self._signed_in() as (db, user):
            lines, self._log_cursor = access_log.my_log(db, user, after=self._log_cursor)
        self.log = [*self.log, *lines]
        self.log_more = self._log_cursor is not None
