"""The workplace's state: the shown day or week of the signed-in doctor's visits.

Patients' names, ages and complaints are in these vars only while the page is open: ``load``
replaces them, and ``state/binding.py`` resets this state when another page loads. Every
handler is guarded by the doctor role, and the service checks it again.
"""

from __future__ import annotations

from dataclasses import asdict
from datetime import date, timedelta

import reflex as rx

from gosapp.models.accounts import Role
from gosapp.services.common.errors import DomainError
from gosapp.services.medical.visit_record_card import card_of_visit
from gosapp.services.scheduling import workplace
from gosapp.state.auth import AuthMixin, guarded

DOCTOR = Role.DOCTOR
MAX_DAYS_AWAY = 366  # the day switcher stays within a year of today
Row = dict[str, str | int | bool]


class WorkplaceState(AuthMixin, rx.State):
    """One day («Сегодня») or one week («Неделя») of visits, as display dicts."""

    owner: rx.Field[int] = rx.field(0)
    view: rx.Field[str] = rx.field("day")  # "day" or "week"
    day: rx.Field[str] = rx.field("")  # ISO date shown (the week is the one containing it)
    today: rx.Field[str] = rx.field("")
    title: rx.Field[str] = rx.field("")  # «пн, 12.01.2027» or «11.01.2027 — 17.01.2027»
    visits: rx.Field[list[Row]] = rx.field(default_factory=list)  # the day's visits
    # The week as one list: a "day" entry (heading) followed by its visits or an "empty" entry.
    week: rx.Field[list[Row]] = rx.field(default_factory=list)

    def _show(self, day: date | None = None) -> None:
        with self._signed_in(DOCTOR) as (db, user):
            today = workplace.today(db, user)
            day = day or today
            if abs((day - today).days) > MAX_DAYS_AWAY:
                day = today
            self.today, self.day = today.isoformat(), day.isoformat()
            if self.view == "week":
                days = workplace.week_visits(session=db, doctor=user, day=day)
                self.week, self.visits = _week_entries(days), []
                monday, sunday = workplace.week_of(day)
                self.title = f"{monday:%d.%m.%Y} — {sunday:%d.%m.%Y}"
            else:
                self.visits = [
                    asdict(v) for v in workplace.day_visits(session=db, doctor=user, day=day)
                ]
                self.week, self.title = [], workplace.day_label(day)
            self.owner = user.id

    def _shown_day(self) -> date:
        try:
            return date.fromisoformat(self.day)
        except ValueError:
            return date.min

    @rx.event
    @guarded(DOCTOR)
    def load(self):
        """Open on today (a fresh page: nothing kept from an earlier visit)."""
        self.view, self.visits, self.week = "day", [], []
        self._show()

    @rx.event
    @guarded(DOCTOR)
    def set_view(self, view: str):
        """«Сегодня» (one day) or «Неделя» (Monday to Sunday)."""
        self.view = "week" if view == "week" else "day"
        self._show(self._shown_day() if self.day else None)

    @rx.event
    @guarded(DOCTOR)
    def shift(self, steps: int):
        """The previous or next day (week in the week view)."""
        step = 7 if self.view == "week" else 1
        moves = max(-1, min(1, int(steps))) if isinstance(steps, int) else 0
        self._show(self._shown_day() + timedelta(days=step * moves) if self.day else None)

    @rx.event
    @guarded(DOCTOR)
    def go_today(self):
        """Back to today."""
        self._show()

    @rx.event
    @guarded(DOCTOR)
    def open_day(self, day: str):
        """A day of the week view opened on its own."""
        try:
            chosen = date.fromisoformat(str(day)[:10])
        except ValueError:
            chosen = None
        self.view = "day"
        self._show(chosen)

    @rx.event
    @guarded(DOCTOR)
    def mark(self, appointment_id: int, outcome: str):
        """«Состоялся» or «Неявка» for one visit; a visit marked elsewhere says so."""
        rule = workplace.MARKS.get(str(outcome))
        try:
            with self._signed_in(DOCTOR, write=True) as (db, user):
                workplace.mark(
                    session=db,
                    doctor=user,
                    appointment_id=appointment_id,
                    outcome=str(outcome),
                    actor=self._actor(user, Role.DOCTOR.value),
                )
        except DomainError as exc:
            self._show(self._shown_day())
            return rx.toast.error(exc.message)
        self._show(self._shown_day())
        return rx.toast.success(rule.done if rule else "Готово")

    @rx.event
    @guarded(DOCTOR)
    def open_card(self, appointment_id: int):
        """«Карта пациента» of one of the doctor's visits (the card checks the right again)."""
        try:
            with self._signed_in(DOCTOR, write=True) as (db, user):
                target = card_of_visit(db, user, appointment_id, self._actor(user, DOCTOR.value))
        except DomainError as exc:
            return rx.toast.error(exc.message)
        return rx.redirect(target)


def _week_entries(days: list[workplace.DayVisits]) -> list[Row]:
    entries: list[Row] = []
    for day in days:
        entries.append(
            {"kind": "day", "day": day.day, "label": day.label, "count": len(day.visits)}
        )
        entries += [{"kind": "visit", **asdict(v)} for v in day.visits]
        if not day.visits:
            entries.append({"kind": "empty", "day": day.day})
    return entries
