"""``PatientCardState``: one patient's card as the signed-in doctor may see it, and the record of
the visit they write now.

Every handler is guarded by the doctor role, and the services decide the rest: ``open_card``
goes through ``access.patient_access`` (logged for the patient), each write through
``visit_record.writable_visit`` (only the visit's own doctor). The page holds the patient's
data only while it is open (``state/binding.py`` resets it when another page loads).
"""

from __future__ import annotations

from datetime import date

import reflex as rx

from gosapp.models.accounts import Role
from gosapp.services.common.errors import DomainError, Invalid, NotFound
from gosapp.services.common.validation import parse_date
from gosapp.services.medical import icd10
from gosapp.services.medical import visit_record as vr
from gosapp.services.medical import visit_record_labs as labs
from gosapp.services.medical.visit_record_card import Card, open_card
from gosapp.state.auth import AuthMixin, guarded

DOCTOR = Role.DOCTOR
Row = dict[str, str]
SECTIONS = ("visits", "diagnoses", "recommendations", "vaccinations", "allergies", "chronic")


class PatientCardState(AuthMixin, rx.State):
    """The card: the patient, their record (not for a share), results, the visit written now."""

    owner: rx.Field[int] = rx.field(0)  # the doctor whose card this is
    missing: rx.Field[str] = rx.field("")  # why nothing is shown (not found / no access)
    patient_id: rx.Field[int] = rx.field(0)
    name: rx.Field[str] = rx.field("")
    age: rx.Field[str] = rx.field("")
    via: rx.Field[str] = rx.field("")  # visit or share
    visits: rx.Field[list[Row]] = rx.field(default_factory=list)
    diagnoses: rx.Field[list[Row]] = rx.field(default_factory=list)
    recommendations: rx.Field[list[Row]] = rx.field(default_factory=list)
    vaccinations: rx.Field[list[Row]] = rx.field(default_factory=list)
    allergies: rx.Field[list[Row]] = rx.field(default_factory=list)
    chronic: rx.Field[list[Row]] = rx.field(default_factory=list)
    results: rx.Field[list[Row]] = rx.field(default_factory=list)
    visit_id: rx.Field[int] = rx.field(0)
    visit_label: rx.Field[str] = rx.field("")
    visit_status: rx.Field[str] = rx.field("")
    complaint: rx.Field[str] = rx.field("")
    conclusion: rx.Field[str] = rx.field("")
    orders: rx.Field[list[Row]] = rx.field(default_factory=list)
    icd_hits: rx.Field[list[Row]] = rx.field(default_factory=list)  # the catalogue, not personal
    icd_code: rx.Field[str] = rx.field("")
    icd_label: rx.Field[str] = rx.field("")
    errors: rx.Field[dict[str, str]] = rx.field(default_factory=dict)

    def _patient_param(self) -> str:
        return str(self.router.url.path).rstrip("/").rsplit("/", 1)[-1][:12]

    def _show(self, card: Card) -> None:
        self.patient_id, self.name, self.age, self.via = (
            card.patient_id,
            card.name,
            card.age,
            card.via,
        )
        for key in SECTIONS:
            setattr(self, key, getattr(card.record, key) if card.record else [])
        self.results, self.orders = card.results, card.orders
        self.visit_id, self.visit_label, self.visit_status = (
            card.visit_id,
            card.visit_label,
            card.visit_status,
        )
        self.complaint, self.conclusion = card.complaint, card.conclusion

    def _open(self, log: bool) -> None:
        wanted = self.router.url.query_parameters.get("visit", "")
        with self._signed_in(DOCTOR, write=True) as (db, user):
            actor = self._actor(user, DOCTOR.value)
            card = open_card(
                session=db,
                doctor=user,
                patient_id=self._patient_param(),
                actor=actor,
                visit_id=str(self.visit_id or wanted)[:12],
                log=log,
            )
            self._show(card)
            self.owner = user.id

    @rx.event
    @guarded(DOCTOR)
    def load(self):
        """Open the card (the opening is logged for the patient); NotFound shows a refusal."""
        self.missing, self.errors, self.visit_id = "", {}, 0
        self.icd_hits, self.icd_code, self.icd_label = [], "", ""
        try:
            self._open(log=True)
        except DomainError as exc:
            self._show(Card(0, "", "", "", None))
            with self._signed_in(DOCTOR) as (_, user):
                self.owner = user.id
            self.missing = exc.message

    def _write(self, action, done: str, field: str = ""):
        """``action(db, user, actor)`` in a write transaction; errors beside ``field``."""
        try:
            with self._signed_in(DOCTOR, write=True) as (db, user):
                action(db, user, self._actor(user, DOCTOR.value))
        except Invalid as exc:
            self.errors = {exc.field: exc.message}
            return None
        except DomainError as exc:
            self.errors = {}
            self._redraw()
            return rx.toast.error(exc.message)
        self.errors = {}
        self._redraw()
        return rx.toast.success(done)

    def _redraw(self) -> None:
        try:
            self._open(log=False)
        except NotFound as exc:
            self.missing = exc.message

    @rx.event
    @guarded(DOCTOR)
    def save_note(self, form: dict):
        """Complaint and conclusion («Сохранить»)."""
        complaint = str(form.get("complaint") or "")[:2000]
        conclusion = str(form.get("conclusion") or "")[:4000]

        def act(db, user, actor):
            vr.save_note(
                session=db,
                doctor=user,
                appointment_id=self.visit_id,
                complaint=complaint,
                conclusion=conclusion,
                actor=actor,
            )

        return self._write(act, "Запись приёма сохранена")

    @rx.event
    @guarded(DOCTOR)
    def search_icd(self, query: str):
        """МКБ-10 search as the doctor types (the input is debounced)."""
        hits = icd10.search(str(query)[:80])
        self.icd_hits = [{"code": h.code, "name": h.name} for h in hits]

    @rx.event
    @guarded(DOCTOR)
    def pick_icd(self, code: str):
        """A code chosen from the hits."""
        try:
            item = icd10.lookup(str(code)[:8])
        except Invalid as exc:
            self.errors = {exc.field: exc.message}
            return
        self.icd_code, self.icd_label, self.icd_hits = item.code, item.label, []

    @rx.event
    @guarded(DOCTOR)
    def add_diagnosis(self, form: dict):
        """The chosen МКБ-10 code with a comment and the chronic mark."""
        code, comment = self.icd_code, str(form.get("comment") or "")[:1000]
        chronic = str(form.get("chronic") or "") in ("on", "true", "1")

        def act(db, user, actor):
            vr.add_diagnosis(
                session=db,
                doctor=user,
                appointment_id=self.visit_id,
                icd_code=code,
                comment=comment,
                chronic=chronic,
                actor=actor,
            )

        result = self._write(act, "Диагноз добавлен")
        if not self.errors:
            self.icd_code = self.icd_label = ""
        return result

    @rx.event
    @guarded(DOCTOR)
    def resolve(self, diagnosis_id: str):
        """«Излечён» for one of the patient's active diagnoses."""

        def act(db, user, actor):
            vr.resolve_diagnosis(
                session=db,
                doctor=user,
                appointment_id=self.visit_id,
                diagnosis_id=str(diagnosis_id)[:12],
                actor=actor,
            )

        return self._write(act, "Диагноз закрыт: излечён")

    @rx.event
    @guarded(DOCTOR)
    def add_recommendation(self, form: dict):
        """A recommendation with its kind, text, due date and (optionally) its diagnosis."""
        raw_due = str(form.get("due") or "").strip()[:40]
        try:
            due: date | None = parse_date(raw_due, "recommendation_due") if raw_due else None
        except Invalid as exc:
            self.errors = {exc.field: exc.message}
            return None
        diagnosis = str(form.get("diagnosis") or "")[:12]

        def act(db, user, actor):
            vr.add_recommendation(
                session=db,
                doctor=user,
                appointment_id=self.visit_id,
                kind=str(form.get("kind") or "")[:16],
                text=str(form.get("text") or "")[:1000],
                due_on=due,
                diagnosis_id=None if diagnosis in ("", "none") else diagnosis,
                actor=actor,
            )

        return self._write(act, "Рекомендация добавлена")

    @rx.event
    @guarded(DOCTOR)
    def order_lab(self, form: dict):
        """Order a panel of tests."""
        panel = str(form.get("panel") or "")[:16]

        def act(db, user, actor):
            labs.order_lab(
                session=db, doctor=user, appointment_id=self.visit_id, panel_code=panel, actor=actor
            )

        return self._write(act, "Исследование назначено")

    @rx.event
    @guarded(DOCTOR)
    def enter_result(self, form: dict):
        """A result measured at the visit: analyte and value (the patient is notified)."""
        analyte, value = str(form.get("analyte") or "")[:16], str(form.get("value") or "")[:40]

        def act(db, user, actor):
            labs.enter_result(
                session=db,
                doctor=user,
                appointment_id=self.visit_id,
                analyte_code=analyte,
                value=value,
                actor=actor,
            )

        return self._write(act, "Результат внесён, пациент получит уведомление")

    @rx.event
    @guarded(DOCTOR)
    def complete(self):
        """«Приём состоялся» (the workplace's mark)."""

        def act(db, user, actor):
            vr.complete(session=db, doctor=user, appointment_id=self.visit_id, actor=actor)

        return self._write(act, "Приём отмечен: состоялся")
