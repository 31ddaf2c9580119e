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

# Each step's name, by ``RegisterState.step``, in order.
STEPS = (
    ("form", "Анкета"),
    ("contacts", "Подтверждение телефона и почты"),
    ("totp", "Приложение-аутентификатор"),
    ("codes", "Резервные коды"),
)


def step_label(number: int, title: str) -> rx.Component:
    """«Шаг N из 4» above the step's name and a bar of the way done."""
    return rx.box(
        rx.text(f"Шаг {number} из {len(STEPS)}", size="2", color="var(--gray-11)"),
        rx.heading(title, as_="h2", size="5"),
        rx.progress(value=number * 100 // len(STEPS), size="1", aria_hidden="true"),
        id="register-step",
        class_name="no-print",
    )


def step_header() -> rx.Component:
    """Where the registration stands, announced politely as the step changes."""
    return rx.box(
        rx.match(
            RegisterState.step,
            *((step, step_label(n, title)) for n, (step, title) in enumerate(STEPS, 1) if n > 1),
            step_label(1, STEPS[0][1]),
        ),
        aria_live="polite",
        margin_bottom="var(--space-4)",
    )


def register_page() -> rx.Component:
    """The registration page."""
    return page(
        rx.card(
            step_header(),
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
