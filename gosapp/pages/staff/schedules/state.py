"""The schedules page's state: the chosen clinic and resource, its week and exceptions, the
form being edited, and a change waiting for confirmation.

A change that would cancel booked visits is kept backend-only (``_pending``) with the ids of
the visits shown; «Сохранить» sends only those ids to ``schedules.apply``, which refuses if
the change now hits a visit nobody was shown.
"""

from __future__ import annotations

from dataclasses import asdict

import reflex as rx

from gosapp.models.accounts import User
from gosapp.pages.staff import STAFF
from gosapp.services.common.errors import DomainError, Invalid, NotFound
from gosapp.services.common.validation import parse_id
from gosapp.services.identity.accounts import InvalidForm
from gosapp.services.scheduling import schedule_forms as forms
from gosapp.services.scheduling import schedule_view as view
from gosapp.services.scheduling import schedules
from gosapp.state.auth import AuthMixin, guarded

ALL = "all"
Row = dict[str, str | int | bool]


def _options(rows: list[view.Option]) -> list[dict[str, str]]:
    return [{"value": o.value, "label": o.label} for o in rows]


class StaffSchedulesState(AuthMixin, rx.State):
    """Display dicts of the chosen resource; errors per field; the confirmation's visits."""

    owner: rx.Field[int] = rx.field(0)
    clinics: rx.Field[list[dict[str, str]]] = rx.field(default_factory=list)
    clinic_id: rx.Field[str] = rx.field("")
    specialties: rx.Field[list[dict[str, str]]] = rx.field(default_factory=list)
    specialty_id: rx.Field[str] = rx.field(ALL)
    resources: rx.Field[list[dict[str, str]]] = rx.field(default_factory=list)
    resource_id: rx.Field[str] = rx.field("")
    resource_title: rx.Field[str] = rx.field("")
    week: rx.Field[list[Row]] = rx.field(default_factory=list)
    exceptions: rx.Field[list[Row]] = rx.field(default_factory=list)
    editing: rx.Field[dict[str, str | int | bool]] = rx.field(default_factory=dict)
    errors: rx.Field[dict[str, str]] = rx.field(default_factory=dict)
    exception_kind: rx.Field[str] = rx.field("vacation")
    exception_errors: rx.Field[dict[str, str]] = rx.field(default_factory=dict)
    hit: rx.Field[list[dict[str, str | int]]] = rx.field(default_factory=list)
    hit_title: rx.Field[str] = rx.field("")
    hit_note: rx.Field[str] = rx.field("")
    _pending: forms.Change | None = None

    @rx.event
    @guarded(*STAFF)
    def load(self):
        """The clinics; the clinic and resource chosen earlier in this tab stay chosen."""
        with self._signed_in(*STAFF) as (db, user):
            self.clinics = _options(view.clinic_options(session=db, user=user))
            self.owner = user.id
        self._close()
        self._refresh()

    def _refresh(self) -> None:
        """Re-read the lists and the chosen resource (a stale choice is dropped)."""
        try:
            with self._signed_in(*STAFF) as (db, user):
                self._read(db, user)
        except NotFound:
            self.resource_id, self.week, self.exceptions, self.resource_title = "", [], [], ""

    def _read(self, db, user: User) -> None:
        if not self.clinic_id:
            self.specialties, self.resources, self.week, self.exceptions = [], [], [], []
            return
        clinic = parse_id(self.clinic_id)
        specialty = parse_id(self.specialty_id) if self.specialty_id != ALL else None
        self.specialties = _options(view.specialty_options(session=db, user=user, clinic_id=clinic))
        self.resources = _options(
            view.resource_options(session=db, user=user, clinic_id=clinic, specialty_id=specialty)
        )
        if self.resource_id not in {r["value"] for r in self.resources}:
            self.resource_id, self.week, self.exceptions, self.resource_title = "", [], [], ""
            return
        rid = int(self.resource_id)
        today = schedules.local_today(db, schedules.resource_of(db, user, rid))
        self.resource_title = view.resource_title(session=db, user=user, resource_id=rid)
        self.week = [asdict(r) for r in view.week_rows(session=db, user=user, resource_id=rid)]
        self.exceptions = [
            asdict(r)
            for r in view.exception_rows(session=db, user=user, resource_id=rid, today=today)
        ]

    def _close(self) -> None:
        self.editing, self.errors, self.exception_errors = {}, {}, {}
        self.hit, self.hit_title, self.hit_note, self._pending = [], "", "", None

    @rx.event
    @guarded(*STAFF)
    def set_clinic(self, clinic_id: str):
        """Choose a clinic: its specialties and resources."""
        self.clinic_id, self.specialty_id, self.resource_id = str(clinic_id)[:12], ALL, ""
        self._close()
        self._refresh()

    @rx.event
    @guarded(*STAFF)
    def set_specialty(self, specialty_id: str):
        """Only the resources of one specialty (or all)."""
        self.specialty_id = str(specialty_id)[:12]
        self._refresh()

    @rx.event
    @guarded(*STAFF)
    def set_resource(self, resource_id: str):
        """Choose a doctor or window: its week and exceptions."""
        self.resource_id = str(resource_id)[:12]
        self._close()
        self._refresh()

    @rx.event
    @guarded(*STAFF)
    def edit_day(self, weekday: int):
        """Open a weekday's form filled with its current hours."""
        row = next((r for r in self.week if r["weekday"] == weekday), None)
        self.editing, self.errors = (dict(row) if row else {}), {}

    @rx.event
    @guarded(*STAFF)
    def cancel_edit(self):
        """Close the weekday's form without saving."""
        self.editing, self.errors = {}, {}

    @rx.event
    @guarded(*STAFF)
    def save_day(self, form: dict):
        """Check a weekday's hours (or a day off) and save them, asking first if visits are hit."""
        try:
            weekday = forms.parse_weekday(self.editing.get("weekday", ""))
            off = form.get("day_off") in (True, "on", "true")
            hours = None if off else forms.parse_day_hours(form)
        except InvalidForm as exc:
            self.errors = exc.errors
            return None
        except Invalid as exc:
            return rx.toast.error(exc.message)
        self.errors = {}
        return self._propose(forms.SetWeekday(weekday, hours))

    @rx.event
    @guarded(*STAFF)
    def set_exception_kind(self, kind: str):
        """Vacation and sick leave close days; an extra day asks for hours."""
        self.exception_kind = str(kind)[:20]

    @rx.event
    @guarded(*STAFF)
    def add_exception(self, form: dict):
        """Check a new exception and save it, asking first if visits are hit."""
        try:
            with self._signed_in(*STAFF) as (db, user):
                resource = schedules.resource_of(db, user, self.resource_id)
                today = schedules.local_today(db, resource)
            change = forms.parse_exception({**form, "kind": self.exception_kind}, today)
        except InvalidForm as exc:
            self.exception_errors = exc.errors
            return None
        except DomainError as exc:
            return rx.toast.error(exc.message)
        self.exception_errors = {}
        return self._propose(change)

    @rx.event
    @guarded(*STAFF)
    def remove_exception(self, exception_id: int):
        """Delete an exception (its days follow the week again), asking first if visits are hit."""
        try:
            change = forms.RemoveException(parse_id(exception_id))
        except DomainError as exc:
            return rx.toast.error(exc.message)
        return self._propose(change)

    def _propose(self, change: forms.Change):
        """Save at once when no visit is hit; otherwise list the visits and wait."""
        try:
            with self._signed_in(*STAFF) as (db, user):
                hit = schedules.affected_visits(
                    session=db, user=user, resource_id=self.resource_id, change=change
                )
        except DomainError as exc:
            return rx.toast.error(exc.message)
        if not hit:
            return self._apply(change, [])
        self._ask(change, hit, "")
        return None

    def _ask(self, change: forms.Change, hit: list[schedules.HitVisit], note: str) -> None:
        self._pending = change
        self.hit = [asdict(v) for v in hit]
        self.hit_title = f"Изменение затронет {view.visits_label(len(hit))}"
        self.hit_note = note

    def _apply(self, change: forms.Change, confirmed: list[int]):
        try:
            with self._signed_in(*STAFF, write=True) as (db, user):
                cancelled = schedules.apply(
                    session=db,
                    user=user,
                    resource_id=self.resource_id,
                    change=change,
                    confirmed=confirmed,
                    actor=self._actor(user),
                )
        except schedules.Unconfirmed as exc:
            self._ask(change, exc.visits, exc.message)
            return None
        except DomainError as exc:
            self._close()
            return rx.toast.error(exc.message)
        self._close()
        self._refresh()
        done = f"; отменено {view.visits_label(len(cancelled))}, пациенты уведомлены"
        return rx.toast.success("Расписание сохранено" + (done if cancelled else ""))

    @rx.event
    @guarded(*STAFF)
    def confirm_change(self):
        """Save the change and cancel the visits listed in the confirmation."""
        if self._pending is None:
            self.hit = []
            return None
        return self._apply(self._pending, [int(v["id"]) for v in self.hit])

    @rx.event
    @guarded(*STAFF)
    def cancel_change(self):
        """Close the confirmation: nothing is saved."""
        self.hit, self.hit_title, self.hit_note, self._pending = [], "", "", None

    @rx.event
    @guarded(*STAFF)
    def confirm_open_change(self, is_open: bool):
        """Esc or a click outside closes the confirmation like «Отмена»."""
        if not is_open:
            self.hit, self.hit_title, self.hit_note, self._pending = [], "", "", None
