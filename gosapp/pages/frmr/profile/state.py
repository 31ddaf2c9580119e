"""The state of the medical-worker cabinet's profile (`/frmr`): the doctor's own profile, its
public fields' form, the photo; for anyone else the status of their register application."""

from __future__ import annotations

from dataclasses import asdict

import reflex as rx

from gosapp.services.common.errors import DomainError, Invalid
from gosapp.services.documents import storage
from gosapp.services.frmr import applications, profile, register
from gosapp.services.identity.accounts import InvalidForm
from gosapp.state.auth import AuthMixin, guarded

PHOTO_UPLOAD = "frmr-photo-upload"


class FrmrProfileState(AuthMixin, rx.State):
    """The signed-in user's own profile (or application) only, while `/frmr` is shown."""

    registered: rx.Field[bool] = rx.field(False)
    card: rx.Field[dict[str, str]] = rx.field(default_factory=dict)
    application: rx.Field[dict[str, str]] = rx.field(default_factory=dict)
    editing: rx.Field[bool] = rx.field(False)
    form_errors: rx.Field[dict[str, str]] = rx.field(default_factory=dict)
    photo_error: rx.Field[str] = rx.field("")
    confirm_remove: rx.Field[bool] = rx.field(False)
    loaded: rx.Field[bool] = rx.field(False)

    def _reload(self) -> None:
        with self._signed_in() as (db, user):
            self.registered = register.is_registered(db, user.id)
            view = profile.profile_view(session=db, user=user) if self.registered else None
            application = applications.application_view(db, user)
        self.card = {k: str(v) for k, v in asdict(view).items()} if view else {}
        self.application = (
            {
                "number": application.number,
                "status": application.status,
                "status_label": application.status_label,
                "reason": application.reason,
            }
            if application and not self.registered
            else {}
        )
        self.loaded = True

    @rx.event
    @guarded
    def load(self):
        """The profile, or the invitation to apply; the edit form closed."""
        self.editing, self.confirm_remove, self.form_errors, self.photo_error = (
            False,
            False,
            {},
            "",
        )
        self._reload()

    @rx.event
    @guarded
    def edit(self, on: bool):
        """Open or close the form of the public fields."""
        self.editing, self.form_errors = bool(on), {}

    @rx.event
    @guarded
    def save(self, form: dict):
        """Save sub-specialties and «о себе» (the service checks it is the user's profile)."""
        try:
            with self._signed_in(write=True) as (db, user):
                profile.update_public(session=db, user=user, data=form, actor=self._actor(user))
        except InvalidForm as exc:
            self.form_errors = exc.errors
            return None
        except DomainError as exc:
            return rx.toast.error(exc.message)
        self._reload()
        self.editing, self.form_errors = False, {}
        return rx.toast.success("Профиль сохранён")

    @rx.event
    @guarded
    async def upload_photo(self, files: list[rx.UploadFile]):
        """Replace the photo with the picked JPEG/PNG (resized, metadata stripped)."""
        if not files:
            return None
        file = files[0]
        if (file.size or 0) > storage.MAX_FILE_BYTES:
            self.photo_error = f"Фотография больше {storage.MAX_FILE_BYTES // storage.MB} МБ"
            return None
        data = await file.read(storage.MAX_FILE_BYTES + 1)
        try:
            with self._signed_in(write=True) as (db, user):
                profile.set_photo(session=db, user=user, data=data, actor=self._actor(user))
        except Invalid as exc:
            self.photo_error = exc.message
            return None
        except DomainError as exc:
            return rx.toast.error(exc.message)
        self._reload()
        self.photo_error = ""
        return rx.toast.success("Фотография обновлена")

    @rx.event
    @guarded
    def ask_remove_photo(self, on: bool):
        """Show (or hide) «Удалить фотографию?»."""
        self.confirm_remove = bool(on)

    @rx.event
    @guarded
    def remove_photo(self):
        """Remove the photo after the confirmation: initials are shown instead."""
        try:
            with self._signed_in(write=True) as (db, user):
                profile.remove_photo(session=db, user=user, actor=self._actor(user))
        except DomainError as exc:
            return rx.toast.error(exc.message)
        self._reload()
        self.confirm_remove = False
        return rx.toast.success("Фотография удалена")
