"""``AppointmentsState``: the step the URL names and only what that step shows.

Choices travel in the URL (``query.py``) and every step is read again from it on load, so the
vars hold one step's rows, never another patient's data; the hold and the visit being moved
are the signed-in patient's own and live in backend vars. The rules (level, one visit per
specialty, the 5-minute hold, no double booking) are the services' (``scheduling.booking``).
"""

from __future__ import annotations

from dataclasses import asdict, replace
from datetime import date, datetime

import reflex as rx
from sqlmodel import Session

from gosapp.models.accounts import AccountLevel, User, utcnow
from gosapp.pages.patient.appointments import rows, scripts
from gosapp.pages.patient.appointments.query import (
    Choice,
    from_query,
    month_key,
    parse_day,
    parse_month,
    shift_month,
)
from gosapp.services.common.errors import DomainError
from gosapp.services.identity import levels
from gosapp.services.scheduling import booking, catalog, waitlist
from gosapp.services.scheduling.display import local_time, visit_time
from gosapp.state.auth import AuthMixin, guarded

ALL = "all"  # the select value for «any» (Radix selects cannot hold "")
STEPS = ("service", "specialty", "doctor", "day", "time", "confirm", "done")


class AppointmentsState(AuthMixin, rx.State):
    """The picker: which step, its rows, the hold being confirmed and the booked number."""

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
        visit = catalog.visit_to_move(db, user, int(choice.reschedule or 0), utcnow())
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
        if not choice.reschedule.isdigit():
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
            self.specialties = rows.specialty_rows(choice, catalog.specialties(db))
            return self._at("specialty", choice, (start.url(), "к выбору услуги"))
        self._specialty_id = spec.id
        to_specialty = Choice(choice.reschedule, choice.service).url()
        self.path.append({"label": "Специальность", "value": spec.name, "href": to_specialty})
        doctor_id = int(choice.doctor) if choice.doctor.isdigit() else 0
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
            "title": catalog.month_title(shown.year, shown.month),
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

    # --- handlers ----------------------------------------------------------------------------

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
