"""Step 2 of `/register`: the codes sent by SMS and e-mail."""

import reflex as rx

from gosapp.components.forms import field_error
from gosapp.pages.account.register.state import RegisterState


def code_box(title: str, which: str, sent_to: rx.Var[str], done: rx.Var, handler) -> rx.Component:
    """One contact-confirmation code form, naming (masked) where its code went."""
    return rx.card(
        rx.heading(title, as_="h3", size="3"),
        rx.text(
            "Код отправлен на ",
            rx.text.strong(sent_to, id=f"{which}-sent-to", white_space="nowrap"),
            size="2",
            color="var(--gray-11)",
            margin_bottom="var(--space-2)",
        ),
        rx.cond(
            done,
            rx.text("Подтверждено ✓", color="var(--green-11)", id=f"{which}-confirmed"),
            rx.form(
                rx.hstack(
                    rx.input(
                        id=f"{which}-code",
                        name="code",
                        placeholder="6 цифр",
                        input_mode="numeric",
                        auto_complete="one-time-code",
                        size="3",
                    ),
                    rx.button("Подтвердить", id=f"{which}-code-submit", type="submit", size="3"),
                    rx.button(
                        "Отправить снова",
                        id=f"{which}-code-resend",
                        type="button",
                        variant="ghost",
                        on_click=RegisterState.resend(which),
                    ),
                    wrap="wrap",
                ),
                field_error(RegisterState.errors.get(f"{which}_code", ""), f"{which}-code-error"),
                on_submit=handler,
                reset_on_submit=True,
            ),
        ),
    )


def contacts_step() -> rx.Component:
    """Step 2: the codes sent by SMS and e-mail."""
    return rx.vstack(
        rx.text(
            "Мы отправили коды подтверждения по SMS и на электронную почту. "
            "Коды действуют 10 минут."
        ),
        code_box(
            "Телефон",
            "phone",
            RegisterState.sent_phone,
            RegisterState.phone_confirmed,
            RegisterState.confirm_phone,
        ),
        code_box(
            "Электронная почта",
            "email",
            RegisterState.sent_email,
            RegisterState.email_confirmed,
            RegisterState.confirm_email,
        ),
        spacing="3",
        width="100%",
    )
