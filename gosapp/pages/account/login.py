"""`/login`: password step, then the TOTP (or recovery) code step; demo accounts in demo mode."""

import asyncio

import reflex as rx

from gosapp import routes
from gosapp.components.forms import field_error, labelled
from gosapp.components.layout import TOUCH_TARGET, page
from gosapp.db import session_scope, transaction
from gosapp.pages.account.register import RegisterState
from gosapp.services.demo.accounts import DEMO_ACCOUNTS, demo_code
from gosapp.services.identity import signin
from gosapp.services.identity.roles import roles_of, start_page
from gosapp.settings import get_settings
from gosapp.state.auth import AuthMixin, open_session_script


class LoginState(AuthMixin, rx.State):
    """The two login steps. The pending login lives only in a backend var."""

    step: rx.Field[str] = rx.field("password")
    error: rx.Field[str] = rx.field("")
    login_value: rx.Field[str] = rx.field("")
    demo_accounts: rx.Field[list[dict[str, str]]] = rx.field(default_factory=list)
    _pending: signin.PendingLogin | None = None

    @rx.event
    def load(self):
        """Start at the password step; in demo mode list the demo accounts with their codes."""
        self.step, self.error, self._pending = "password", "", None
        self.demo_accounts = _demo_rows() if get_settings().demo else []
        if self.router.url.query_parameters.get("expired"):
            self.error = "Время входа истекло — войдите заново"

    @rx.event
    def refresh_demo_codes(self):
        """Recompute the demo accounts' current codes (demo mode only)."""
        self.demo_accounts = _demo_rows() if get_settings().demo else []

    @rx.event
    async def submit_password(self, form: dict):
        """Check login and password; then ask for the code (or finish an interrupted enrolment)."""
        self.login_value = login = str(form.get("login", ""))[:254]
        password, actor = str(form.get("password", "")), self._actor()

        def check():
            with session_scope() as db:
                pending = signin.password_step(
                    session=db, login=login, password=password, actor=actor
                )
                return pending, signin.has_second_factor(db, pending)

        try:
            # argon2 takes ~50 ms of CPU: off the event loop, so the other users of this
            # worker are not stalled while it runs
            self._pending, enrolled = await asyncio.to_thread(check)
        except signin.LoginFailed as exc:
            self.error = exc.message
            return None
        if not enrolled:
            # Registration was left before TOTP: the password proves it is them; go on there.
            registration = await self.get_state(RegisterState)
            registration._resume(self._pending.user_id)
            self._pending = None
            return rx.redirect(routes.REGISTER)
        self.step, self.error = "code", ""
        return None

    @rx.event
    def submit_code(self, form: dict):
        """Check the second factor; on success open the session (full page load)."""
        if self._pending is None:
            self.step, self.error = "password", signin.GENERIC_FAILURE
            return None
        try:
            with transaction() as db:
                user = signin.second_step(
                    session=db,
                    pending=self._pending,
                    code=str(form.get("code", "")),
                    actor=self._actor(),
                )
                ticket = signin.issue_ticket(
                    session=db, user_id=user.id, browser=self._browser_key()
                )
                start = start_page(roles_of(db, user.id))
        except signin.LoginFailed as exc:
            self.error = exc.message
            if "истекло" in exc.message:
                self.step, self._pending = "password", None
            return None
        self._pending = None
        next_path = self.router.url.query_parameters.get("next")
        return open_session_script(ticket, routes.safe_next(next_path, start))

    @rx.event
    def back(self):
        """Return to the password step."""
        self.step, self.error, self._pending = "password", "", None


def _demo_rows() -> list[dict[str, str]]:
    return [
        {"login": a.login, "password": a.password, "role": a.role.value, "code": demo_code(a)}
        for a in DEMO_ACCOUNTS
    ]


def login_fields() -> tuple[rx.Component, rx.Component]:
    """The login and password inputs with their labels."""
    login = rx.input(
        id="login-identifier",
        name="login",
        default_value=LoginState.login_value,
        auto_complete="username",
        size="3",
        required=True,
        width="100%",
    )
    password = rx.input(
        id="login-password",
        name="password",
        type="password",
        auto_complete="current-password",
        size="3",
        required=True,
        width="100%",
    )
    return labelled("Телефон, e-mail или СНИЛС", login), labelled("Пароль", password)


def password_form() -> rx.Component:
    """Login and password."""
    return rx.form(
        rx.vstack(
            *login_fields(),
            field_error(LoginState.error, "login-error"),
            rx.button(
                "Войти",
                id="login-submit",
                type="submit",
                size="3",
                width="100%",
                min_height=TOUCH_TARGET,
            ),
            rx.link("Забыли пароль?", href=routes.RECOVER),
            rx.text("Нет учётной записи? ", rx.link("Зарегистрируйтесь", href=routes.REGISTER)),
            spacing="3",
            width="100%",
        ),
        on_submit=LoginState.submit_password,
    )


def code_form() -> rx.Component:
    """The TOTP or recovery code."""
    return rx.form(
        rx.vstack(
            rx.text(
                "Введите 6-значный код из приложения-аутентификатора или один из резервных кодов."
            ),
            labelled(
                "Код подтверждения",
                rx.input(
                    id="totp-code",
                    name="code",
                    auto_complete="one-time-code",
                    input_mode="text",
                    size="3",
                    required=True,
                    width="100%",
                    auto_focus=True,
                ),
            ),
            field_error(LoginState.error, "login-error"),
            rx.button(
                "Подтвердить",
                id="totp-submit",
                type="submit",
                size="3",
                width="100%",
                min_height=TOUCH_TARGET,
            ),
            rx.button("Назад", variant="ghost", type="button", on_click=LoginState.back),
            spacing="3",
            width="100%",
        ),
        on_submit=LoginState.submit_code,
        reset_on_submit=True,
    )


def demo_accounts_table() -> rx.Component:
    """The demo accounts: role, login, password and the current code of each."""
    return rx.table.root(
        rx.table.header(
            rx.table.row(
                *(rx.table.column_header_cell(h) for h in ("Роль", "Логин", "Пароль", "Код"))
            )
        ),
        rx.table.body(
            rx.foreach(
                LoginState.demo_accounts,
                lambda a: rx.table.row(
                    rx.table.cell(a["role"]),
                    rx.table.cell(a["login"]),
                    rx.table.cell(rx.code(a["password"])),
                    rx.table.cell(rx.code(a["code"])),
                ),
            )
        ),
        size="1",
        id="demo-accounts",
    )


def demo_table() -> rx.Component:
    """Demo accounts with their current codes (demo mode only)."""
    refresh = rx.button(
        "Обновить коды", size="1", variant="soft", on_click=LoginState.refresh_demo_codes
    )
    return rx.cond(
        LoginState.demo_accounts.length() > 0,
        rx.card(
            rx.hstack(rx.heading("Демо-доступ", as_="h2", size="4"), refresh, justify="between"),
            rx.text("Только для демонстрационного стенда.", size="2", color="var(--gray-11)"),
            demo_accounts_table(),
            margin_top="var(--space-5)",
            overflow_x="auto",
        ),
    )


def login_page() -> rx.Component:
    """The login page."""
    return page(
        rx.box(
            rx.card(rx.cond(LoginState.step == "code", code_form(), password_form()), size="3"),
            demo_table(),
            max_width="560px",
        ),
        heading="Вход",
    )
