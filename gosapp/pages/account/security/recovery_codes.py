"""Recovery codes, inside the authenticator card: how many are left, a fresh set shown once,
and «Новые резервные коды» behind the password."""

import reflex as rx

from gosapp.components.layout import TOUCH_TARGET
from gosapp.components.recovery_codes import codes_actions, codes_list
from gosapp.pages.account.security.parts import password_prompt
from gosapp.pages.account.security.state import SecurityState


def codes_left() -> rx.Component:
    """«Резервных кодов осталось: N»."""
    return rx.text(
        "Резервных кодов осталось: ",
        rx.text.strong(SecurityState.codes_left, id="security-codes-left"),
        size="2",
    )


def new_codes_box() -> rx.Component:
    """Freshly made recovery codes, shown once."""
    return rx.cond(
        SecurityState.new_codes.length() > 0,
        rx.vstack(
            rx.callout(
                SecurityState.codes_note
                + " Сохраните их: каждый действует один раз, больше они показаны не будут.",
                icon="key-round",
            ),
            codes_list(SecurityState.new_codes, "security-recovery-codes"),
            codes_actions("security-recovery-codes", "security"),
            rx.button(
                "Я сохранил коды",
                id="security-codes-saved",
                size="3",
                variant="soft",
                on_click=SecurityState.hide_codes,
                min_height=TOUCH_TARGET,
            ),
            spacing="3",
        ),
    )


def regenerate_section() -> rx.Component:
    """«Новые резервные коды»: the password again, then a new set."""
    return rx.fragment(
        rx.heading("Новые резервные коды", as_="h3", size="3", margin_top="var(--space-4)"),
        rx.text("Прежние коды перестанут действовать.", size="2", color="var(--gray-11)"),
        password_prompt("codes", "Создать коды", SecurityState.regenerate_codes, "codes_password"),
    )
