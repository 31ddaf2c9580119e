"""The 404 page."""

import reflex as rx

from gosapp import routes
from gosapp.components.layout import page


def not_found_page() -> rx.Component:
    """Shown for any unknown address."""
    return page(
        rx.text("Такой страницы нет. Возможно, ссылка устарела или в адресе опечатка.", size="4"),
        rx.link(rx.button("На главную", size="3"), href=routes.HOME, margin_top="var(--space-4)"),
        heading="Страница не найдена",
    )
