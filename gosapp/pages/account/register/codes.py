"""Step 4 of `/register`: the recovery codes, shown once, then into the cabinet."""

import reflex as rx

from gosapp.components.layout import TOUCH_TARGET
from gosapp.pages.account.register.state import RegisterState


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
