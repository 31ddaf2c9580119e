"""``AppointmentsState``: the picker's handlers.

Choices travel in the URL (``query.py``) and every step is read again from it on load
(``steps.py``), so the vars hold one step's rows, never another patient's data; the hold and
the visit being moved are the signed-in patient's own and live in backend vars. The rules
(level, one visit per specialty, the 5-minute hold, no double booking) are the services'
(``scheduling.booking``).
"""

from __future__ import annotations

import reflex as rx
from sqlmodel import Session

from gosapp.models.accounts import AccountLevel, User, utcnow
from gosapp.pages.patient.appointments import scripts
from gosapp.pages.patient.appointments.query import (
    Choice,
    from_query,
    parse_day,
)
from gosapp.pages.patient.appointments.steps import ALL, StepsMixin
from gosapp.services.common.errors import DomainError
from gosapp.services.identity import levels
from gosapp.services.scheduling import booking, catalog, waitlist
from gosapp.services.scheduling.display import local_time, visit_time
from gosapp.state.auth import AuthMixin, guarded


class AppointmentsState(StepsMixin, AuthMixin, rx.State):
    """The picker: the step's rows (``StepsMixin``), the hold being confirmed, the number."""

    @rx.event
    @guarded
    def load(self):
        """Open the step the URL names (or the deepest valid one before it)."""
        self._clear()
        choice = from_query(self.router.url.query_parameters)
        with self._signed_in() as (db, user):
            self.gate = levels.level_gate(user, AccountLevel.STANDARD)
            if not self.gate:
                self._resolve(db, user, choice, utcnow())
        self.loaded = True
        script = scripts.STOP_COUNTDOWN + scripts.CALENDAR_KEYS
        if self.step == "time":  # a day was just picked: its times (below, on a phone)
            script += scripts.reveal("day-title") if self.error == "" else ""
        return rx.call_script(script)

    def _here_choice(self) -> Choice:
        return Choice(**{k: v for k, v in self._choice.items() if k in Choice.__dataclass_fields__})

    @rx.event
    @guarded
    def set_filter(self, name: str, value: str):
        """A clinic or district picked in the doctor list: the list narrows (kept in the URL)."""
        if name not in ("clinic", "district"):
            return None
        value = "" if value == ALL else str(value)[:80]
        return rx.redirect(self._here_choice().url(**{name: value}))

    @rx.event
    @guarded
    def search(self, form: dict):
        """Part of a doctor's name typed and submitted: the list narrows (kept in the URL)."""
        return rx.redirect(self._here_choice().url(q=str(form.get("q") or "")[:80].strip()))

    @rx.event
    @guarded
    def pick(self, hhmm: str):
        """Hold the slot at ``HH:MM`` of the chosen day for five minutes; then confirm."""
        day = parse_day(self._choice.get("day", ""))
        starts = catalog.slot_start(day, str(hhmm)[:5], self._zone) if day else None
        if starts is None or not self._doctor_id:
            return rx.toast.error("Выберите время в сетке")
        moving = self._moving_id or None
        try:
            with self._signed_in(write=True) as (db, user):
                row = booking.hold(
                    session=db,
                    patient=user,
                    resource_id=self._doctor_id,
                    starts_at=starts,
                    service_code=self._choice.get("service", "consultation"),
                    actor=self._actor(user),
                    rescheduling=moving,
                )
                self._hold_id = row.id
                self.held = {"when": local_time(row.starts_at, self._zone), "time": hhmm}
        except DomainError as exc:
            with self._signed_in() as (db, _):
                self._reload_times(db)
            self.error = exc.message
            return rx.call_script(scripts.reveal("picker-error"))
        self.step, self.error, self.notice = "confirm", "", ""
        return rx.call_script(scripts.countdown(int(booking.HOLD.total_seconds())))

    @rx.event
    @guarded
    def confirm(self, form: dict):
        """Book the held slot (or move the visit to it when rescheduling): the number."""
        complaint = str(form.get("complaint") or "")[:500]
        if not self._hold_id:  # nothing held (any more): back to the times
            return self._back_to_times(booking.HoldExpired().message)
        try:
            with self._signed_in(write=True) as (db, user):
                row = self._book(db, user, complaint)
                self.booked = {"number": row.number or "", "when": visit_time(db, row)}
        except booking.HoldExpired as exc:
            return self._back_to_times(exc.message)
        except DomainError as exc:
            self.error = exc.message
            return None
        self.booked["title"] = "Запись перенесена" if self._moving_id else "Вы записаны"
        self.step, self._hold_id, self.error = "done", 0, ""
        return rx.call_script(scripts.STOP_COUNTDOWN)

    def _book(self, db: Session, user: User, complaint: str):
        actor = self._actor(user)
        if self._moving_id:
            return booking.reschedule(
                session=db,
                patient=user,
                appointment_id=self._moving_id,
                hold_id=self._hold_id,
                actor=actor,
            )
        return booking.confirm(
            session=db, patient=user, appointment_id=self._hold_id, actor=actor, complaint=complaint
        )

    def _back_to_times(self, notice: str = ""):
        with self._signed_in(write=True) as (db, user):
            if self._hold_id:
                booking.release(session=db, patient=user, appointment_id=self._hold_id)
            self._reload_times(db)
        self._hold_id, self.notice, self.error = 0, notice, ""
        return rx.call_script(scripts.STOP_COUNTDOWN)

    @rx.event
    @guarded
    def release(self):
        """«Выбрать другое время»: give the held slot back and return to the time grid."""
        return self._back_to_times()

    @rx.event
    @guarded
    def hold_ran_out(self):
        """The countdown reached zero: the slot is given back, the grid shown again."""
        if self.step != "confirm":
            return None
        return self._back_to_times(booking.HoldExpired().message)

    @rx.event
    @guarded
    def join_waitlist(self):
        """Ask to be told when a slot of this specialty (of this doctor, when chosen) frees up."""
        if not self._specialty_id:
            return None
        try:
            with self._signed_in(write=True) as (db, user):
                waitlist.join(
                    session=db,
                    patient=user,
                    specialty_id=self._specialty_id,
                    resource_id=self._doctor_id or None,
                    actor=self._actor(user),
                )
        except DomainError as exc:
            self.error = exc.message
            return None
        self.waitlisted = True
        self.notice = (
            "Вы в листе ожидания. Когда освободится время, мы удержим его за вами на 15 минут "
            "и пришлём уведомление."
        )
        return None
