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
        self._reload()

    @rx.event
    @guarded(DOCTOR)
    def open_form(self):
        """«Добавить период»."""
        self.adding, self.notice, self.form_errors = True, "", {}
        self.form_values = {"contract": "main", "medical": "on"}

    @rx.event
    @guarded(DOCTOR)
    def close_form(self):
        """Close the form (staged files stay for the next attempt)."""
        self.adding, self.form_errors = False, {}

    @rx.event
    @guarded(DOCTOR)
    async def submit(self, form: dict):
        """Send the period with its staged documents for fixing."""
        values = {str(k): str(v) for k, v in (form if isinstance(form, dict) else {}).items()}
        values.setdefault("medical", "")

        def send(db, user, ids):
            experience.add_period(
                session=db,
                user=user,
                form=values,
                document_ids=ids,
                actor=self._actor(user, DOCTOR.value),
            )

        if not self.adding:
            return None
        uploads = await self.get_state(UploadsState)
        try:
            uploads._submit_with(WIDGET, send)
        except DomainError as exc:
            self.form_values, self.form_errors = values, _errors(exc)
            return None
        self.adding, self.form_errors = False, {}
        self.notice = "Период отправлен на проверку. После проверки он будет зафиксирован."
        self._reload()
        return rx.toast.success("Отправлено на проверку")
