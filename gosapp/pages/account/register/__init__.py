"""`/register`: the form, phone and e-mail codes, TOTP enrolment, recovery codes, then in.

One module per step; ``state.py`` holds ``RegisterState``.
"""

import reflex as rx

from gosapp.components.layout import page
from gosapp.pages.account.register.codes import codes_step
from gosapp.pages.account.register.contacts import contacts_step
from gosapp.pages.account.register.form import registration_form
from gosapp.pages.account.register.state import RegisterState
from gosapp.pages.account.register.totp import totp_step

__all__ = ["RegisterState", "register_page"]


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
