"""`/security` («Безопасность»): password change, authenticator and recovery codes, active
sessions and login history. Every handler resolves the user from the session cookie first."""

from __future__ import annotations

from datetime import datetime

import reflex as rx
from sqlmodel import Session

from gosapp.components.forms import field_error, labelled
from gosapp.components.layout import LOGOUT, TOUCH_TARGET, page
from gosapp.db import session_scope, transaction
from gosapp.models.accounts import User, utcnow
from gosapp.services.common.errors import Invalid, NotFound
from gosapp.services.identity import account_security
from gosapp.state.auth import SessionState, guarded

PASSWORD_INPUTS = (
    "security-current-password",
    "security-new-password",
    "security-password-confirm",
)


class SecurityState(SessionState):
    """What the page shows, as plain dicts; a pending new TOTP secret stays server-side."""

    owner: int = 0  # whose data the vars hold: shown only while it is the signed-in user
    sessions: list[dict[str, str | bool]] = []
    history: list[dict[str, str | bool]] = []
    codes_left: int = 0
    password_errors: dict[str, str] = {}
    password_done: bool = False
    totp_errors: dict[str, str] = {}
    totp_stage: str = "idle"  # idle → scan (QR shown) → idle
    totp_qr: str = ""
    totp_key: str = ""
    new_codes: list[str] = []
    codes_note: str = ""
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
        with session_scope() as db:
            user = self._require(db)
            self._forget_totp()
            self.password_errors, self.password_done, self.totp_errors = {}, False, {}
            self.new_codes, self.codes_note = [], ""
            self._show(db, user)

    @rx.event
    @guarded
    def refresh(self):
        """Reload sessions, history and the count of recovery codes."""
        with session_scope() as db:
            self._show(db, self._require(db))

    @rx.event
    @guarded
    def change_password(self, form: dict):
        """Check the current password, set the new one, end the other sessions."""
        values = {k: str(form.get(k, ""))[:200] for k in ("current", "new", "confirm")}
        try:
            with transaction() as db:
                user = self._require(db)
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
        return [*(rx.set_value(i, "") for i in PASSWORD_INPUTS), SecurityState.refresh]

    @rx.event
    @guarded
    def start_reenrolment(self, form: dict):
        """Password again, then a new secret: its QR code and key are shown to the user."""
        try:
            with transaction() as db:
                user = self._require(db)
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
            with transaction() as db:
                user = self._require(db)
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
        with session_scope() as db:
            user = self._require(db)
            self._forget_totp()
            self.totp_errors = {}
            self._show(db, user)

    @rx.event
    @guarded
    def regenerate_codes(self, form: dict):
        """Password again, then 10 new recovery codes (the old set stops working)."""
        try:
            with transaction() as db:
                user = self._require(db)
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
        with session_scope() as db:
            user = self._require(db)
            self.new_codes, self.codes_note = [], ""
            self._show(db, user)

    @rx.event
    @guarded
    def end_session(self, handle: str):
        """End one of the user's own sessions (the current one means signing out)."""
        current = any(s["current"] and s["handle"] == handle for s in self.sessions)
        try:
            with transaction() as db:
                user = self._require(db)
                account_security.end_session(
                    session=db, user=user, handle=handle, actor=self._actor(user)
                )
        except NotFound as exc:
            return [rx.toast.error(exc.message), SecurityState.refresh]
        if current:
            return LOGOUT
        return [rx.toast.success("Сеанс завершён"), SecurityState.refresh]


# --- components -------------------------------------------------------------------------------


def password_input(element_id: str, name: str, label: str, autocomplete: str) -> rx.Component:
    """A password field with its label and the error under it."""
    return rx.box(
        labelled(
            label,
            rx.input(
                id=element_id,
                name=name,
                type="password",
                auto_complete=autocomplete,
                size="3",
                width="100%",
                max_length=128,
            ),
        ),
        field_error(SecurityState.password_errors.get(_FIELD_OF[name], ""), f"{element_id}-error"),
        width="100%",
    )


_FIELD_OF = {"current": "current_password", "new": "password", "confirm": "password_confirm"}


def password_card() -> rx.Component:
    """«Пароль»: current, new and repeated new password."""
    return rx.card(
        rx.heading("Смена пароля", as_="h2", size="5"),
        rx.text(
            "После смены пароля все остальные сеансы будут завершены.",
            size="2",
            color="var(--gray-11)",
        ),
        rx.form(
            rx.vstack(
                password_input(
                    "security-current-password", "current", "Текущий пароль", "current-password"
                ),
                password_input("security-new-password", "new", "Новый пароль", "new-password"),
                password_input(
                    "security-password-confirm", "confirm", "Новый пароль ещё раз", "new-password"
                ),
                rx.text(
                    "От 8 символов, строчные и заглавные буквы и цифра; можно кириллицу.",
                    size="1",
                    color="var(--gray-11)",
                ),
                rx.cond(
                    SecurityState.password_done,
                    rx.callout(
                        "Пароль изменён. Остальные сеансы завершены.",
                        icon="circle-check",
                        color_scheme="green",
                        id="security-password-done",
                    ),
                ),
                rx.button(
                    "Сменить пароль",
                    id="security-password-submit",
                    type="submit",
                    size="3",
                    min_height=TOUCH_TARGET,
                ),
                spacing="3",
                margin_top="var(--space-3)",
            ),
            on_submit=SecurityState.change_password,
            no_validate=True,
        ),
        size="3",
    )


def password_prompt(prefix: str, button: str, handler, error_key: str) -> rx.Component:
    """Re-entry of the password before a change of the second factor."""
    return rx.form(
        rx.flex(
            rx.box(
                labelled(
                    "Пароль",
                    rx.input(
                        id=f"{prefix}-password",
                        name="password",
                        type="password",
                        auto_complete="current-password",
                        size="3",
                        width="100%",
                    ),
                ),
                flex_grow="1",
                min_width="200px",
            ),
            rx.button(
                button, id=f"{prefix}-submit", type="submit", size="3", min_height=TOUCH_TARGET
            ),
            align="end",
            gap="var(--space-3)",
            wrap="wrap",
        ),
        field_error(SecurityState.totp_errors.get(error_key, ""), f"{prefix}-error"),
        on_submit=handler,
        reset_on_submit=True,
    )


def scan_step() -> rx.Component:
    """The new authenticator: QR code, key for manual entry, and its first code."""
    return rx.vstack(
        rx.text(
            "Отсканируйте QR-код в новом приложении-аутентификаторе или введите ключ вручную, "
            "затем введите код из приложения."
        ),
        rx.html(SecurityState.totp_qr, id="reenrol-qr"),
        rx.text("Ключ: ", rx.code(SecurityState.totp_key, id="reenrol-key")),
        rx.form(
            rx.flex(
                rx.input(
                    id="reenrol-code",
                    name="code",
                    placeholder="6 цифр",
                    input_mode="numeric",
                    auto_complete="one-time-code",
                    size="3",
                ),
                rx.button("Подтвердить", id="reenrol-code-submit", type="submit", size="3"),
                rx.button(
                    "Отмена",
                    type="button",
                    variant="soft",
                    size="3",
                    on_click=SecurityState.cancel_reenrolment,
                ),
                gap="var(--space-2)",
                wrap="wrap",
            ),
            field_error(SecurityState.totp_errors.get("reenrol_code", ""), "reenrol-code-error"),
            on_submit=SecurityState.finish_reenrolment,
            reset_on_submit=True,
        ),
        spacing="3",
    )


def new_codes_box() -> rx.Component:
    """Freshly made recovery codes, shown once."""
    return rx.cond(
        SecurityState.new_codes.length() > 0,
        rx.vstack(
            rx.callout(
                SecurityState.codes_note
                + " Сохраните их: каждый действует один раз, больше они показаны не будут.",
                icon="key-round",
            ),
            rx.grid(
                rx.foreach(SecurityState.new_codes, lambda c: rx.code(c, size="4")),
                columns="2",
                spacing="2",
                id="security-recovery-codes",
            ),
            rx.button(
                "Я сохранил коды",
                id="security-codes-saved",
                size="3",
                variant="soft",
                on_click=SecurityState.hide_codes,
                min_height=TOUCH_TARGET,
            ),
            spacing="3",
        ),
    )


def totp_card() -> rx.Component:
    """«Вход с кодом»: replace the authenticator, make new recovery codes."""
    return rx.card(
        rx.heading("Приложение-аутентификатор", as_="h2", size="5"),
        rx.text(
            "Резервных кодов осталось: ",
            rx.text.strong(SecurityState.codes_left, id="security-codes-left"),
            size="2",
        ),
        new_codes_box(),
        rx.heading("Заменить приложение", as_="h3", size="3", margin_top="var(--space-4)"),
        rx.cond(
            SecurityState.totp_stage == "scan",
            scan_step(),
            password_prompt(
                "reenrol", "Продолжить", SecurityState.start_reenrolment, "reenrol_password"
            ),
        ),
        rx.heading("Новые резервные коды", as_="h3", size="3", margin_top="var(--space-4)"),
        rx.text("Прежние коды перестанут действовать.", size="2", color="var(--gray-11)"),
        password_prompt("codes", "Создать коды", SecurityState.regenerate_codes, "codes_password"),
        size="3",
    )


def end_button(row: dict) -> rx.Component:
    """«Завершить» with a confirmation dialog."""
    return rx.alert_dialog.root(
        rx.alert_dialog.trigger(
            rx.button("Завершить", variant="soft", color_scheme="red", min_height=TOUCH_TARGET)
        ),
        rx.alert_dialog.content(
            rx.alert_dialog.title("Завершить сеанс?"),
            rx.alert_dialog.description(
                rx.cond(
                    row["current"],
                    "Это ваш текущий сеанс: вы выйдете из учётной записи.",
                    rx.text("Устройство «", row["device"], "» будет отключено."),
                )
            ),
            rx.flex(
                rx.alert_dialog.cancel(rx.button("Отмена", variant="soft", color_scheme="gray")),
                rx.alert_dialog.action(
                    rx.button(
                        "Завершить",
                        color_scheme="red",
                        class_name="confirm-end-session",
                        on_click=SecurityState.end_session(row["handle"]),
                    )
                ),
                gap="var(--space-3)",
                justify="end",
                margin_top="var(--space-4)",
            ),
        ),
    )


def session_row(row: dict) -> rx.Component:
    """One active session."""
    return rx.table.row(
        rx.table.cell(
            rx.text(row["device"]),
            rx.cond(
                row["current"],
                rx.badge("Этот сеанс", color_scheme="green", id="current-session-marker"),
            ),
        ),
        rx.table.cell(row["ip"]),
        rx.table.cell(row["last_seen"]),
        rx.table.cell(end_button(row)),
        class_name="session-row",
    )


def table(headers: tuple[str, ...], rows, render, element_id: str) -> rx.Component:
    """A scrollable table with its header row."""
    return rx.box(
        rx.table.root(
            rx.table.header(
                rx.table.row(*(rx.table.column_header_cell(h) for h in headers)),
            ),
            rx.table.body(rx.foreach(rows, render)),
            size="2",
            id=element_id,
        ),
        overflow_x="auto",
        width="100%",
    )


def sessions_card() -> rx.Component:
    """«Активные сеансы»."""
    return rx.card(
        rx.heading("Активные сеансы", as_="h2", size="5", margin_bottom="var(--space-3)"),
        table(
            ("Устройство", "IP-адрес", "Последняя активность", ""),
            SecurityState.sessions,
            session_row,
            "security-sessions",
        ),
        size="3",
        width="100%",
    )


def history_row(row: dict) -> rx.Component:
    """One login attempt."""
    return rx.table.row(
        rx.table.cell(row["at"]),
        rx.table.cell(row["ip"]),
        rx.table.cell(row["device"]),
        rx.table.cell(
            rx.badge(row["result"], color_scheme=rx.cond(row["ok"], "green", "red")),
        ),
        class_name="history-row",
    )


def history_card() -> rx.Component:
    """«История входов»."""
    return rx.card(
        rx.heading("История входов", as_="h2", size="5", margin_bottom="var(--space-3)"),
        rx.cond(
            SecurityState.history.length() > 0,
            table(
                ("Дата", "IP-адрес", "Устройство", "Результат"),
                SecurityState.history,
                history_row,
                "login-history",
            ),
            rx.text("Входов пока не было."),
        ),
        size="3",
        width="100%",
    )


def security_page() -> rx.Component:
    """The «Безопасность» page."""
    return page(
        rx.cond(
            SessionState.me & (SessionState.me.id == SecurityState.owner),
            rx.vstack(
                rx.grid(
                    password_card(),
                    totp_card(),
                    columns=rx.breakpoints(initial="1", md="2"),
                    spacing="4",
                    width="100%",
                ),
                sessions_card(),
                history_card(),
                spacing="4",
                width="100%",
            ),
            rx.center(rx.spinner(size="3"), min_height="200px"),
        ),
        heading="Безопасность",
    )
