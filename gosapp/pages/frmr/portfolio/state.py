"""The portfolio page's state: the doctor's own records (display rows), the filters, the
add/correct form, the archive confirmation and the package being built.

Every handler is guarded by the doctor role and the services check it again, with ownership.
Record ids come back from the browser as text and the services parse them (``parse_id``).
"""

from __future__ import annotations

import asyncio

import reflex as rx

from gosapp import routes
from gosapp.models.accounts import Role, utcnow
from gosapp.services.common.display import full_name
from gosapp.services.common.errors import DomainError, Invalid
from gosapp.services.common.workdays import local_date
from gosapp.services.frmr import portfolio, portfolio_files, portfolio_view
from gosapp.services.identity.accounts import InvalidForm
from gosapp.state.auth import AuthMixin, guarded
from gosapp.state.uploads import UploadsState

DOCTOR = Role.DOCTOR
WIDGET = "portfolio"
NEW = "new"


class PortfolioState(AuthMixin, rx.State):
    """What the page shows; ``owner`` is whose it is (the page shows it only to them)."""

    owner: rx.Field[int] = rx.field(0)
    loaded: rx.Field[bool] = rx.field(False)
    records: rx.Field[list[portfolio_view.RecordRow]] = rx.field(default_factory=list)
    doc_type: rx.Field[str] = rx.field("")  # filters
    status: rx.Field[str] = rx.field("")
    show: rx.Field[str] = rx.field("active")
    editing: rx.Field[str] = rx.field("")  # "" closed, "new", or the record id corrected
    form_values: rx.Field[dict[str, str]] = rx.field(default_factory=dict)
    form_errors: rx.Field[dict[str, str]] = rx.field(default_factory=dict)
    notice: rx.Field[str] = rx.field("")
    confirming: rx.Field[str] = rx.field("")  # the record whose archive/restore is asked
    picked: rx.Field[list[str]] = rx.field(default_factory=list)  # records for the package
    building: rx.Field[bool] = rx.field(False)
    progress: rx.Field[int] = rx.field(0)  # percent
    package_url: rx.Field[str] = rx.field("")
    package_error: rx.Field[str] = rx.field("")

    def _reload(self) -> None:
        filters = portfolio_view.clean_filters(self.doc_type, self.status, self.show)
        with self._signed_in(DOCTOR) as (db, user):
            today = local_date(utcnow())
            self.records = portfolio_view.records(
                session=db, user=user, filters=filters, today=today
            )
            self.owner, self.loaded = user.id, True
        approved = {r.id for r in self.records if r.status == "approved" and not r.archived}
        self.picked = [p for p in self.picked if p in approved]

    @rx.event
    @guarded(DOCTOR)
    def load(self):
        """A fresh page: the active records, nothing open."""
        self.doc_type, self.status, self.show = "", "", "active"
        self.editing = self.notice = self.confirming = self.package_url = ""
        self.picked, self.form_errors = [], {}
        self._reload()

    @rx.event
    @guarded(DOCTOR)
    def set_filter(self, name: str, value: str):
        """Filter by type, status, or switch to the archive."""
        if name in ("doc_type", "status", "show"):
            setattr(self, name, str(value))
            filters = portfolio_view.clean_filters(self.doc_type, self.status, self.show)
            self.doc_type, self.status, self.show = filters.doc_type, filters.status, filters.show
        self._reload()

    @rx.event
    @guarded(DOCTOR)
    def open_form(self, record_id: str):
        """«Добавить запись» (empty) or «Загрузить исправленную версию» (the record's data)."""
        self.form_errors, self.notice = {}, ""
        if record_id == NEW:
            self.editing, self.form_values = NEW, {"doc_type": "specialist_certificate"}
            return
        card = next((r for r in self.records if r.id == record_id and r.can_correct), None)
        self.editing = card.id if card else ""
        self.form_values = dict(card.form) if card else {}

    @rx.event
    @guarded(DOCTOR)
    def close_form(self):
        """Close the form (the staged files stay for the next attempt)."""
        self.editing, self.form_errors = "", {}

    @rx.event
    @guarded(DOCTOR)
    async def submit(self, form: dict):
        """Send the record (or its corrected version) with the staged files for checking."""
        form = form if isinstance(form, dict) else {}
        editing, values = self.editing, {str(k): str(v) for k, v in form.items()}

        def send(db, user, ids):
            actor = self._actor(user, DOCTOR.value)
            if editing == NEW:
                portfolio.add_record(
                    session=db, user=user, form=values, document_ids=ids, actor=actor
                )
            else:
                portfolio.add_version(
                    session=db,
                    user=user,
                    record_id=editing,
                    form=values,
                    document_ids=ids,
                    actor=actor,
                )

        if not editing:
            return None
        uploads = await self.get_state(UploadsState)
        try:
            uploads._submit_with(WIDGET, send)
        except InvalidForm as exc:
            self.form_values, self.form_errors = values, exc.errors
            return None
        except Invalid as exc:
            self.form_values, self.form_errors = values, {exc.field or "form": exc.message}
            return None
        except DomainError as exc:
            self.form_values, self.form_errors = values, {"form": exc.message}
            return None
        self.editing, self.form_errors = "", {}
        self.notice = "Документ отправлен на проверку. Статус — «на проверке»."
        self._reload()
        return rx.toast.success("Отправлено на проверку")

    @rx.event
    @guarded(DOCTOR)
    def ask_archive(self, record_id: str):
        """Ask to confirm moving a record to the archive (or back)."""
        self.confirming = next((r.id for r in self.records if r.id == record_id), "")

    @rx.event
    @guarded(DOCTOR)
    def confirm_open_change(self, is_open: bool):
        """Closing the confirmation («Отмена», Esc) cancels it."""
        if not is_open:
            self.confirming = ""

    @rx.event
    @guarded(DOCTOR)
    def confirm_archive(self):
        """Archive the record asked about (restore it when the archive is shown)."""
        record_id, archived = self.confirming, self.show != "archived"
        self.confirming = ""
        try:
            with self._signed_in(DOCTOR, write=True) as (db, user):
                portfolio.set_archived(
                    session=db,
                    user=user,
                    record_id=record_id,
                    archived=archived,
                    actor=self._actor(user, DOCTOR.value),
                )
        except DomainError as exc:
            return rx.toast.error(exc.message)
        self._reload()
        return rx.toast.success("Перенесено в архив" if archived else "Запись восстановлена")

    @rx.event
    @guarded(DOCTOR)
    def toggle_pick(self, record_id: str):
        """Choose an approved record for the package, or leave it out."""
        ok = any(r.id == record_id and r.status == "approved" for r in self.records)
        if record_id in self.picked:
            self.picked = [p for p in self.picked if p != record_id]
        elif ok:
            self.picked = [*self.picked, record_id]
        self.package_url, self.package_error = "", ""

    @rx.event(background=True)
    @guarded(DOCTOR)
    async def build_package(self):
        """Build the ZIP of the chosen records on the server, showing its progress."""
        async with self:
            if self.building:
                return None
            chosen, self.building, self.progress = list(self.picked), True, 0
            self.package_url, self.package_error = "", ""
        done = {"percent": 0}

        def build() -> str:
            with self._signed_in(DOCTOR, write=True) as (db, user):
                document = portfolio_files.build_package(
                    session=db,
                    user=user,
                    record_ids=chosen,
                    actor=self._actor(user, DOCTOR.value),
                    owner_name=full_name(user),
                    progress=lambda n, total: done.update(percent=n * 100 // max(total, 1)),
                )
                return routes.document(document.id)

        task = asyncio.create_task(asyncio.to_thread(build))
        while not task.done():
            await asyncio.sleep(0.2)
            async with self:
                self.progress = min(done["percent"], 99)
        async with self:
            self.building = False
            try:
                self.package_url, self.progress = task.result(), 100
            except DomainError as exc:
                self.package_error, self.progress = exc.message, 0
        return None
