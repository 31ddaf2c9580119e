"""``SecurityState``: what the «Безопасность» page shows, as plain dicts, and its handlers.
Every handler resolves the user from the session cookie first; a pending new TOTP secret stays
server-side."""

from __future__ import annotations

from datetime import datetime

import reflex as rx
from sqlmodel import Session

from gosapp.components.layout import LOGOUT
from gosapp.models.accounts import User, utcnow
from gosapp.services.common.errors import Invalid, NotFound
from gosapp.services.identity import account_security
from gosapp.state.auth import AuthMixin, guarded

PASSWORD_INPUTS = {  # form name -> input id (emptied after a successful change)
    "current": "security-current-password",
    "new": "security-new-password",
    "confirm": "security-password-confirm",
}


class SecurityState(AuthMixin, rx.State):
    """What the page shows, as plain dicts; a pending new TOTP secret stays server-side."""

    owner: rx.Field[int] = rx.field(
        0
    )  # whose data the vars hold: shown only while it is the signed-in user
    sessions: rx.Field[list[dict[str, str | bool]]] = rx.field(default_factory=list)
    history: rx.Field[list[dict[str, str | bool]]] = rx.field(default_factory=list)
    codes_left: rx.Field[int] = rx.field(0)
    password_errors: rx.Field[dict[str, str]] = rx.field(default_factory=dict)
    password_done: rx.Field[bool] = rx.field(False)
    totp_errors: rx.Field[dict[str, str]] = rx.field(default_factory=dict)
    totp_stage: rx.Field[str] = rx.field("idle")  # idle → scan (QR shown) → idle
    totp_qr: rx.Field[str] = rx.field("")
    totp_key: rx.Field[str] = rx.field("")
    new_codes: rx.Field[list[str]] = rx.field(default_factory=list)
    codes_note: rx.Field[str] = rx.field("")
    _secret: str = ""
    _secret_owner: int = 0
    _secret_started: datetime | None = None

    def _show(self, db: Session, user: User) -> None:
        overview = account_security.security_overview(
            session=db, user=user, current_key=self._session_key()
        )
        self.sessions, self.history = overview["sessions"], overview["history"]
        self.codes_left, self.owner = overview["recovery_codes_left"], user.id

    def _forget_totp(self) -> None:
        self._secret, self._secret_owner, self._secret_started = "", 0, None
        self.totp_qr, self.totp_key, self.totp_stage = "", "", "idle"

    @rx.event
    @guarded
    def load(self):
        """Open the page: forms reset, the user's own sessions and history loaded."""
        with self._signed_in() as (db, user):
            self._forget_totp()
            self.password_errors, self.password_done, self.totp_errors = {}, False, {}
            self.new_codes, self.codes_note = [], ""
            self._show(db, user)

    @rx.event
    @guarded
    def refresh(self):
        """Reload sessions, history and the count of recovery codes."""
        with self._signed_in() as (db, user):
            self._show(db, user)

    @rx.event
    @guarded
    def change_password(self, form: dict):
        """Check the current password, set the new one, end the other sessions."""
        values = {k: str(form.get(k, ""))[:200] for k in PASSWORD_INPUTS}
        try:
            with self._signed_in(write=True) as (db, user):
                account_security.change_password(
                    session=db,
                    user=user,
                    **values,
                    keep_key=self._session_key(),
                    actor=self._actor(user),
                )
        except Invalid as exc:
            self.password_errors, self.password_done = {exc.field: exc.message}, False
            return SecurityState.refresh  # a wrong password shows in the login history
        self.password_errors, self.password_done = {}, True
        return [*(rx.set_value(i, "") for i in PASSWORD_INPUTS.values()), SecurityState.refresh]

    @rx.event
    @guarded
    def start_reenrolment(self, form: dict):
        """Password again, then a new secret: its QR code and key are shown to the user."""
        try:
            with self._signed_in(write=True) as (db, user):
                secret = account_security.start_reenrolment(
                    session=db,
                    user=user,
                    password=str(form.get("password", ""))[:200],
                    actor=self._actor(user),
                )
        except Invalid as exc:
            self.totp_errors = {"reenrol_password": exc.message}
            return
        self._secret, self._secret_owner, self._secret_started = secret, user.id, utcnow()
        picture = account_security.enrolment_picture(secret, user.email)
        self.totp_qr, self.totp_key, self.totp_stage = picture["qr"], picture["key"], "scan"
        self.totp_errors, self.new_codes = {}, []

    @rx.event
    @guarded
    def finish_reenrolment(self, form: dict):
        """The first code from the new authenticator; new recovery codes are shown once."""
        try:
            with self._signed_in(write=True) as (db, user):
                codes = account_security.finish_reenrolment(
                    session=db,
                    user=user,
                    secret=self._secret if self._secret_owner == user.id else "",
                    code=str(form.get("code", ""))[:20],
                    actor=self._actor(user),
                    started_at=self._secret_started,
                )
        except Invalid as exc:
            self.totp_errors = {"reenrol_code": exc.message}
            if "истекло" in exc.message:
                self._forget_totp()
            return None
        self._forget_totp()
        self.new_codes, self.totp_errors = codes, {}
        self.codes_note = "Приложение-аутентификатор заменено. Новые резервные коды:"
        return SecurityState.refresh

    @rx.event
    @guarded
    def cancel_reenrolment(self):
        """Drop the pending secret; the old authenticator keeps working."""
        with self._signed_in() as (db, user):
            self._forget_totp()
            self.totp_errors = {}
            self._show(db, user)

    @rx.event
    @guarded
    def regenerate_codes(self, form: dict):
        """Password again, then 10 new recovery codes (the old set stops working)."""
        try:
            with self._signed_in(write=True) as (db, user):
                codes = account_security.regenerate_recovery_codes(
                    session=db,
                    user=user,
                    password=str(form.get("password", ""))[:200],
                    actor=self._actor(user),
                )
        except Invalid as exc:
            self.totp_errors = {"codes_password": exc.message}
            return None
        self.new_codes, self.totp_errors = codes, {}
        self.codes_note = "Новые резервные коды (прежние больше не действуют):"
        return SecurityState.refresh

    @rx.event
    @guarded
    def hide_codes(self):
        """The user has saved the codes: they are never shown again."""
        with self._signed_in() as (db, user):
            self.new_codes, self.codes_note = [], ""
            self._show(db, user)

    @rx.event
    @guarded
    def end_session(self, handle: str):
        """End one of the user's own sessions (the current one means signing out)."""
        current = any(s["current"] and s["handle"] == handle for s in self.sessions)
        try:
            with self._signed_in(write=True) as (db, user):
                account_security.end_session(
                    session=db, user=user, handle=handle, actor=self._actor(user)
                )
        except NotFound as exc:
            return [rx.toast.error(exc.message), SecurityState.refresh]
        if current:
            return LOGOUT
        return [rx.toast.success("Сеанс завершён"), SecurityState.refresh]
