"""`/recover`: restore access with a one-time code to a confirmed phone or e-mail."""

import reflex as rx

from gosapp import routes
from gosapp.components.forms import field_error, labelled
from gosapp.components.layout import TOUCH_TARGET, page
from gosapp.db import transaction
from gosapp.services.common.errors import Invalid
from gosapp.services.identity import recovery
from gosapp.state.auth import AuthMixin


class RecoverState(AuthMixin, rx.State):
    """Recovery steps; which account is being recovered stays in a backend var."""

    step: rx.Field[str] = rx.field("request")
    errors: rx.Field[dict[str, str]] = rx.field(default_factory=dict)
    _pending: recovery.PendingRecovery | None = None

    @rx.event
    def load(self):
        """Start over."""
        self.step, self.errors, self._pending = "request", {}, None

    @rx.event
    def request_code(self, form: dict):
        """Send a code if the account exists; the answer is the same either way (a limit
        reached shows its wait beside the login, alike for unknown logins)."""
        try:
            with transaction() as db:
                self._pending = recovery.request_code(
                    session=db, login=str(form.get("login", ""))[:254], actor=self._actor()
                )
        except Invalid as exc:
            self.errors = {exc.field: exc.message}
            return
        self.step, self.errors = "reset", {}

    @rx.event
    def reset_password(self, form: dict):
        """Check the code and set the new password."""
        if self._pending is None:
            self.step = "request"
            return
        values = {k: str(form.get(k, ""))[:200] for k in ("code", "password", "password_confirm")}
        try:
            with transaction() as db:
                recovery.reset_password(
                    session=db,
                    pending=self._pending,
                    code=values["code"],
                    password=values["password"],
                    confirm=values["password_confirm"],
                    actor=self._actor(),
                )
        except Invalid as exc:
            self.errors = {exc.field: exc.message}
            return
        self.step, self.errors, self._pending = "done", {}, None


def request_form() -> rx.Component:
    """Step 1: the login."""
    return rx.form(
        rx.vstack(
            rx.text(
                "Укажите телефон, e-mail или СНИЛС — мы отправим код восстановления на "
                "подтверждённый контакт."
            ),
            labelled(
                "Телефон, e-mail или СНИЛС",
                rx.input(id="recover-login", name="login", size="3", width="100%", required=True),
            ),
            field_error(RecoverState.errors.get("login", ""), "recover-login-error"),
            rx.button(
                "Получить код",
                id="recover-request",
                type="submit",
                size="3",
                min_height=TOUCH_TARGET,
            ),
            spacing="3",
        ),
        on_submit=RecoverState.request_code,
    )


def new_password_field(
    name: str, label: str, element_id: str, error_id: str = ""
) -> tuple[rx.Component, rx.Component]:
    """A new-password input with its label, and its error (two rows of the form)."""
    control = rx.input(
        id=element_id,
        name=name,
        type="password",
        size="3",
        width="100%",
        auto_complete="new-password",
    )
    return labelled(label, control), field_error(RecoverState.errors.get(name, ""), error_id)


def reset_form() -> rx.Component:
    """Step 2: the code and the new password."""
    code = rx.input(id="recover-code", name="code", size="3", input_mode="numeric", width="100%")
    return rx.form(
        rx.vstack(
            rx.callout(recovery.SENT_MESSAGE, icon="mail"),
            labelled("Код из сообщения", code),
            field_error(RecoverState.errors.get("code", ""), "recover-code-error"),
            *new_password_field(
                "password", "Новый пароль", "recover-password", "recover-password-error"
            ),
            *new_password_field(
                "password_confirm", "Новый пароль ещё раз", "recover-password-confirm"
            ),
            rx.button(
                "Сменить пароль",
                id="recover-submit",
                type="submit",
                size="3",
                min_height=TOUCH_TARGET,
            ),
            spacing="3",
        ),
        on_submit=RecoverState.reset_password,
        no_validate=True,
    )


def done() -> rx.Component:
    """Step 3: done."""
    return rx.vstack(
        rx.text(
            "Пароль изменён, все сеансы завершены. Войдите с новым паролем и кодом из "
            "приложения-аутентификатора (или резервным кодом).",
            id="recover-done",
        ),
        rx.link(rx.button("Войти", size="3"), href=routes.LOGIN),
        spacing="3",
    )


def recover_page() -> rx.Component:
    """The recovery page."""
    return page(
        rx.card(
            rx.match(RecoverState.step, ("reset", reset_form()), ("done", done()), request_form()),
            size="3",
            max_width="560px",
        ),
        heading="Восстановление доступа",
    )
