"""Pieces shared by the security cards: the password re-entry form."""

import reflex as rx

from gosapp.components.forms import field_error, labelled
from gosapp.components.layout import TOUCH_TARGET
from gosapp.pages.account.security.state import SecurityState


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
