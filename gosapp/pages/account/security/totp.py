"""The «Приложение-аутентификатор» card: replace the authenticator (password, QR code, first
code) and, with recovery_codes.py, the recovery codes."""

import reflex as rx

from gosapp.components.forms import field_error
from gosapp.pages.account.security.parts import password_prompt
from gosapp.pages.account.security.recovery_codes import (
    codes_left,
    new_codes_box,
    regenerate_section,
)
from gosapp.pages.account.security.state import SecurityState


def scan_form() -> rx.Component:
    """The first code from the new authenticator, or «Отмена»."""
    return rx.form(
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
        scan_form(),
        spacing="3",
    )


def totp_card() -> rx.Component:
    """«Вход с кодом»: replace the authenticator, make new recovery codes."""
    return rx.card(
        rx.heading("Приложение-аутентификатор", as_="h2", size="5"),
        codes_left(),
        new_codes_box(),
        rx.heading("Заменить приложение", as_="h3", size="3", margin_top="var(--space-4)"),
        rx.cond(
            SecurityState.totp_stage == "scan",
            scan_step(),
            password_prompt(
                "reenrol", "Продолжить", SecurityState.start_reenrolment, "reenrol_password"
            ),
        ),
        regenerate_section(),
        size="3",
    )
