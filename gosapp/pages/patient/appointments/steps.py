"""What each step of the picker shows, read from the URL: the vars and the resolution of the
URL's choices into the deepest valid step (``StepsMixin``). The handlers live in ``state.py``.
Nothing here belongs to another patient: the rows are the catalogue's, the visit being moved is
the signed-in patient's own."""

from __future__ import annotations

from dataclasses import asdict, replace
from datetime import date, datetime

import reflex as rx
from sqlmodel import Session

from gosapp.models.accounts import User, utcnow
from gosapp.pages.patient.appointments import rows
from gosapp.pages.patient.appointments.query import (
    Choice,
    month_key,
    parse_day,
    parse_id,
    parse_month,
    shift_month,
)
from gosapp.services.common.months import month_title
from gosapp.services.scheduling import catalog

ALL = "all"  # the select value for «any» (Radix selects cannot hold "")


class StepsMixin(rx.State, mixin=True):
    """The step the URL names and only what that step shows."""

    loaded: rx.Field[bool] = rx.field(False)
    step: rx.Field[str] = rx.field("")
    gate: rx.Field[dict[str, str]] = rx.field(default_factory=dict)
    path: rx.Field[list[dict[str, str]]] = rx.field(default_factory=list)  # choices so far
    back: rx.Field[dict[str, str]] = rx.field(default_factory=dict)  # href, label
    services: rx.Field[list[dict[str, str]]] = rx.field(default_factory=list)
    specialties: rx.Field[list[dict[str, str]]] = rx.field(default_factory=list)
    doctors: rx.Field[list[dict[str, str]]] = rx.field(default_factory=list)
    none_free: rx.Field[bool] = rx.field(False)  # doctors listed, none with free time
    waitlisted: rx.Field[bool] = rx.field(False)
    clinics: rx.Field[list[dict[str, str]]] = rx.field(default_factory=list)
    districts: rx.Field[list[str]] = rx.field(default_factory=list)
    filters: rx.Field[dict[str, str]] = rx.field(default_factory=dict)
    doctor: rx.Field[dict[str, str]] = rx.field(default_factory=dict)
    month: rx.Field[dict[str, str]] = rx.field(default_factory=dict)  # title, prev, next
    weeks: rx.Field[list[list[dict[str, str]]]] = rx.field(default_factory=list)
    day_title: rx.Field[str] = rx.field("")
    groups: rx.Field[list[rows.SlotGroup]] = rx.field(default_factory=list)
    held: rx.Field[dict[str, str]] = rx.field(default_factory=dict)  # the slot being confirmed
    booked: rx.Field[dict[str, str]] = rx.field(default_factory=dict)
    moving: rx.Field[dict[str, str]] = rx.field(default_factory=dict)  # the visit rescheduled
    notice: rx.Field[str] = rx.field("")
    error: rx.Field[str] = rx.field("")

    _choice: dict[str, str] = {}
    _hold_id: int = 0
    _moving_id: int = 0
    _doctor_id: int = 0
    _specialty_id: int = 0
    _zone: str = ""

    # --- reading the URL ---------------------------------------------------------------------

    def _clear(self) -> None:
        for name in ("gate", "back", "filters", "doctor", "month", "held", "booked", "moving"):
            setattr(self, name, {})
        for name in ("path", "services", "specialties", "doctors", "clinics", "districts"):
            setattr(self, name, [])
        self.weeks, self.groups, self.day_title, self.notice, self.error = [], [], "", "", ""
        self.none_free = self.waitlisted = False
        self._hold_id = self._moving_id = self._doctor_id = self._specialty_id = 0

    def _at(self, step: str, choice: Choice, back: tuple[str, str] | None = None) -> None:
        self.step, self._choice = step, asdict(choice)
        self.back = {"href": back[0], "label": back[1]} if back else {}

    def _visit_to_move(self, db: Session, user: User, choice: Choice) -> Choice:
        """``?reschedule=<id>``: the patient's own visit; its service and specialty preselected."""
        if not choice.reschedule:
            return choice
        visit = catalog.visit_to_move(db, user, parse_id(choice.reschedule), utcnow())
        if visit is None:
            self.notice = "Запись для переноса не найдена или её уже нельзя перенести"
            return replace(choice, reschedule="")
        self._moving_id = visit.id
        self.moving = {"number": visit.number, "when": visit.when}
        return replace(
            choice,
            service=choice.service or visit.service_code,
            specialty=choice.specialty or visit.specialty_code,
        )

    def _resolve(self, db: Session, user: User, choice: Choice, now: datetime) -> None:
        """The deepest step the URL's (valid) choices reach, with that step's rows."""
        if not parse_id(choice.reschedule):
            choice = replace(choice, reschedule="")
        choice = self._visit_to_move(db, user, choice)
        start = Choice(reschedule=choice.reschedule)
        if choice.service not in catalog.SERVICE_CODES:
            self.services = rows.service_rows(start)
            return self._at("service", start)
        title = next(s.title for s in catalog.SERVICE_TYPES if s.code == choice.service)
        self.path = [{"label": "Услуга", "value": title, "href": start.url()}]
        spec = catalog.specialty(db, choice.specialty)
        if spec is None:
            offered = catalog.specialties(db, choice.service)
            self.specialties = rows.specialty_rows(choice, offered)
            return self._at("specialty", choice, (start.url(), "к выбору услуги"))
        self._specialty_id = spec.id
        to_specialty = Choice(choice.reschedule, choice.service).url()
        self.path.append({"label": "Специальность", "value": spec.name, "href": to_specialty})
        doctor_id = parse_id(choice.doctor)
        card = catalog.doctor(db, doctor_id, now, spec.code) if doctor_id else None
        if card is None:
            self._list_doctors(db, replace(choice, doctor="", month="", day=""), now)
            return self._at("doctor", choice, (to_specialty, "к выбору специальности"))
        return self._calendar(db, choice, card, now)

    def _list_doctors(self, db: Session, choice: Choice, now: datetime) -> None:
        filters = catalog.Filters(choice.clinic, choice.district, choice.q)
        cards = catalog.doctors(db, specialty_code=choice.specialty, now=now, filters=filters)
        self.doctors = [rows.doctor_row(c, choice.url(doctor=str(c.id))) for c in cards]
        self.none_free = bool(cards) and all(c.nearest is None for c in cards)
        clinics, districts = catalog.filter_options(db, choice.specialty)
        self.clinics = [{"code": c.code, "name": c.short_name} for c in clinics]
        self.districts = districts
        self.filters = {
            "clinic": choice.clinic or ALL,
            "district": choice.district or ALL,
            "q": choice.q,
        }

    def _calendar(self, db: Session, choice: Choice, card, now: datetime) -> None:
        """The month grid of the chosen doctor, and the day's times when a day is chosen."""
        self.doctor = rows.doctor_row(card)
        self._doctor_id, self._zone = card.id, card.zone
        to_doctors = choice.url(doctor="", month="", day="")
        self.path.append({"label": "Врач", "value": card.name, "href": to_doctors})
        first, last = catalog.bookable_months(now)
        day = parse_day(choice.day)
        if day is not None and not first <= day.replace(day=1) <= last:
            day = None
        shown = parse_month(choice.month) or (day or card.nearest or first).replace(day=1)
        shown = min(max(shown, first), last)
        choice = replace(choice, month=month_key(shown), day=day.isoformat() if day else "")
        weeks = catalog.month_grid(db, card.id, shown.year, shown.month, now)
        self.weeks = rows.week_rows(weeks, choice, day)
        self.month = {
            "title": month_title(shown.year, shown.month),
            "prev": choice.url(month=month_key(shift_month(shown, -1)), day="")
            if shown > first
            else "",
            "next": choice.url(month=month_key(shift_month(shown, 1)), day="")
            if shown < last
            else "",
            "empty": "" if any(c["count"] for w in self.weeks for c in w) else "1",
        }
        if day is None:
            return self._at("day", choice, (to_doctors, "к выбору врача"))
        self._times(db, day, now)
        self.path.append({"label": "Дата", "value": self.day_title, "href": choice.url(day="")})
        return self._at("time", choice, (choice.url(day=""), "к выбору дня"))

    def _times(self, db: Session, day: date, now: datetime) -> None:
        groups = catalog.day_groups(db, self._doctor_id, day, now)
        self.groups = rows.group_rows(groups)
        weekday = catalog.WEEKDAYS[day.weekday()]
        self.day_title = f"{catalog.day_label(day)}, {weekday}"

    def _reload_times(self, db: Session) -> None:
        """Back on the time grid (a step back, a slot taken, a hold run out)."""
        day = parse_day(self._choice.get("day", ""))
        if day is not None:
            self._times(db, day, utcnow())
        self.step, self.held = "time", {}
