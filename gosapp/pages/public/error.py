"""`/error/[incident]`: an unexpected failure, with the incident id support can look up."""

import reflex as rx

from gosapp import routes
from gosapp.components.layout import page


def error_page() -> rx.Component:
    """Shown after an unexpected server error; the details are only in the server log."""
    return page(
        rx.text(
            "Во время обработки запроса произошла непредвиденная ошибка. "
            "Введённые данные не были изменены. Попробуйте повторить действие позже.",
            size="4",
        ),
        rx.callout.root(
            rx.callout.icon(rx.icon("triangle-alert")),
            rx.callout.text(
                "Номер инцидента: ",
                # Reflex adds the dynamic route's `[incident]` var to rx.State at runtime
                rx.code(rx.State.incident, id="incident-id"),  # pyright: ignore[reportAttributeAccessIssue]
                ". Сообщите его в службу поддержки — по нему найдут подробности.",
            ),
            color_scheme="red",
            margin_top="var(--space-4)",
        ),
        rx.link(rx.button("На главную", size="3"), href=routes.HOME, margin_top="var(--space-4)"),
        heading="Что-то пошло не так",
    )
