"""The experience page's state: the doctor's own periods and totals, and the «Добавить
период» form. Guarded by the doctor role; the services check it again with ownership."""

from __future__ import annotations

import reflex as rx

from gosapp.models.accounts import Role, utcnow
from gosapp.pages.frmr.education.state import _errors
from gosapp.services.common.errors import DomainError
from gosapp.services.common.workdays import local_date
from gosapp.services.frmr import experience
from gosapp.state.auth import AuthMixin, guarded
from gosapp.state.uploads import UploadsState

DOCTOR = Role.DOCTOR
WIDGET = "experience"


class ExperienceState(AuthMixin, rx.State):
    """What the page shows; ``owner`` is whose it is (the page shows it only to them)."""

    owner: rx.Field[int] = rx.field(0)
    loaded: rx.Field[bool] = rx.field(False)
    totals: rx.Field[experience.Summary] = rx.field(default_factory=experience.Summary)
    periods: rx.Field[list[experience.PeriodRow]] = rx.field(default_factory=list)
    adding: rx.Field[bool] = rx.field(False)
    form_values: rx.Field[dict[str, str]] = rx.field(default_factory=dict)
    form_errors: rx.Field[dict[str, str]] = rx.field(default_factory=dict)
    notice: rx.Field[str] = rx.field("")
    # «Исправить и отправить снова»: the rejected period the form corrects, and staff's reason
    correcting: rx.Field[str] = rx.field("")
    correcting_reason: rx.Field[str] = rx.field("")

    def _reload(self) -> None:
        with self._signed_in(DOCTOR) as (db, user):
            found = experience.summary(session=db, user=user, today=local_date(utcnow()))
            self.owner, self.loaded = user.id, True
        self.periods, found.periods = found.periods, []
        self.totals = found

    @rx.event
    @guarded(DOCTOR)
    def load(self):
        """A fresh page: the form closed."""
        self.adding, self.notice, self.form_errors = False, "", {}
        self.correcting, self.correcting_reason = "", ""
        self._reload()

    @rx.event
    @guarded(DOCTOR)
    def open_form(self):
        """«Добавить период»."""
        self.adding, self.notice, self.form_errors = True, "", {}
        self.correcting, self.correcting_reason = "", ""
        self.form_values = {"contract": "main", "medical": "on"}

    @rx.event
    @guarded(DOCTOR)
    def close_form(self):
        """Close the form (staged files stay for the next attempt)."""
        self.adding, self.form_errors = False, {}
        self.correcting, self.correcting_reason = "", ""

    @rx.event
    @guarded(DOCTOR)
    def open_correction(self, period_id: str):
        """«Исправить и отправить снова»: the form filled with the rejected period's values
        and staff's reason above it (the service checks whose period it is)."""
        try:
            with self._signed_in(DOCTOR) as (db, user):
                found = experience.rejected_period(
                    session=db,
                    user=user,
                    period_id=str(period_id)[:12],
                    actor=self._actor(user, DOCTOR.value),
                )
        except DomainError as exc:
            self._reload()
            return rx.toast.error(exc.message)
        self.form_errors, self.notice = {}, ""
        self.form_values, self.correcting_reason = found.values, found.reason
        self.correcting, self.adding = str(period_id)[:12], True
        return rx.scroll_to("exp-form")

    @rx.event
    @guarded(DOCTOR)
    async def submit(self, form: dict):
        """Send the period with its staged documents for fixing."""
        values = {str(k): str(v) for k, v in (form if isinstance(form, dict) else {}).items()}
        values.setdefault("medical", "")

        correcting = self.correcting

        def send(db, user, ids):
            actor = self._actor(user, DOCTOR.value)
            if correcting:
                experience.resubmit_period(
                    session=db,
                    user=user,
                    period_id=correcting,
                    form=values,
                    document_ids=ids,
                    actor=actor,
                )
                return
            experience.add_period(session=db, user=user, form=values, document_ids=ids, actor=actor)

        if not self.adding:
            return None
        uploads = await self.get_state(UploadsState)
        try:
            uploads._submit_with(WIDGET, send)
        except DomainError as exc:
            self.form_values, self.form_errors = values, _errors(exc)
            return None
        self.adding, self.form_errors, self.correcting = False, {}, ""
        self.notice = (
            "Исправленный период отправлен на проверку снова."
            if correcting
            else "Период отправлен на проверку."
        ) + " После проверки он будет зафиксирован."
        self._reload()
        return rx.toast.success("Отправлено на проверку")
