"""Step 1 of `/register`: personal data, contacts, password and consent in one form.

The text fields are declared as data (name, label, input props) and looped; every input keeps
the ``register-<name>`` id and every error the ``register-<name>-error`` id the tests use.
"""

import reflex as rx

from gosapp.components.forms import date_field, field_error, labelled
from gosapp.components.layout import TOUCH_TARGET
from gosapp.pages.account.register.state import RegisterState

STRENGTH_LABELS = ["очень слабый", "слабый", "средний", "хороший", "надёжный"]
CONSENT = "Даю согласие на обработку персональных данных, включая сведения о здоровье (152-ФЗ)"
PASSWORD_HINT = "Пароль: от 8 символов, строчные и заглавные буквы и цифра; можно кириллицу."
NAME_FIELDS = (
    ("last_name", "Фамилия", {"auto_complete": "family-name"}),
    ("first_name", "Имя", {"auto_complete": "given-name"}),
    ("patronymic", "Отчество (если есть)", {"auto_complete": "additional-name"}),
)
CONTACT_FIELDS = (
    (
        "phone",
        "Мобильный телефон",
        {"placeholder": "+7 900 000-00-00", "type": "tel", "auto_complete": "tel"},
    ),
    ("email", "Электронная почта", {"type": "email", "auto_complete": "email"}),
)
PASSWORD_FIELDS = (("password", "Пароль"), ("password_confirm", "Пароль ещё раз"))
SEXES = (("F", "Женский"), ("M", "Мужской"))


def text_field(name: str, label: str, **props) -> rx.Component:
    """An input with its label and its error."""
    return rx.box(
        labelled(
            label, rx.input(id=f"register-{name}", name=name, size="3", width="100%", **props)
        ),
        field_error(RegisterState.errors.get(name, ""), f"register-{name}-error"),
        width="100%",
    )


def field_grid(*fields: rx.Component) -> rx.Component:
    """Two columns of fields (one on a narrow screen)."""
    return rx.grid(
        *fields,
        columns=rx.breakpoints(initial="1", sm="2"),
        spacing="3",
        width="100%",
    )


def password_field(name: str, label: str) -> rx.Component:
    """A new-password input; the first one rates the password as it is typed."""
    rate = {"on_change": RegisterState.rate_password.debounce(300)} if name == "password" else {}
    return text_field(name, label, type="password", auto_complete="new-password", **rate)


def sex_field() -> rx.Component:
    """The two radio buttons for «Пол» and their error."""
    items = []
    for value, label in SEXES:
        item_id = f"register-sex-{value.lower()}"
        items += [rx.radio_group.item(value=value, id=item_id, aria_label=label), rx.text(label)]
    return rx.box(
        rx.text("Пол", size="2", weight="medium"),
        rx.radio_group.root(
            rx.hstack(*items, align="center", spacing="2", min_height=TOUCH_TARGET),
            name="sex",
        ),
        field_error(RegisterState.errors.get("sex", ""), "register-sex-error"),
    )


def strength_meter() -> rx.Component:
    """How hard the password is to guess (zxcvbn)."""
    return rx.cond(
        RegisterState.strength >= 0,
        rx.hstack(
            rx.progress(
                value=((RegisterState.strength + 1) * 20).to(int),
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


def consent_field() -> tuple[rx.Component, rx.Component]:
    """The consent checkbox with its text, and its error (two rows of the form)."""
    checkbox = rx.checkbox(name="consent", id="register-consent", aria_label=CONSENT)
    return (
        rx.el.label(
            rx.hstack(
                checkbox, rx.text(CONSENT, size="2"), align="center", min_height=TOUCH_TARGET
            ),
        ),
        field_error(RegisterState.errors.get("consent", ""), "register-consent-error"),
    )


def registration_form() -> rx.Component:
    """Step 1: personal data, contacts, password, consent."""
    return rx.form(
        rx.vstack(
            field_grid(
                *(text_field(name, label, **props) for name, label, props in NAME_FIELDS),
                date_field(
                    "Дата рождения",
                    "birth_date",
                    "register-birth_date",
                    RegisterState.errors.get("birth_date", ""),
                    auto_complete="bday",
                ),
            ),
            sex_field(),
            field_grid(
                *(text_field(name, label, **props) for name, label, props in CONTACT_FIELDS),
                *(password_field(name, label) for name, label in PASSWORD_FIELDS),
            ),
            strength_meter(),
            rx.text(PASSWORD_HINT, size="1", color="var(--gray-11)"),
            *consent_field(),
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
