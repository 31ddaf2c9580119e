"""`/register`: the form, phone and e-mail codes, TOTP enrolment, recovery codes, then in."""

import time

import reflex as rx

from gosapp import routes
from gosapp.components.forms import field_error, labelled
from gosapp.components.layout import TOUCH_TARGET, page
from gosapp.db import transaction
from gosapp.models.accounts import CodePurpose, User
from gosapp.services.common.errors import DomainError, Invalid
from gosapp.services.identity import accounts, signin, totp
from gosapp.services.identity.passwords import password_strength
from gosapp.state.auth import AuthMixin, open_session_script

CODE_PURPOSES = {"phone": CodePurpose.CONFIRM_PHONE, "email": CodePurpose.CONFIRM_EMAIL}
STRENGTH_LABELS = ["очень слабый", "слабый", "средний", "хороший", "надёжный"]
FINISH_WITHIN_S = 30 * 60  # a registration left open longer signs in through /login
CONSENT = "Даю согласие на обработку персональных данных, включая сведения о здоровье (152-ФЗ)"


class RegisterState(AuthMixin, rx.State):
    """Registration in steps. The new account's id and pending TOTP secret stay server-side."""

    step: str = "form"
    errors: dict[str, str] = {}
    strength: int = -1
    phone_confirmed: bool = False
    email_confirmed: bool = False
    totp_qr: str = ""
    totp_key: str = ""
    recovery_codes: list[str] = []
    _user_id: int | None = None
    _secret: str = ""
    _started: float = 0.0  # time.monotonic() when the account was made or resumed

    @rx.event
    def load(self):
        """A fresh registration (a reload starts over unless the account is half-made)."""
        if self._user_id is None:
            self.step, self.errors = "form", {}

    def _resume(self, user_id: int) -> None:
        """Continue an interrupted registration of a user who just proved their password."""
        self._user_id, self.errors, self._started = user_id, {}, time.monotonic()
        with transaction() as db:
            user = db.get(User, user_id)
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
                    user=db.get(User, self._user_id),
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
                    user=db.get(User, self._user_id),
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
            user = db.get(User, self._user_id)
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
                user = db.get(User, self._user_id)
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

    @rx.event
    def finish(self):
        """Enter the cabinet: the new account is signed in (full page load sets the cookie)."""
        if self._user_id is None or self.step != "codes":
            return None
        if time.monotonic() - self._started > FINISH_WITHIN_S or not self._browser_key():
            self.reset()  # the codes are shown once; the account signs in through /login
            return rx.redirect(routes.LOGIN_EXPIRED)
        with transaction() as db:
            ticket = signin.issue_ticket(
                session=db, user_id=self._user_id, browser=self._browser_key()
            )
        self._user_id, self.recovery_codes, self.step = None, [], "form"
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


def text_field(name: str, label: str, **props) -> rx.Component:
    """An input with its label and its error."""
    return rx.box(
        labelled(
            label, rx.input(id=f"register-{name}", name=name, size="3", width="100%", **props)
        ),
        field_error(RegisterState.errors.get(name, ""), f"register-{name}-error"),
        width="100%",
    )


def strength_meter() -> rx.Component:
    """How hard the password is to guess (zxcvbn)."""
    return rx.cond(
        RegisterState.strength >= 0,
        rx.hstack(
            rx.progress(
                value=(RegisterState.strength + 1) * 20,
                width="160px",
                color_scheme=rx.cond(RegisterState.strength >= 3, "green", "orange"),
            ),
            rx.text(
                "Надёжность: ",
                rx.match(RegisterState.strength, *enumerate(STRENGTH_LABELS), ""),
                size="2",
            ),
            align="center",
            id="password-strength",
        ),
    )


def registration_form() -> rx.Component:
    """Step 1: personal data, contacts, password, consent."""
    return rx.form(
        rx.vstack(
            rx.grid(
                text_field("last_name", "Фамилия", auto_complete="family-name"),
                text_field("first_name", "Имя", auto_complete="given-name"),
                text_field("patronymic", "Отчество (если есть)", auto_complete="additional-name"),
                text_field(
                    "birth_date", "Дата рождения", placeholder="ДД.ММ.ГГГГ", auto_complete="bday"
                ),
                columns=rx.breakpoints(initial="1", sm="2"),
                spacing="3",
                width="100%",
            ),
            rx.box(
                rx.text("Пол", size="2", weight="medium"),
                rx.radio_group.root(
                    rx.hstack(
                        rx.radio_group.item(value="F", id="register-sex-f", aria_label="Женский"),
                        rx.text("Женский"),
                        rx.radio_group.item(value="M", id="register-sex-m", aria_label="Мужской"),
                        rx.text("Мужской"),
                        align="center",
                        spacing="2",
                        min_height=TOUCH_TARGET,
                    ),
                    name="sex",
                ),
                field_error(RegisterState.errors.get("sex", ""), "register-sex-error"),
            ),
            rx.grid(
                text_field(
                    "phone",
                    "Мобильный телефон",
                    placeholder="+7 900 000-00-00",
                    type="tel",
                    auto_complete="tel",
                ),
                text_field("email", "Электронная почта", type="email", auto_complete="email"),
                text_field(
                    "password",
                    "Пароль",
                    type="password",
                    auto_complete="new-password",
                    on_change=RegisterState.rate_password.debounce(300),
                ),
                text_field(
                    "password_confirm",
                    "Пароль ещё раз",
                    type="password",
                    auto_complete="new-password",
                ),
                columns=rx.breakpoints(initial="1", sm="2"),
                spacing="3",
                width="100%",
            ),
            strength_meter(),
            rx.text(
                "Пароль: от 8 символов, строчные и заглавные буквы и цифра; можно кириллицу.",
                size="1",
                color="var(--gray-11)",
            ),
            rx.el.label(
                rx.hstack(
                    rx.checkbox(name="consent", id="register-consent", aria_label=CONSENT),
                    rx.text(
                        CONSENT,
                        size="2",
                    ),
                    align="center",
                    min_height=TOUCH_TARGET,
                ),
            ),
            field_error(RegisterState.errors.get("consent", ""), "register-consent-error"),
            rx.button(
                "Зарегистрироваться",
                id="register-submit",
                type="submit",
                size="3",
                min_height=TOUCH_TARGET,
            ),
            spacing="3",
            width="100%",
        ),
        on_submit=RegisterState.submit_form,
        no_validate=True,  # the server's Russian messages beside each field, not the browser's
    )


def code_box(title: str, which: str, done: rx.Var, handler) -> rx.Component:
    """One contact-confirmation code form."""
    return rx.card(
        rx.heading(title, as_="h3", size="3"),
        rx.cond(
            done,
            rx.text("Подтверждено ✓", color="var(--green-11)", id=f"{which}-confirmed"),
            rx.form(
                rx.hstack(
                    rx.input(
                        id=f"{which}-code",
                        name="code",
                        placeholder="6 цифр",
                        input_mode="numeric",
                        auto_complete="one-time-code",
                        size="3",
                    ),
                    rx.button("Подтвердить", id=f"{which}-code-submit", type="submit", size="3"),
                    rx.button(
                        "Отправить снова",
                        id=f"{which}-code-resend",
                        type="button",
                        variant="ghost",
                        on_click=RegisterState.resend(which),
                    ),
                    wrap="wrap",
                ),
                field_error(RegisterState.errors.get(f"{which}_code", ""), f"{which}-code-error"),
                on_submit=handler,
                reset_on_submit=True,
            ),
        ),
    )


def contacts_step() -> rx.Component:
    """Step 2: the codes sent by SMS and e-mail."""
    return rx.vstack(
        rx.text(
            "Мы отправили коды подтверждения на телефон и электронную почту. "
            "Коды действуют 10 минут."
        ),
        code_box("Телефон", "phone", RegisterState.phone_confirmed, RegisterState.confirm_phone),
        code_box(
            "Электронная почта", "email", RegisterState.email_confirmed, RegisterState.confirm_email
        ),
        spacing="3",
    )


def totp_step() -> rx.Component:
    """Step 3: add the account to an authenticator and confirm with the first code."""
    return rx.vstack(
        rx.text(
            "Отсканируйте QR-код в приложении-аутентификаторе (Яндекс Ключ, Google "
            "Authenticator и др.) или введите ключ вручную."
        ),
        rx.html(RegisterState.totp_qr, id="totp-qr"),
        rx.text("Ключ: ", rx.code(RegisterState.totp_key, id="totp-key")),
        rx.form(
            rx.hstack(
                rx.input(
                    id="totp-code",
                    name="code",
                    placeholder="6 цифр",
                    input_mode="numeric",
                    auto_complete="one-time-code",
                    size="3",
                ),
                rx.button("Подтвердить", id="totp-submit", type="submit", size="3"),
            ),
            field_error(RegisterState.errors.get("totp_code", ""), "totp-error"),
            on_submit=RegisterState.confirm_totp,
            reset_on_submit=True,
        ),
        spacing="3",
    )


def codes_step() -> rx.Component:
    """Step 4: the recovery codes, shown once."""
    return rx.vstack(
        rx.callout(
            "Сохраните резервные коды: каждый действует один раз и заменяет код из "
            "приложения, если телефон потерян. Больше они показаны не будут.",
            icon="key-round",
        ),
        rx.grid(
            rx.foreach(RegisterState.recovery_codes, lambda c: rx.code(c, size="4")),
            columns="2",
            spacing="2",
            id="recovery-codes",
        ),
        rx.button(
            "Перейти в кабинет",
            id="register-finish",
            size="3",
            on_click=RegisterState.finish,
            min_height=TOUCH_TARGET,
        ),
        spacing="4",
    )


def register_page() -> rx.Component:
    """The registration page."""
    return page(
        rx.card(
            rx.match(
                RegisterState.step,
                ("contacts", contacts_step()),
                ("totp", totp_step()),
                ("codes", codes_step()),
                registration_form(),
            ),
            size="3",
            max_width="760px",
        ),
        heading="Регистрация",
    )
