"""Step 4 of `/register`: the recovery codes, shown once; copy, download or print them, tick
«Я сохранил коды», then into the cabinet. The codes leave the state when the step is left."""

import reflex as rx

from gosapp.components.forms import field_error
from gosapp.components.layout import TOUCH_TARGET
from gosapp.components.recovery_codes import codes_actions, codes_list
from gosapp.pages.account.register.state import RegisterState

LIST_ID = "recovery-codes"


def saved_checkbox() -> rx.Component:
    """«Я сохранил коды»: the way into the cabinet opens once it is ticked."""
    return rx.box(
        rx.el.label(
            rx.hstack(
                rx.checkbox(
                    id="register-codes-saved",
                    checked=RegisterState.codes_saved,
                    on_change=RegisterState.confirm_saved,
                    size="3",
                ),
                rx.text("Я сохранил коды", size="3"),
                align="center",
                min_height=TOUCH_TARGET,
            ),
        ),
        field_error(RegisterState.errors.get("codes_saved", ""), "register-codes-saved-error"),
        class_name="no-print",
    )


def codes_step() -> rx.Component:
    """Step 4: the recovery codes, shown once."""
    return rx.vstack(
        rx.callout(
            "Сохраните резервные коды: каждый действует один раз и заменяет код из "
            "приложения, если телефон потерян. Больше они показаны не будут.",
            icon="key-round",
        ),
        codes_list(RegisterState.recovery_codes, LIST_ID),
        codes_actions(LIST_ID, "register"),
        saved_checkbox(),
        rx.button(
            "Перейти в кабинет",
            id="register-finish",
            size="3",
            on_click=RegisterState.finish,
            disabled=~RegisterState.codes_saved,
            min_height=TOUCH_TARGET,
            class_name="no-print",
        ),
        spacing="4",
    )
