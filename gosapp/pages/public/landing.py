"""`/`: what the portal is and what each cabinet offers — for a visitor without a session; a
signed-in user gets their dashboard here (``pages/account/dashboard.py``)."""

from __future__ import annotations

from typing import cast

import reflex as rx

from gosapp import routes
from gosapp.components.layout import PRODUCT_NAME, PRODUCT_TAGLINE, TOUCH_TARGET, page
from gosapp.pages.account.dashboard import HomeState, dashboard_view
from gosapp.routes import CABINETS, CabinetInfo

STEPS = [
    (
        "user-plus",
        "Регистрация",
        "Укажите ФИО, дату рождения, телефон и e-mail, подтвердите их кодами.",
    ),
    (
        "smartphone",
        "Второй фактор",
        "Подключите приложение-аутентификатор: вход защищён кодом TOTP.",
    ),
    ("id-card", "Документы", "Добавьте СНИЛС и паспорт — откроются запись к врачу и анализы."),
]
INTRO = (
    "Одна учётная запись с обязательным вторым фактором и три кабинета: пациента, "
    "медицинского работника и получателя мер социальной поддержки. Записывайтесь "
    "к врачу, смотрите результаты анализов, заказывайте справки и следите за "
    "каждым обращением в одной ленте."
)
SECURITY_NOTE = (
    "Данные защищены: пароли хранятся в виде стойких хэшей (Argon2id), вход всегда "
    "подтверждается одноразовым кодом, каждое обращение к медицинским данным "
    "записывается в журнал, который вы можете просмотреть."
)


def cabinet_card(info: CabinetInfo) -> rx.Component:
    """A card that names a cabinet, lists its services and links to it."""
    return rx.card(
        rx.vstack(
            rx.hstack(
                rx.icon(info.icon, size=24, color="var(--accent-9)"),
                rx.heading(info.title, as_="h3", size="4"),
                align="center",
            ),
            rx.text(info.summary, color="var(--gray-11)"),
            rx.link(
                "Подробнее",
                href=info.route,
                min_height=TOUCH_TARGET,
                display="inline-flex",
                align_items="center",
            ),
            spacing="2",
            align="start",
        ),
        size="3",
    )


def step(icon: str, title: str, text: str) -> rx.Component:
    """One step of getting started."""
    return rx.hstack(
        rx.icon(icon, size=28, color="var(--accent-9)", flex_shrink="0"),
        rx.vstack(
            rx.text(title, weight="bold"), rx.text(text, color="var(--gray-11)"), spacing="1"
        ),
        align="start",
        spacing="3",
    )


def intro() -> rx.Component:
    """The portal's name, tagline and what it offers."""
    return rx.vstack(
        rx.heading(PRODUCT_NAME, as_="h1", size="8", id="landing-title"),
        rx.text(PRODUCT_TAGLINE, size="5", color="var(--gray-11)"),
        rx.text(INTRO, size="3", max_width="720px"),
        rx.flex(
            rx.link(rx.button("Войти", size="3", id="landing-login"), href=routes.LOGIN),
            rx.link(
                rx.button("Зарегистрироваться", size="3", variant="outline", id="landing-register"),
                href=routes.REGISTER,
            ),
            gap="var(--space-3)",
            wrap="wrap",
        ),
        spacing="3",
        padding_y="var(--space-5)",
    )


def cabinets() -> tuple[rx.Component, rx.Component]:
    """«Кабинеты»: the heading and a card per cabinet."""
    return (
        rx.heading("Кабинеты", as_="h2", size="6", margin_y="var(--space-3)"),
        rx.grid(
            *(cabinet_card(c) for c in CABINETS),
            columns=rx.breakpoints(initial="1", sm="2", lg="4"),
            spacing="4",
        ),
    )


def getting_started() -> tuple[rx.Component, rx.Component]:
    """«Как начать»: the heading and the three steps."""
    return (
        rx.heading(
            "Как начать",
            as_="h2",
            size="6",
            margin_top="var(--space-6)",
            margin_bottom="var(--space-3)",
        ),
        rx.grid(
            *(step(*s) for s in STEPS), columns=rx.breakpoints(initial="1", md="3"), spacing="5"
        ),
    )


def landing() -> rx.Component:
    """The public landing page's content."""
    return rx.fragment(
        intro(),
        *cabinets(),
        *getting_started(),
        rx.callout(SECURITY_NOTE, icon="lock", margin_top="var(--space-6)"),
    )


def loading() -> rx.Component:
    """Until the server said who is here: neither the landing nor a dashboard (no false state)."""
    return rx.flex(
        rx.skeleton(height="40px", width="60%"),
        rx.skeleton(height="160px", width="100%"),
        direction="column",
        gap="var(--space-4)",
        aria_busy="true",
        id="home-loading",
    )


def landing_page() -> rx.Component:
    """`/`: the landing for a visitor, the dashboard for a signed-in citizen."""
    view = rx.match(
        HomeState.view,
        ("landing", landing()),
        ("dashboard", dashboard_view()),
        loading(),
    )
    return page(cast(rx.Component, view))  # rx.match of components is a component
