"""The «Смена пароля» card: current, new and repeated new password."""

import reflex as rx

from gosapp.components.forms import field_error, labelled
from gosapp.components.layout import TOUCH_TARGET
from gosapp.pages.account.security.state import PASSWORD_INPUTS, SecurityState

PASSWORD_FIELDS = (  # form name, label, autocomplete, key of its error from the service
    ("current", "Текущий пароль", "current-password", "current_password"),
    ("new", "Новый пароль", "new-password", "password"),
    ("confirm", "Новый пароль ещё раз", "new-password", "password_confirm"),
)


def password_input(name: str, label: str, autocomplete: str, error_key: str) -> rx.Component:
    """A password field with its label and the error under it."""
    element_id = PASSWORD_INPUTS[name]
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
        field_error(SecurityState.password_errors.get(error_key, ""), f"{element_id}-error"),
        width="100%",
    )


def password_form() -> rx.Component:
    """The three fields, the rules, the confirmation once done, and the submit button."""
    return rx.form(
        rx.vstack(
            *(password_input(*spec) for spec in PASSWORD_FIELDS),
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
    )


def password_card() -> rx.Component:
    """«Пароль»: current, new and repeated new password."""
    return rx.card(
        rx.heading("Смена пароля", as_="h2", size="5"),
        rx.text(
            "После смены пароля все остальные сеансы будут завершены.",
            size="2",
            color="var(--gray-11)",
        ),
        password_form(),
        size="3",
    )
