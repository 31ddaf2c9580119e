"""The registration's state: the new account's id and pending TOTP secret stay server-side."""

import time

import reflex as rx
from sqlmodel import Session

from gosapp import routes
from gosapp.db import transaction
from gosapp.models.accounts import CodePurpose, User
from gosapp.services.common.display import masked_email, masked_phone
from gosapp.services.common.errors import DomainError, Invalid
from gosapp.services.identity import accounts, signin, totp
from gosapp.services.identity.passwords import password_strength
from gosapp.state.auth import AuthMixin, open_session_script

CODE_PURPOSES = {"phone": CodePurpose.CONFIRM_PHONE, "email": CodePurpose.CONFIRM_EMAIL}
FINISH_WITHIN_S = 30 * 60  # a registration left open longer signs in through /login


def _account(db: Session, user_id: int | None) -> User:
    """The account this registration made (it exists while the registration runs)."""
    user = db.get(User, user_id) if user_id is not None else None
    if user is None:
        raise LookupError(f"the registration's account {user_id} is gone")
    return user


class RegisterState(AuthMixin, rx.State):
    """Registration in steps. The new account's id and pending TOTP secret stay server-side."""

    step: rx.Field[str] = rx.field("form")
    errors: rx.Field[dict[str, str]] = rx.field(default_factory=dict)
    strength: rx.Field[int] = rx.field(-1)
    phone_confirmed: rx.Field[bool] = rx.field(False)
    email_confirmed: rx.Field[bool] = rx.field(False)
    totp_qr: rx.Field[str] = rx.field("")
    totp_key: rx.Field[str] = rx.field("")
    recovery_codes: rx.Field[list[str]] = rx.field(default_factory=list)
    sent_phone: rx.Field[str] = rx.field("")  # where the codes went, masked: «+7 *** ***-45-67»
    sent_email: rx.Field[str] = rx.field("")  # «i***@example.ru»
    codes_saved: rx.Field[bool] = rx.field(False)  # «Я сохранил коды» ticked
    _user_id: int | None = None
    _secret: str = ""
    _started: float = 0.0  # time.monotonic() when the account was made or resumed

    @rx.event
    def load(self):
        """A fresh registration (a reload starts over unless the account is half-made)."""
        if self._user_id is None:
            self.step, self.errors = "form", {}

    def _sent_to(self, user: User) -> None:
        """Remember, masked, where the contact codes go (the page names them)."""
        self.sent_phone, self.sent_email = masked_phone(user.phone), masked_email(user.email)

    def _resume(self, user_id: int) -> None:
        """Continue an interrupted registration of a user who just proved their password."""
        self._user_id, self.errors, self._started = user_id, {}, time.monotonic()
        with transaction() as db:
            user = _account(db, user_id)
            self._sent_to(user)
            self.phone_confirmed = user.phone_confirmed_at is not None
            self.email_confirmed = user.email_confirmed_at is not None
        for which, done in (("phone", self.phone_confirmed), ("email", self.email_confirmed)):
            if not done:
                self._send_code(which)
        self.step = "contacts"
        self._after_contacts()

    @rx.event
    def rate_password(self, value: str):
        """Update the strength meter as the password is typed."""
        self.strength = password_strength(value[:128]) if value else -1

    @rx.event
    def submit_form(self, form: dict):
        """Validate everything at once; create the account and send both codes."""
        actor = _actor(self)
        try:
            with transaction() as db:
                user = accounts.register(session=db, form=_strings(form), actor=actor)
                self._user_id, self._started = user.id, time.monotonic()
                self._sent_to(user)
        except accounts.InvalidForm as exc:
            self.errors = exc.errors
            return
        self.errors, self.step = {}, "contacts"

    @rx.event
    def confirm_phone(self, form: dict):
        """Check the SMS code."""
        self.phone_confirmed = self._confirm(CodePurpose.CONFIRM_PHONE, form, "phone_code")
        self._after_contacts()

    @rx.event
    def confirm_email(self, form: dict):
        """Check the e-mail code."""
        self.email_confirmed = self._confirm(CodePurpose.CONFIRM_EMAIL, form, "email_code")
        self._after_contacts()

    @rx.event
    def resend(self, which: str):
        """Send a new phone or e-mail code (or say when one can be sent again)."""
        if not isinstance(which, str) or which not in CODE_PURPOSES or self._user_id is None:
            return
        if self._send_code(which):
            self.errors = {**self.errors, f"{which}_code": "Новый код отправлен"}

    def _send_code(self, which: str) -> bool:
        """Send a code to the phone or e-mail; a limit reached shows its wait beside the code."""
        try:
            with transaction() as db:
                accounts.send_contact_code(
                    session=db,
                    user=_account(db, self._user_id),
                    purpose=CODE_PURPOSES[which],
                    ip=_actor(self).ip,
                )
        except Invalid as exc:
            self.errors = {**self.errors, f"{which}_code": exc.message}
            return False
        return True

    def _confirm(self, purpose: CodePurpose, form: dict, field: str) -> bool:
        if self._user_id is None:
            return False
        try:
            with transaction() as db:
                accounts.confirm_contact(
                    session=db,
                    user=_account(db, self._user_id),
                    purpose=purpose,
                    code=str(form.get("code", "")),
                )
        except Invalid as exc:
            self.errors = {**self.errors, field: exc.message}
            return False
        self.errors = {k: v for k, v in self.errors.items() if k != field}
        return True

    def _after_contacts(self) -> None:
        if not (self.phone_confirmed and self.email_confirmed):
            return
        with transaction() as db:
            user = _account(db, self._user_id)
            self._secret = accounts.start_totp_enrolment(user)
            uri = totp.provisioning_uri(self._secret, user.email)
        self.totp_qr = totp.qr_svg(uri)
        self.totp_key = totp.grouped_key(self._secret)
        self.step = "totp"

    @rx.event
    def confirm_totp(self, form: dict):
        """Check the first code from the authenticator; show the recovery codes once."""
        if self._user_id is None or not self._secret:
            return
        try:
            with transaction() as db:
                user = _account(db, self._user_id)
                codes = accounts.finish_totp_enrolment(
                    session=db,
                    user=user,
                    secret=self._secret,
                    code=str(form.get("code", "")),
                    actor=_actor(self, user.id),
                )
        except DomainError as exc:
            self.errors = {"totp_code": exc.message}
            return
        self._secret, self.totp_qr, self.totp_key = "", "", ""
        self.recovery_codes, self.errors, self.step = codes, {}, "codes"
        self.codes_saved = False

    @rx.event
    def confirm_saved(self, checked: bool):
        """«Я сохранил коды» ticked or cleared: the way into the cabinet opens only when ticked."""
        self.codes_saved = checked is True
        self.errors = {k: v for k, v in self.errors.items() if k != "codes_saved"}

    @rx.event
    def finish(self):
        """Enter the cabinet: the new account is signed in (full page load sets the cookie)."""
        if self._user_id is None or self.step != "codes":
            return None
        if not self.codes_saved:
            self.errors = {"codes_saved": "Отметьте, что сохранили резервные коды"}
            return None
        if time.monotonic() - self._started > FINISH_WITHIN_S or not self._browser_key():
            self.reset()  # the codes are shown once; the account signs in through /login
            return rx.redirect(routes.LOGIN_EXPIRED)
        with transaction() as db:
            ticket = signin.issue_ticket(
                session=db, user_id=self._user_id, browser=self._browser_key()
            )
        self._user_id, self.recovery_codes, self.step = None, [], "form"
        self.codes_saved, self.sent_phone, self.sent_email, self.errors = False, "", "", {}
        return open_session_script(ticket, routes.HOME_CABINET)


def _strings(form: dict) -> dict[str, str]:
    return {k: str(v)[:300] for k, v in form.items() if k in accounts.REGISTRATION_FIELDS}


def _actor(state: rx.State, user_id: int | None = None):
    from gosapp.services.common.audit import Actor

    return Actor(
        user_id=user_id,
        ip=state.router.session.client_ip or "",
        user_agent=state.router.headers.user_agent or "",
    )
