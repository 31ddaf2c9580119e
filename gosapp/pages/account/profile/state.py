"""``ProfileState``: the signed-in user's own profile as plain strings, and its handlers for the
confirmation code, the documents, the passport verification and the notification switches.
The contact change has its own state (``contacts.ContactChangeState``)."""

import reflex as rx

from gosapp.pages.account.profile.contacts import ContactChangeState
from gosapp.services.backoffice.users import redeem_confirmation_code
from gosapp.services.common.errors import DomainError, Invalid
from gosapp.services.identity.accounts import InvalidForm
from gosapp.services.profile import documents as documents_service
from gosapp.services.profile import personal_data as profile_service
from gosapp.state.auth import AuthMixin, SessionState, guarded
from gosapp.state.uploads import UploadsState

SCAN_WIDGET = documents_service.SCAN_WIDGET


class ProfileState(AuthMixin, rx.State):
    """What the profile's cards show (but the contacts), errors keyed by field."""

    loaded: rx.Field[bool] = rx.field(False)
    personal: rx.Field[dict[str, str]] = rx.field(default_factory=dict)
    level: rx.Field[dict[str, str]] = rx.field(default_factory=dict)
    documents: rx.Field[dict[str, str]] = rx.field(default_factory=dict)
    pending_passport: rx.Field[dict[str, str]] = rx.field(default_factory=dict)
    has_pending_passport: rx.Field[bool] = rx.field(False)
    verification: rx.Field[dict[str, str]] = rx.field(default_factory=dict)
    has_verification: rx.Field[bool] = rx.field(False)
    can_verify: rx.Field[bool] = rx.field(False)
    notify_email: rx.Field[bool] = rx.field(True)
    notify_sms: rx.Field[bool] = rx.field(False)
    errors: rx.Field[dict[str, str]] = rx.field(default_factory=dict)
    saved: rx.Field[str] = rx.field("")
    form_key: rx.Field[int] = rx.field(0)
    confirm_notice: rx.Field[str] = rx.field("")

    def _show(self, view: profile_service.ProfileView) -> None:
        self.personal, self.level = view.personal, view.level
        self.documents, self.pending_passport = view.documents, view.pending_passport
        self.has_pending_passport = bool(view.pending_passport)
        self.verification, self.has_verification = view.verification, bool(view.verification)
        self.can_verify = view.can_verify
        self.notify_email, self.notify_sms = view.notify_email, view.notify_sms
        self.loaded = True

    def _drop_error(self, name: str) -> None:
        self.errors = {k: v for k, v in self.errors.items() if k != name}

    @rx.event
    @guarded
    async def load(self):
        """Read the profile (anonymous visitors are sent to the login page)."""
        contact = await self.get_state(ContactChangeState)  # before the transaction
        with self._signed_in(write=True) as (db, user):
            view = profile_service.profile_view(session=db, user=user)
        self._show(view)
        contact._reset(view.contacts)
        self.errors, self.saved, self.confirm_notice = {}, "", ""

    @rx.event
    @guarded
    def save_documents(self, form: dict):
        """Validate and store the documents; every error beside its field, input kept."""
        values = {k: str(form.get(k, ""))[:400] for k in documents_service.FORM_FIELDS}
        try:
            with self._signed_in(write=True) as (db, user):
                view = documents_service.save_documents(
                    session=db, user=user, form=values, actor=self._actor(user)
                )
        except InvalidForm as exc:
            self.errors, self.saved = exc.errors, ""
            return
        self._show(view)
        self.errors, self.saved = {}, "Изменения сохранены"
        self.form_key += 1  # show the stored (normalised) values

    @rx.event
    @guarded
    async def verify_passport(self):
        """Submit the passport (pending change or current data) for verification with the
        scans staged in the «passport» uploader; they stay staged if the submission fails."""

        def send(db, user, document_ids):
            request = documents_service.request_passport_verification(
                session=db, user=user, document_ids=document_ids, actor=self._actor(user)
            )
            return request.number, profile_service.profile_view(session=db, user=user)

        uploads = await self.get_state(UploadsState)
        try:
            number, view = uploads._submit_with(SCAN_WIDGET, send)
        except DomainError as exc:
            self.errors = {**self.errors, "passport_verify": exc.message}
            return None
        self._show(view)
        self._drop_error("passport_verify")
        return rx.toast.success(f"Заявление {number} на проверку паспорта подано")

    @rx.event
    @guarded
    def redeem_code(self, form: dict):
        """The one-time code a staff member handed over (МФЦ): the account becomes confirmed.
        A wrong code is counted by the service; the typed code stays in the field."""
        try:
            with self._signed_in(write=True) as (db, user):
                redeem_confirmation_code(
                    session=db,
                    user=user,
                    code=str(form.get("code", ""))[:40],
                    actor=self._actor(user),
                )
                view = profile_service.profile_view(session=db, user=user)
        except Invalid as exc:
            self.errors, self.confirm_notice = {**self.errors, "confirm_code": exc.message}, ""
            return
        self._show(view)
        self._drop_error("confirm_code")
        self.confirm_notice = "Учётная запись подтверждена: доступны все услуги портала"
        return SessionState.load_me  # the header shows the new level

    @rx.event
    @guarded
    def set_preference(self, channel: str, enabled: bool):
        """Switch e-mail or SMS notifications on or off."""
        try:
            with self._signed_in(write=True) as (db, user):
                view = profile_service.set_preference(
                    session=db,
                    user=user,
                    channel=channel,
                    enabled=bool(enabled),
                    actor=self._actor(user),
                )
        except Invalid as exc:
            return rx.toast.error(exc.message)
        self._show(view)
        return None
