"""Step 3 of `/register`: add the account to an authenticator, confirm with its first code."""

import reflex as rx

from gosapp.components.forms import field_error
from gosapp.pages.account.register.state import RegisterState


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
