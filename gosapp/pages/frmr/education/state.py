"""The НМО page's state: the doctor's own dashboard (progress, chart rows, forecast), the
activities, the «Добавить мероприятие» form and the accreditation date / yearly goal form.

Every handler is guarded by the doctor role and the services check it again with ownership.
"""

from __future__ import annotations

import reflex as rx

from gosapp.models.accounts import Role, utcnow
from gosapp.services.common.errors import DomainError, Invalid
from gosapp.services.common.workdays import local_date
from gosapp.services.frmr import education, education_view
from gosapp.services.identity.accounts import InvalidForm
from gosapp.state.auth import AuthMixin, guarded
from gosapp.state.uploads import UploadsState

DOCTOR = Role.DOCTOR
WIDGET = "nmo"


def _errors(exc: DomainError) -> dict[str, str]:
    if isinstance(exc, InvalidForm):
        return dict(exc.errors)
    if isinstance(exc, Invalid):
        return {exc.field or "form": exc.message}
    return {"form": exc.message}


class EducationState(AuthMixin, rx.State):
    """What the page shows; ``owner`` is whose it is (the page shows it only to them)."""

    owner: rx.Field[int] = rx.field(0)
    loaded: rx.Field[bool] = rx.field(False)
    board: rx.Field[education_view.Dashboard] = rx.field(default_factory=education_view.Dashboard)
    activities: rx.Field[list[education_view.ActivityRow]] = rx.field(default_factory=list)
    chart: rx.Field[list[dict[str, str | int]]] = rx.field(default_factory=list)
    adding: rx.Field[bool] = rx.field(False)
    setting: rx.Field[bool] = rx.field(False)
    form_values: rx.Field[dict[str, str]] = rx.field(default_factory=dict)
    form_errors: rx.Field[dict[str, str]] = rx.field(default_factory=dict)
    notice: rx.Field[str] = rx.field("")
    attaching: rx.Field[str] = rx.field("")  # the awaiting activity whose certificate is asked
    # «Исправить и отправить снова»: the rejected activity the form corrects, and staff's reason
    correcting: rx.Field[str] = rx.field("")
    correcting_reason: rx.Field[str] = rx.field("")

    def _reload(self) -> None:
        with self._signed_in(DOCTOR) as (db, user):
            board = education_view.dashboard(session=db, user=user, today=local_date(utcnow()))
            self.owner, self.loaded = user.id, True
        self.activities, self.chart = board.activities, board.chart
        board.activities, board.chart = [], []
        self.board = board

    @rx.event
    @guarded(DOCTOR)
    def load(self):
        """A fresh page: nothing open."""
        self.adding, self.setting, self.notice, self.form_errors = False, False, "", {}
        self.attaching, self.correcting, self.correcting_reason = "", "", ""
        self._reload()
        self.setting = not self.board.set_up

    @rx.event
    @guarded(DOCTOR)
    def open_form(self, which: str):
        """«Добавить мероприятие» (``activity``) or «Изменить дату и цель» (``settings``)."""
        self.form_errors, self.notice = {}, ""
        self.adding, self.setting = which == "activity", which == "settings"
        self.attaching, self.correcting, self.correcting_reason = "", "", ""
        self.form_values = (
            {"accredited_on": self.board.accredited_on, "yearly_goal": str(self.board.goal)}
            if self.setting
            else {"kind": "course"}
        )

    @rx.event
    @guarded(DOCTOR)
    def close_form(self):
        """Close either form (staged files stay for the next attempt)."""
        self.adding, self.setting, self.form_errors = False, False, {}
        self.attaching, self.correcting, self.correcting_reason = "", "", ""

    @rx.event
    @guarded(DOCTOR)
    def open_correction(self, activity_id: str):
        """«Исправить и отправить снова»: the add form filled with the rejected activity's
        values and staff's reason above it (the service checks whose activity it is)."""
        try:
            with self._signed_in(DOCTOR) as (db, user):
                found = education.rejected_activity(
                    session=db,
                    user=user,
                    activity_id=str(activity_id)[:12],
                    actor=self._actor(user, DOCTOR.value),
                )
        except DomainError as exc:
            self._reload()
            return rx.toast.error(exc.message)
        self.setting, self.attaching, self.form_errors, self.notice = False, "", {}, ""
        self.form_values, self.correcting_reason = found.values, found.reason
        self.correcting, self.adding = str(activity_id)[:12], True
        return rx.scroll_to("nmo-form")

    @rx.event
    @guarded(DOCTOR)
    def open_certificate(self, activity_id: str):
        """«Загрузить сертификат» of an activity awaiting one (its own form with the uploader;
        the service checks whose activity it is when the certificate is sent)."""
        wanted = str(activity_id)[:12]
        if not any(a.id == wanted and a.status == education_view.AWAITING for a in self.activities):
            return
        self.adding, self.setting, self.form_errors, self.notice = False, False, {}, ""
        self.attaching = wanted

    @rx.event
    @guarded(DOCTOR)
    async def send_certificate(self):
        """Send the awaiting activity with its staged certificate for checking."""
        activity_id = self.attaching

        def send(db, user, ids):
            education.attach_certificate(
                session=db,
                user=user,
                activity_id=activity_id,
                document_ids=ids,
                actor=self._actor(user, DOCTOR.value),
            )

        if not activity_id:
            return None
        uploads = await self.get_state(UploadsState)
        try:
            uploads._submit_with(WIDGET, send)
        except DomainError as exc:
            self.form_errors = _errors(exc)
            return None
        self.attaching, self.form_errors = "", {}
        self.notice = "Сертификат отправлен на проверку. Баллы засчитаются после подтверждения."
        self._reload()
        return rx.toast.success("Отправлено на проверку")

    @rx.event
    @guarded(DOCTOR)
    def save_settings(self, form: dict):
        """Store the accreditation date and the yearly goal."""
        values = {str(k): str(v) for k, v in (form if isinstance(form, dict) else {}).items()}
        try:
            with self._signed_in(DOCTOR, write=True) as (db, user):
                education.save_settings(
                    session=db, user=user, form=values, actor=self._actor(user, DOCTOR.value)
                )
        except DomainError as exc:
            self.form_values, self.form_errors = values, _errors(exc)
            return None
        self.setting, self.form_errors, self.notice = False, {}, "Дата и цель сохранены."
        self._reload()
        return None

    @rx.event
    @guarded(DOCTOR)
    async def submit(self, form: dict):
        """Send the activity with its staged certificate for checking."""
        values = {str(k): str(v) for k, v in (form if isinstance(form, dict) else {}).items()}

        correcting = self.correcting

        def send(db, user, ids):
            actor = self._actor(user, DOCTOR.value)
            if correcting:
                education.resubmit_activity(
                    session=db,
                    user=user,
                    activity_id=correcting,
                    form=values,
                    document_ids=ids,
                    actor=actor,
                )
                return
            education.add_activity(
                session=db, user=user, form=values, document_ids=ids, actor=actor
            )

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
            "Исправленное мероприятие отправлено на проверку снова."
            if correcting
            else "Мероприятие отправлено на проверку."
        ) + " Баллы засчитаются после подтверждения."
        self._reload()
        return rx.toast.success("Отправлено на проверку")
